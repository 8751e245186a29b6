import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { LenderReport } from './index.ts'
import { openReportFixture, type ReportFixture } from './report.fixture.ts'
import { reportRequests } from './report.requests.fixture.ts'

// What a report discloses beyond its categories: which members report on the consumer (in the identity's
// sources), the mortgage's other account numbers (in the tradeline's K3 segment), and the account numbers behind
// the tradeline ids.
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

  const { ask, alice, underProfile } = reportRequests(() => f)
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
    const loan = r.tradelines?.find((t) => t.accountNumber.endsWith('O-1'))
    assert.deepEqual(loan?.extra, {
      mortgage: { agency: 1, accountNumber: '********1122', mortgageId: '********1234' },
    })
    const text = JSON.stringify(r)
    assert.ok(!text.includes(AGENCY_NUMBER) && !text.includes(MIN.slice(0, 14)))
    const file = await f.reports.files.byConsumerKey(f.consumers.alice)
    const own = file!.tradelines.find((t) => t.accountNumber.endsWith('O-1'))
    assert.deepEqual(own?.extra, loan?.extra, 'the consumer’s file masks them too')
  })

  // The stored id is an unkeyed hash of furnisher and account number (furnishing/ingest.model.ts): beside the
  // furnisher and the masked number it gave the hidden characters back to a lender that tried them.
  it('shows each lender its own id of an account: the same every time, another for another lender, never the stored one', async () => {
    await underProfile('US-FCRA', async () => {
      const ids = async (who: 'bankA' | 'bankB') => {
        const res = await ask(who, { ...alice, purpose: 'credit_application' })
        assert.equal(res.statusCode, 200, res.body)
        const r = res.json<LenderReport>()
        return new Map((r.tradelines ?? []).map((t) => [t.accountNumber, t.tradelineId]))
      }
      const a = await ids('bankA')
      const b = await ids('bankB')
      assert.equal(a.size, 3)
      assert.deepEqual(await ids('bankA'), a, 'stable for one lender')
      const file = await f.reports.files.byConsumerKey(f.consumers.alice)
      const stored = new Set(file!.tradelines.map((t) => t.tradelineId))
      assert.equal(stored.size, 3, 'the consumer’s own file keeps the stored ids')
      for (const [number, id] of a) {
        assert.ok(!stored.has(id), number)
        assert.notEqual(b.get(number), id, number)
        assert.ok(!stored.has(b.get(number)!), number)
      }
    })
  })
})
