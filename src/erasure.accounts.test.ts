// Crypto-shredding a consumer (DESIGN.md principle 4) also erases their accounts: their tradelines and monthly
// history go, and they leave every account's lookup row, in the shred's transaction. Found by probing: the lookup
// row kept the shredded key, so the furnisher's next file listed it beside the new consumer (a second ECOA 1
// holder), and the erased history shared the account's tradeline id with a readable name.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { sampleBase, sampleHeader, writeMetro2, type DataRecord } from './metro2/index.ts'
import { testApp } from './app.fixture.ts'
import { createModules, type Modules } from './modules.ts'
import { openTestDb, type TestDb } from './platform/testing.ts'

const PRIMARY = '123-45-6781'
const JOINT = '123-45-6780'
const SINGLE = '234-56-7890'

/** An account of two consumers, PRIMARY (ECOA 1) and JOINT (a J1, ECOA 2), as of `asOf`. */
const jointRecord = (account: string, asOf: string): DataRecord => ({
  base: sampleBase({ consumerAccountNumber: account, socialSecurityNumber: 123456781, ...month(asOf) }),
  j1: [
    {
      segmentIdentifier: 'J1',
      surname: 'DOE',
      firstName: 'JOHN',
      middleName: '',
      generationCode: 'J',
      socialSecurityNumber: 123456780,
      dateBirth: '1979-02-01',
      telephoneNumber: 0,
      ecoaCode: '2',
      consumerInformationIndicator: '',
    },
  ],
  j2: [],
})

/** An account of SINGLE alone, as of `asOf`. */
const singleRecord = (account: string, asOf: string): DataRecord => ({
  base: sampleBase({
    consumerAccountNumber: account,
    socialSecurityNumber: 234567890,
    surname: 'ROE',
    firstName: 'RICHARD',
    dateBirth: '1970-01-01',
    ...month(asOf),
  }),
  j1: [],
  j2: [],
})

/** March 2024 with a clean history, or April with it shifted by one month. */
const month = (asOf: string) => {
  const history = (asOf === '2024-04-30' ? '0' : '') + sampleBase().paymentHistoryProfile
  return { dateAccountInformation: asOf, paymentHistoryProfile: history.slice(0, 24) }
}

async function* metro2File(records: DataRecord[], activityDate: string): AsyncGenerator<Uint8Array> {
  yield writeMetro2(
    { header: sampleHeader(activityDate), data: records },
    { format: 'fixed', lineBreaks: true },
  )
}

describe('erasure of a consumer with accounts on file', () => {
  let db: TestDb
  let mods: Modules
  const ingest = async (records: DataRecord[], activityDate: string) => {
    const r = await mods.furnishing.ingest.ingest({ source: metro2File(records, activityDate) })
    if (r.status !== 'applied' || r.counts.rejected > 0)
      throw new Error(`file not applied: ${JSON.stringify(r)}`)
  }
  const keyOf = async (ssn: string) => {
    const key = await mods.identity.findConsumerByNationalId('us-ssn', ssn)
    assert.ok(key !== undefined, ssn)
    return key
  }
  const count = async (table: 'tradelines' | 'tradeline_snapshots', consumerKey: string) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}
        where consumer_key = ${consumerKey}::uuid`.execute(db.kysely)
    ).rows[0]!.n
  /** Each lookup row's consumers, by account number. */
  const index = async () =>
    new Map(
      (
        await sql<{ account_number: string; consumers: { consumerKey: string; ecoa: string }[] }>`
          select account_number, consumers from account_index`.execute(db.kysely)
      ).rows.map((r) => [r.account_number, r.consumers]),
    )

  before(async () => {
    db = await openTestDb()
    const app = testApp(db, { OPENBUREAU_JURISDICTION: 'HU-KHR' })
    mods = createModules(app)
    await mods.members.add({
      id: 'first-bank',
      name: 'First Bank',
      kind: 'bank',
      roles: ['furnisher'],
      metro2Ids: ['FURNISHER01'],
    })
  })
  after(async () => {
    await mods.close()
    await db.dispose()
  })

  it('takes the shredded key off every account and deletes its history, so the next file links it to no one', async () => {
    await ingest([jointRecord('S-1', '2024-03-31'), singleRecord('S-2', '2024-03-31')], '2024-03-31')
    const primary = await keyOf(PRIMARY)
    const joint = await keyOf(JOINT)
    const single = await keyOf(SINGLE)
    assert.equal(await count('tradelines', primary), 1)

    assert.equal((await mods.identity.shredConsumer(primary)).status, 'shredded')
    assert.equal((await mods.identity.shredConsumer(single)).status, 'shredded')
    for (const key of [primary, single]) {
      assert.equal(await count('tradelines', key), 0, 'tradelines')
      assert.equal(await count('tradeline_snapshots', key), 0, 'snapshots')
    }
    // The joint account keeps its other holder; the single one, left with no one, has no lookup row.
    assert.deepEqual(
      (await index()).get('S-1')?.map((c) => c.consumerKey),
      [joint],
    )
    assert.equal((await index()).has('S-2'), false)
    assert.equal(await count('tradelines', joint), 1)

    await ingest([jointRecord('S-1', '2024-04-30'), singleRecord('S-2', '2024-04-30')], '2024-04-30')
    const newPrimary = await keyOf(PRIMARY)
    const newSingle = await keyOf(SINGLE)
    assert.notEqual(newPrimary, primary)
    assert.notEqual(newSingle, single)
    const after = await index()
    const listed = [...after.values()].flat().map((c) => c.consumerKey)
    for (const key of [primary, single]) {
      assert.ok(!listed.includes(key), 'a lookup row lists the shredded key')
      assert.equal(await count('tradelines', key), 0, 'tradelines after the next file')
      assert.equal(await count('tradeline_snapshots', key), 0, 'snapshots after the next file')
    }
    assert.deepEqual(
      after
        .get('S-1')
        ?.map((c) => c.consumerKey)
        .sort(),
      [newPrimary, joint].sort(),
    )
    assert.deepEqual(
      after
        .get('S-1')
        ?.filter((c) => c.ecoa === '1')
        .map((c) => c.consumerKey),
      [newPrimary],
    )
    assert.deepEqual(
      after.get('S-2')?.map((c) => c.consumerKey),
      [newSingle],
    )

    // The new consumers' files hold their accounts, from the month they came back; the joint holder's keeps both.
    for (const ssn of [PRIMARY, SINGLE]) {
      const file = await mods.reports.files.byNationalId('us-ssn', ssn)
      assert.equal(file.tradelines.length, 1, ssn)
      assert.equal(file.tradelines[0]!.dates.accountInformation, '2024-04-30')
    }
    assert.equal((await mods.reports.files.byNationalId('us-ssn', JOINT)).tradelines.length, 1)
    assert.equal(await count('tradeline_snapshots', joint), 2)
    assert.equal(await count('tradeline_snapshots', newPrimary), 1)
    assert.equal(await count('tradeline_snapshots', newSingle), 1)
  })
})
