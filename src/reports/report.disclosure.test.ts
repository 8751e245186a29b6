import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { LenderReport } from './index.ts'
import { openReportFixture, type ReportFixture } from './report.fixture.ts'
import { reportRequests } from './report.requests.fixture.ts'

// What a report discloses beyond its categories: which members report on the consumer (in the identity's
// sources) and the mortgage's other account numbers (in the tradeline's K3 segment).
describe('POST /v1/reports: nothing released beyond the consent', () => {
  let f: ReportFixture
  const AGENCY_NUMBER = 'FNMA-778899001122'
  const MIN = '100012345678901234'
  before(async () => {
    f = await openReportFixture()
    await f.setProfile('CN-PBOC')
    // Alice's auto loan is given the K3 segment of a mortgage as ingestion keeps it (furnishing/ingest.model.ts).
    const extra = { mortgage: { agency: 1, accountNumber: AGENCY_NUMBER, mortgageId: MIN } }
    await sql`update tradelines set extra = ${JSON.stringify(extra)}::jsonb
      where consumer_key = ${f.consumers.alice} and account_number like '%AUTO-1'`.execute(f.db.kysely)
  })
  after(() => f.dispose())

  const { ask, alice } = reportRequests(() => f)
  const report = async (categories: string[]): Promise<LenderReport> => {
    const consentId = await f.grant({ purpose: 'credit_application', categories })
    const res = await ask('bankA', { ...alice, purpose: 'credit_application', consentId })
    assert.equal(res.statusCode, 200, res.body)
    return res.json<LenderReport>()
  }

  it('names no furnisher in an identity-only report, while the consumer’s own file keeps its sources', async () => {
    const file = await f.reports.files.byConsumerKey(f.consumers.alice)
    const sources = new Set(
      [...file!.identity.names, ...file!.identity.birthDates, ...file!.identity.addresses].map(
        (e) => e.source,
      ),
    )
    assert.deepEqual([...sources], ['bank-a'], 'the consumer sees who reported each entry (FCRA §609(a)(2))')
    const r = await report(['identity'])
    assert.ok(r.identity && r.identity.names.length > 0 && r.identity.addresses.length > 0)
    const text = JSON.stringify(r)
    for (const furnisher of ['bank-a', 'Bank A', 'OBFURN01']) assert.ok(!text.includes(furnisher), furnisher)
    const [name] = r.identity.names
    assert.deepEqual(Object.keys(name!).sort(), ['firstSeen', 'lastSeen', 'readable', 'value'])
  })

  it('masks the mortgage’s agency account number and MERS MIN as the account number is', async () => {
    const r = await report(['accounts'])
    const loan = r.tradelines?.find((t) => t.accountNumber.endsWith('TO-1'))
    assert.deepEqual(loan?.extra, {
      mortgage: { agency: 1, accountNumber: '********1122', mortgageId: '********1234' },
    })
    const text = JSON.stringify(r)
    assert.ok(!text.includes(AGENCY_NUMBER) && !text.includes(MIN.slice(0, 14)))
    const file = await f.reports.files.byConsumerKey(f.consumers.alice)
    const own = file!.tradelines.find((t) => t.accountNumber.endsWith('TO-1'))
    assert.deepEqual(own?.extra, loan?.extra, 'the consumer’s file masks them too')
  })
})
