// The consumer's own score reads the file as the lender's report of the same day does: found by probing, a hard
// inquiry of 30 months ago counted in the own score (months since the last inquiry: 30) while the report, which
// shows inquiries for the profile's 24 months only, did not, so the two scores differed (FCRA §609(f)).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { withoutObsoleteInputs } from './obsolete-inputs.ts'

const inquiry = (at: string) => ({ memberId: 'lender-2', purpose: 'credit_application', hard: true, at })
const rule = (inquiryRetentionMonths: number) => ({
  negativeRetentionYears: 7,
  negativeRetentionFrom: 'first_delinquency' as const,
  inquiryRetentionMonths,
})

describe('withoutObsoleteInputs', () => {
  const inputs = {
    snapshots: [],
    facts: [],
    inquiries: [inquiry('2024-05-20T10:00:00.000Z'), inquiry('2026-09-01T08:00:00.000Z')],
  }

  it('leaves out the hard inquiries older than the profile shows lenders', () => {
    assert.deepEqual(
      withoutObsoleteInputs(inputs, rule(24), '2026-12-07').inquiries.map((q) => q.at),
      ['2026-09-01T08:00:00.000Z'],
    )
    assert.equal(
      withoutObsoleteInputs(inputs, rule(24), '2026-05-20').inquiries.length,
      2,
      'on the cutoff day',
    )
  })

  it('returns the inputs as they are when nothing is left out', () => {
    const recent = { ...inputs, inquiries: [inquiry('2026-09-01T08:00:00.000Z')] }
    assert.equal(withoutObsoleteInputs(recent, rule(12), '2026-12-07'), recent)
  })
})
