// A record whose every consumer has ECOA Z (CRRG Exhibit 10: delete the consumer from the account) drops the
// consumers it resolves to, and deletes the account only when no one on file for it is left (found by probing:
// such a record deleted a joint account from its co-borrower's file too, and one naming a stranger deleted the
// account of the consumer on it).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { DataRecord } from '../metro2/index.ts'
import { jointRecord, later, openIngestTestbed, singleRecord, type IngestTestbed } from './ingest.fixture.ts'

/** The record with its base segment's consumer dropped (ECOA Z) and no J1 consumer. */
const baseOnlyZ = (r: DataRecord): DataRecord => ({ ...r, base: { ...r.base, ecoaCode: 'Z' }, j1: [] })
/** The record with every consumer it names dropped. */
const allZ = (r: DataRecord): DataRecord => ({
  ...r,
  base: { ...r.base, ecoaCode: 'Z' },
  j1: r.j1.map((j) => ({ ...j, ecoaCode: 'Z' })),
})
/** Someone on no file. */
const nobody = {
  socialSecurityNumber: 345678901,
  surname: 'NOBODY',
  firstName: 'NEVER',
  dateBirth: '1980-05-05',
}

/** The masked numbers of the accounts on the file of the consumer with this SSN, sorted. */
const accountsOn = async (reports: IngestTestbed['reports'], ssn: string) =>
  (await reports.files.byNationalId('us-ssn', ssn)).tradelines.map((t) => t.accountNumber).sort()

describe('ingesting a record whose every consumer has ECOA Z', () => {
  let db: IngestTestbed['db']
  let reports: IngestTestbed['reports']
  let ingest: IngestTestbed['ingest']
  const accountsOf = (ssn: string) => accountsOn(reports, ssn)
  /** Each account's lookup row: its number and how many consumers it lists. */
  const index = async () =>
    (
      await sql<{ a: string; n: number }>`select account_number as a,
        jsonb_array_length(consumers::jsonb)::int as n from account_index order by 1`.execute(db.kysely)
    ).rows.map((r) => `${r.a}:${r.n}`)
  const months = async (account: string) =>
    (
      await sql<{ d: string }>`select s.as_of::text as d from tradeline_snapshots s
        join tradelines t using (consumer_key, tradeline_id) where t.account_number = ${account}
        order by 1`.execute(db.kysely)
    ).rows.map((r) => r.d)
  const counts = (a: Awaited<ReturnType<typeof ingest>>) => ({
    accepted: a.counts.accepted,
    deleted: a.counts.deletedAccounts,
    dropped: a.counts.droppedConsumers,
  })

  before(async () => {
    ;({ db, reports, ingest } = await openIngestTestbed('2024-06-15T12:00:00Z'))
    const march = await ingest(
      [jointRecord('E-1'), singleRecord('E-2'), jointRecord('E-3'), singleRecord('E-4')],
      '2024-03-31',
    )
    assert.equal(march.counts.accepted, 4, JSON.stringify(march.issues))
  })
  after(() => db.dispose())

  it('drops only the consumers it names, keeps the others on the account, and ignores a stranger', async () => {
    const e2 = later(singleRecord('E-2'), 1, '2024-04-30')
    const april = await ingest(
      [
        // Joint E-1: only its base consumer (123-45-6781) dropped; the J1 one (123-45-6780) is not named.
        baseOnlyZ(later(jointRecord('E-1'), 1, '2024-04-30')),
        // E-2: the Z consumer is no one on file.
        { ...e2, base: { ...e2.base, ...nobody, ecoaCode: 'Z' } },
      ],
      '2024-04-30',
    )
    assert.deepEqual(counts(april), { accepted: 2, deleted: 0, dropped: 1 }, JSON.stringify(april.issues))
    // Masked in the file: **1 is E-1, **2 is E-2 and so on.
    assert.deepEqual(await accountsOf('123-45-6781'), ['**3'], 'the dropped consumer loses E-1')
    assert.deepEqual(await accountsOf('123-45-6780'), ['**1', '**3'], 'the co-borrower keeps E-1')
    assert.deepEqual(await months('E-1'), ['2024-03-31'], "the co-borrower's history of E-1 stays")
    assert.deepEqual(await accountsOf('234-56-7890'), ['**2', '**4'], 'a stranger dropped removes nothing')
    assert.deepEqual(await index(), ['E-1:1', 'E-2:1', 'E-3:2', 'E-4:1'])
    const warned = april.issues.filter((i) => i.rule === 'identity.drop_unmatched')
    assert.deepEqual(
      warned.map((i) => [i.account, i.segment, i.severity]),
      [['E-2', 'base', 'warning']],
      JSON.stringify(april.issues),
    )
    assert.match(warned[0]!.message, /matches no one on file for this account/)
    assert.deepEqual(
      april.issues.filter((i) => i.rule === 'mom.vanished_account').map((i) => i.account),
      ['E-3', 'E-4'],
      'the accounts the all-Z records reported are not missed',
    )
  })

  it('leaves the account its stored month, and a later DA finds the consumer kept on it', async () => {
    const state = await sql<{
      d: string
      b: string
    }>`select a.last_as_of::text as d, b.activity_date::text as b
      from account_index a join batches b on b.batch_id = a.last_batch_id
      where a.account_number = 'E-1'`.execute(db.kysely)
    // Its own month was not checked against the history (nothing of it is stored); the April file reported it.
    assert.deepEqual(state.rows, [{ d: '2024-03-31', b: '2024-04-30' }])
    const e1 = later(jointRecord('E-1'), 2, '2024-05-31')
    const may = await ingest(
      [{ ...e1, base: { ...e1.base, accountStatus: 'DA', paymentRating: '' } }],
      '2024-05-31',
    )
    assert.deepEqual(counts(may), { accepted: 1, deleted: 1, dropped: 0 }, JSON.stringify(may.issues))
    assert.deepEqual(await accountsOf('123-45-6780'), ['**3'])
    assert.deepEqual(await accountsOf('123-45-6781'), ['**3'])
  })
})

