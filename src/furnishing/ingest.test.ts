import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { generateSecrets } from '../config.ts'
import { createIdentityModule } from '../identity/index.ts'
import { createMembersModule } from '../members/index.ts'
import { sampleHeader, writeMetro2, type DataRecord } from '../metro2/index.ts'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { createReportsModule } from '../reports/index.ts'
import { createFurnishingModule, type IngestResult } from './index.ts'
import { jointRecord, singleRecord } from './ingest.fixture.ts'
import { validBase } from './validation/fixtures.ts'

const FURNISHER = 'FURNISHER01'

/** Three accounts of two consumers, one of them joint, as furnished for March 2024. */
function march(): DataRecord[] {
  return [
    jointRecord('A-1'),
    {
      base: validBase({
        consumerAccountNumber: 'A-2',
        socialSecurityNumber: 123456781,
        portfolioType: 'R',
        accountType: '18',
        creditLimit: 5000,
        termsDuration: 'REV',
        currentBalance: 1200,
        highestCredit: 2000,
        scheduledMonthlyPaymentAmount: 35,
      }),
      j1: [],
      j2: [],
    },
    singleRecord('A-3'),
  ]
}

/** The same accounts a month later: history shifted by one, A-2 gone 30 days late. */
function april(): DataRecord[] {
  return march().map((r) => {
    const b = {
      ...r.base,
      dateAccountInformation: '2024-04-30',
      paymentHistoryProfile: '0' + r.base.paymentHistoryProfile.slice(0, 23),
    }
    if (b.consumerAccountNumber === 'A-2')
      Object.assign(b, {
        accountStatus: '71',
        amountPastDue: 35,
        dateFirstDelinquency: '2024-04-01',
        currentBalance: 1300,
      })
    return { ...r, base: b }
  })
}

const bytes = (records: DataRecord[], activityDate: string) =>
  writeMetro2({ header: sampleHeader(activityDate), data: records }, { format: 'fixed', lineBreaks: true })

async function* chunks(data: Uint8Array, size = 700): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size)
}

