import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { LenderReport } from './index.ts'
import { openReportFixture, SSN, type ReportFixture } from './report.fixture.ts'
import { reportRequests } from './report.requests.fixture.ts'

// A lender's report under US-FCRA (7 years from the Date of First Delinquency) leaves out an obsolete
// charge-off: its tradeline, and the attributes computed from it. The consumer's file keeps it (obsolete.ts).
describe('POST /v1/reports: obsolete negative information', () => {
  let f: ReportFixture
  before(async () => {
    f = await openReportFixture()
  })
  after(() => f.dispose())

  const { ask, alice } = reportRequests(() => f)
  // Alice's auto loan, charged off (97) with the DOFD given, in its account and in every monthly snapshot.
  const chargeOff = async (dofd: string) => {
    const k = f.db.kysely
    const auto = sql`consumer_key = ${f.consumers.alice} and account_number like '%AUTO-1'`
    await sql`update tradelines set account_status = '97', date_first_delinquency = ${dofd} where ${auto}`.execute(
      k,
    )
    await sql`update tradeline_snapshots set account_status = '97', date_first_delinquency = ${dofd}
      where tradeline_id in (select tradeline_id from tradelines where ${auto})`.execute(k)
  }
  const report = async (): Promise<LenderReport> => {
    const res = await ask('bankA', { ...alice, purpose: 'credit_application' })
    assert.equal(res.statusCode, 200, res.body)
    return res.json<LenderReport>()
  }
  const autoIn = (r: LenderReport) => (r.tradelines ?? []).some((t) => t.accountNumber.endsWith('TO-1'))

  it('reports a charge-off whose DOFD is six years before the report', async () => {
    await chargeOff('2018-07-01')
    const r = await report()
    assert.equal(autoIn(r), true)
    assert.equal(r.summary.attributes['charge_offs'], 1)
  })

  it('leaves out one whose DOFD is eight years before, while the consumer file still shows it', async () => {
    await chargeOff('2016-07-01')
    const r = await report()
    assert.equal(autoIn(r), false)
    assert.equal(r.tradelines?.length, 2)
    assert.equal(r.summary.attributes['charge_offs'], 0)
    // What GET /v1/me/file and `openbureau file` read.
    const file = await f.reports.files.byNationalId('us-ssn', SSN.alice)
    const auto = file.tradelines.find((t) => t.accountNumber.endsWith('TO-1'))
    assert.equal(auto?.status.code, '97')
    assert.equal(auto.dates.firstDelinquency, '2016-07-01')
  })
})
