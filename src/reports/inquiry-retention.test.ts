import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  JURISDICTION_CODES,
  jurisdictionProfile,
  LONGEST_INQUIRY_RETENTION_MONTHS,
} from '../consent/index.ts'
import type { ConsumerInquiry, LenderReport } from './index.ts'
import { inquiryCutoff, shownInquiries } from './inquiry-retention.ts'
import { openReportFixture, type ReportFixture } from './report.fixture.ts'
import { reportRequests } from './report.requests.fixture.ts'

describe('inquiryCutoff', () => {
  it('goes back whole calendar months, across a year end', () => {
    assert.equal(inquiryCutoff('2026-07-10', 24), '2024-07-10')
    assert.equal(inquiryCutoff('2026-01-15', 1), '2025-12-15')
    assert.equal(inquiryCutoff('2026-02-01', 12), '2025-02-01')
  })
  it('clamps the day to the last of a shorter month', () => {
    assert.equal(inquiryCutoff('2026-03-31', 1), '2026-02-28')
    assert.equal(inquiryCutoff('2028-02-29', 12), '2027-02-28')
    assert.equal(inquiryCutoff('2026-02-28', 24), '2024-02-28')
  })
  it('keeps an inquiry made on the cutoff day, whatever its time, and drops one of the day before', () => {
    const q = [
      { at: '2024-07-10T23:59:59.000Z' },
      { at: '2024-07-10T00:00:00.000Z' },
      { at: '2024-07-09T23:59:59.999Z' },
    ]
    assert.deepEqual(shownInquiries(q, 24, '2026-07-10'), [q[0], q[1]])
  })
  it('holds every profile to the longest period the report reads', () => {
    for (const code of JURISDICTION_CODES) {
      const months = jurisdictionProfile(code).inquiryRetentionMonths
      assert.ok(months >= 12 && months <= LONGEST_INQUIRY_RETENTION_MONTHS, code)
    }
    assert.equal(jurisdictionProfile('US-FCRA').inquiryRetentionMonths, 24)
    assert.equal(jurisdictionProfile('DE-SCHUFA').inquiryRetentionMonths, 12)
  })
})

// A lender is shown the hard inquiries of the profile's period (US-FCRA: 24 months, as the nationwide bureaus
// do); the consumer keeps seeing every one.
describe('POST /v1/reports: hard inquiries age out of the report', () => {
  let f: ReportFixture
  before(async () => {
    f = await openReportFixture()
  })
  after(() => f.dispose())
  const { ask, alice } = reportRequests(() => f)
  const listed = async () => {
    const res = await ask('bankA', { ...alice, purpose: 'credit_application' })
    assert.equal(res.statusCode, 200, res.body)
    return (res.json<LenderReport>().inquiries ?? []).map((q) => q.member.id)
  }

  it('shows one of 23 months and leaves out one of 25, which the consumer still sees', async () => {
    assert.equal((await ask('bankB', { ...alice, purpose: 'credit_application' })).statusCode, 200)
    f.clock.advanceDays(700)
    assert.deepEqual(await listed(), ['bank-b'])
    f.clock.advanceDays(60)
    assert.deepEqual(await listed(), ['bank-a'], 'bank-b’s is 25 months old, bank-a’s of 60 days is shown')
    const mine = await f.app.inject({ url: '/v1/me/inquiries', headers: f.as('alice') })
    const members = mine.json<{ inquiries: ConsumerInquiry[] }>().inquiries.map((q) => q.member.id)
    assert.deepEqual(members, ['bank-a', 'bank-a', 'bank-b'])
  })
})