describe('IngestService', () => {
  let db: TestDb
  let furnishing: ReturnType<typeof createFurnishingModule>
  let reports: ReturnType<typeof createReportsModule>
  const count = async (table: string) =>
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db.kysely)).rows[0]!
      .n
  const clock = () => new Date('2024-05-15T12:00:00Z')

  before(async () => {
    db = await openTestDb()
    const secrets = generateSecrets()
    const members = createMembersModule(db)
    await members.add({
      id: 'first-bank',
      name: 'First Bank',
      kind: 'bank',
      roles: ['furnisher', 'user'],
      metro2Ids: [FURNISHER],
    })
    await members.add({
      id: 'lender-only',
      name: 'Lender',
      kind: 'fintech_lender',
      roles: ['user'],
      metro2Ids: ['LENDER01'],
    })
    const identity = createIdentityModule(db, secrets)
    furnishing = createFurnishingModule(db, { identity, members, clock })
    reports = createReportsModule(db.kysely, { identity })
  })
  after(() => db.dispose())

  it('leaves the database as it was when the file breaks off mid-way', async () => {
    const data = bytes(march(), '2024-03-31')
    async function* dying() {
      yield data.subarray(0, 1000)
      throw new Error('connection reset by peer')
    }
    await assert.rejects(furnishing.ingest.ingest({ source: dying() }), /connection reset/)
    for (const t of [
      'batches',
      'batch_issues',
      'tradelines',
      'tradeline_snapshots',
      'account_index',
      'consumers',
      'id_tokens',
      'consumer_pii',
    ]) {
      assert.equal(await count(t), 0, t)
    }
  })

  it('applies nothing of a file cut short, whose last record and trailer are missing, and records it as rejected', async () => {
    const data = bytes(march(), '2024-03-31')
    // Two whole records and the start of the third; the cut lands mid-record, as a broken transfer leaves it.
    const cut = data.subarray(0, 426 * 3 + 3 + 200)
    await assert.rejects(furnishing.ingest.ingest({ source: chunks(cut) }), (e: Error) =>
      /^The file has no Trailer Record; .*: it may have been cut short, so none of it is applied; send it whole \(at byte offset \d+\); nothing from this file was applied \(batch [0-9a-f-]+, rejected\)$/.test(
        e.message,
      ),
    )
    for (const t of ['tradelines', 'tradeline_snapshots', 'account_index', 'consumers', 'id_tokens']) {
      assert.equal(await count(t), 0, t)
    }
    const rejected = await sql<{ status: string }>`select status from batches`.execute(db.kysely)
    assert.deepEqual(rejected.rows, [{ status: 'rejected' }])
    await sql`delete from batch_issues`.execute(db.kysely)
    await sql`delete from batches`.execute(db.kysely)
  })

  it('applies a file, finds the furnisher from its identification number, links the joint consumer with their ECOA role', async () => {
    const r = await furnishing.ingest.ingest({
      source: chunks(bytes(march(), '2024-03-31')),
      fileName: 'march.dat',
    })
    assert.equal(r.status, 'applied')
    const a = r
    assert.equal(a.furnisherId, 'first-bank')
    assert.deepEqual([a.counts.records, a.counts.accepted, a.counts.rejected, a.counts.errors], [3, 3, 0, 0])
    assert.equal(a.counts.consumersCreated, 3)
    assert.equal(a.trailer.mismatches.length, 0)
    assert.equal(await count('tradelines'), 4, 'three accounts, one with two consumers')
    const roles = await sql<{
      account_number: string
      ecoa_code: string
    }>`select account_number, ecoa_code from tradelines order by account_number, ecoa_code`.execute(db.kysely)
    assert.deepEqual(
      roles.rows.map((x) => `${x.account_number}:${x.ecoa_code}`),
      ['A-1:1', 'A-1:2', 'A-2:1', 'A-3:1'],
    )
    const stored = await furnishing.batches.get(a.batchId)
    assert.equal(stored?.accepted, 3)
  })

  it('recognises the same file sent again and does not apply it twice', async () => {
    const before = await count('tradeline_snapshots')
    const r = await furnishing.ingest.ingest({ source: chunks(bytes(march(), '2024-03-31')) })
    assert.equal(r.status, 'duplicate')
    const applied = (await furnishing.batches.list({ limit: 10 }))[0]
    if (r.status !== 'duplicate' || applied === undefined)
      return assert.fail('a duplicate of the applied batch')
    assert.equal(r.batchId, applied.batchId)
    assert.deepEqual(
      { ...r.earlier, appliedAt: new Date(r.earlier.appliedAt).getTime() > 0 },
      { fileName: 'march.dat', appliedAt: true, records: 3, accepted: 3, rejected: 0 },
    )
    assert.equal(await count('tradeline_snapshots'), before)
    assert.equal(await count('batches'), 1)
  })

  it('keeps history month by month and updates the current state', async () => {
    const r = await furnishing.ingest.ingest({ source: chunks(bytes(april(), '2024-04-30')) })
    assert.equal(r.status, 'applied')
    const a = r
    assert.equal(a.counts.updatedAccounts, 3)
    assert.equal(a.counts.errors, 0, JSON.stringify(a.issues))
    assert.equal(await count('tradeline_snapshots'), 8)
    const file = await reports.files.byNationalId('us-ssn', '123-45-6781')
    assert.equal(file.tradelines.length, 2)
    const card = file.tradelines.find((t) => t.accountNumber === '**2')!
    assert.equal(card.status.code, '71')
    assert.equal(card.dates.accountInformation, '2024-04-30')
    assert.deepEqual(
      card.paymentGrid.slice(0, 3).map((m) => `${m.month}:${m.code}`),
      ['2024-04:1', '2024-03:0', '2024-02:0'],
    )
    assert.equal(file.identity.names[0]?.readable && file.identity.names[0].value.surname, 'DOE')
  })

  it('rejects the bad records of a file with every problem named and applies the good ones', async () => {
    const may = april().map((r) => ({
      ...r,
      base: {
        ...r.base,
        dateAccountInformation: '2024-05-14',
        paymentHistoryProfile: '0' + r.base.paymentHistoryProfile.slice(0, 23),
      },
    }))
    may[0]!.base.accountStatus = '72'
    may[1]!.base.amountPastDue = 99999
    const r = (await furnishing.ingest.ingest({ source: chunks(bytes(may, '2024-05-14')) })) as Extract<
      IngestResult,
      { status: 'applied' }
    >
    assert.equal(r.counts.rejected, 2)
    assert.equal(r.counts.accepted, 1)
    assert.ok(
      r.issues.some((i) => i.rule === 'code.account_status' && i.account === 'A-1'),
      JSON.stringify(r.issues),
    )
    assert.ok(r.issues.some((i) => i.account === 'A-2' && i.severity === 'error'))
    const issues = await furnishing.batches.issues(r.batchId, { limit: 100, afterSeq: 0 })
    assert.equal(issues.length, r.issuesTotal)
  })

  it('refuses a member without the furnisher role and a file it cannot read', async () => {
    const lenders = march().map((r) => ({ ...r, base: { ...r.base, identificationNumber: 'LENDER01' } }))
    const h = sampleHeader('2024-03-31', { transUnionProgramIdentifier: 'LENDER01' })
    // The header's program identifier names the furnisher as well as field 5 does.
    await assert.rejects(
      furnishing.ingest.ingest({
        source: chunks(writeMetro2({ header: h, data: lenders }, { format: 'fixed' })),
      }),
      /does not have the furnisher role/,
    )
    await assert.rejects(
      furnishing.ingest.ingest({
        source: chunks(new TextEncoder().encode('this is not a credit file at all\n')),
        furnisher: 'first-bank',
      }),
      (e: Error & { code?: string }) => e.code === 'unprocessable' && /rejected/.test(e.message),
    )
    const list = await furnishing.batches.list({ furnisherId: 'first-bank', limit: 10 })
    assert.deepEqual(
      list.filter((b) => b.status === 'rejected').map((b) => [b.records, b.errors]),
      [[0, 1]],
    )
  })
})