describe('ingesting a record that drops everyone on its account', () => {
  let db: IngestTestbed['db']
  let reports: IngestTestbed['reports']
  let ingest: IngestTestbed['ingest']
  const accountsOf = (ssn: string) => accountsOn(reports, ssn)

  before(async () => {
    ;({ db, reports, ingest } = await openIngestTestbed('2024-06-15T12:00:00Z'))
    const march = await ingest([jointRecord('E-1'), singleRecord('E-2')], '2024-03-31')
    assert.equal(march.counts.accepted, 2, JSON.stringify(march.issues))
  })
  after(() => db.dispose())

  it('deletes the account: a joint one that names both, a single one that names its consumer', async () => {
    const april = await ingest(
      [allZ(later(jointRecord('E-1'), 1, '2024-04-30')), allZ(later(singleRecord('E-2'), 1, '2024-04-30'))],
      '2024-04-30',
    )
    assert.deepEqual(
      [april.counts.accepted, april.counts.deletedAccounts, april.counts.droppedConsumers],
      [2, 2, 0],
      JSON.stringify(april.issues),
    )
    assert.deepEqual(
      april.issues.filter((i) => i.rule !== 'mom.vanished_account'),
      [],
    )
    // An account not on file (a mistyped number) drops no one: the furnisher is told so.
    const june = await ingest([allZ(later(jointRecord('E-9'), 1, '2024-05-31'))], '2024-05-31')
    assert.deepEqual(
      june.issues.filter((i) => i.rule === 'identity.drop_unmatched').map((i) => [i.account, i.segment]),
      [
        ['E-9', 'base'],
        ['E-9', 'j1'],
      ],
      JSON.stringify(june.issues),
    )
    assert.deepEqual([june.counts.deletedAccounts, june.counts.droppedConsumers], [0, 0])
    for (const ssn of ['123-45-6781', '123-45-6780', '234-56-7890'])
      assert.deepEqual(await accountsOf(ssn), [])
    const rows = await sql<{ n: number }>`select count(*)::int as n from account_index`.execute(db.kysely)
    assert.equal(rows.rows[0]!.n, 0)
  })
})
