import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  consentRequired,
  isHardInquiry,
  isPurposeAllowed,
  JURISDICTION_CODES,
  jurisdictionProfile,
  jurisdictionProfileSchema,
  PURPOSES,
  purposeRule,
} from './jurisdiction.ts'

const memberPurposes = PURPOSES.filter((p) => p !== 'self_access')

describe('jurisdictionProfile', () => {
  it('gives every profile in the schema, with a legal ground for each allowed purpose and self-access for all', () => {
    for (const code of JURISDICTION_CODES) {
      const p = jurisdictionProfile(code)
      assert.deepEqual(jurisdictionProfileSchema.parse(p), p, code)
      assert.equal(p.code, code)
      assert.ok(isPurposeAllowed(p, 'self_access'), code)
      assert.equal(consentRequired(p, 'self_access'), false, code)
      for (const r of p.purposes) assert.ok(r.legalGround.length > 0, `${code} ${r.purpose}`)
      assert.equal(
        new Set(p.purposes.map((r) => r.purpose)).size,
        p.purposes.length,
        `${code} lists a purpose twice`,
      )
      assert.ok(p.scoreRange.min < p.scoreRange.max, code)
    }
  })

  it('US-FCRA: a permissible purpose suffices, except employment, which needs written consent', () => {
    const us = jurisdictionProfile('US-FCRA')
    assert.deepEqual(
      memberPurposes.filter((p) => consentRequired(us, p)),
      ['employment'],
    )
    assert.equal(purposeRule(us, 'credit_application')?.legalGround, 'FCRA §604(a)(3)(A)')
    assert.match(purposeRule(us, 'employment')!.legalGround, /§604\(b\)/)
    assert.deepEqual(
      [us.negativeRetentionYears, us.negativeRetentionFrom, us.disputeDeadlineDays],
      [7, 'first_delinquency', 30],
    )
  })

  it('CN-PBOC and HU-KHR: consent for every purpose they allow', () => {
    for (const code of ['CN-PBOC', 'HU-KHR'] as const) {
      const p = jurisdictionProfile(code)
      for (const purpose of memberPurposes.filter((x) => isPurposeAllowed(p, x))) {
        assert.ok(consentRequired(p, purpose), `${code} ${purpose}`)
      }
    }
    assert.equal(jurisdictionProfile('CN-PBOC').freeSelfAccessPerYear, 2)
    assert.equal(jurisdictionProfile('CN-PBOC').negativeRetentionYears, 5)
  })

  it('refuses purposes a profile does not allow, and treats them as needing more than consent', () => {
    const hu = jurisdictionProfile('HU-KHR')
    for (const purpose of ['tenancy', 'employment', 'insurance', 'collection'] as const) {
      assert.equal(isPurposeAllowed(hu, purpose), false, purpose)
      assert.equal(consentRequired(hu, purpose), true, purpose)
    }
    assert.equal(isPurposeAllowed(jurisdictionProfile('DE-SCHUFA'), 'employment'), false)
  })

  it('marks credit applications, and only they, as hard inquiries', () => {
    for (const code of JURISDICTION_CODES) {
      const p = jurisdictionProfile(code)
      assert.deepEqual(
        PURPOSES.filter((x) => isHardInquiry(p, x)),
        ['credit_application'],
        code,
      )
    }
  })

  it('cannot be changed by a caller', () => {
    const us = jurisdictionProfile('US-FCRA')
    assert.throws(() => {
      ;(us as { maxConsentDays: number }).maxConsentDays = 1
    }, TypeError)
    assert.throws(() => {
      ;(us.purposes[0] as { consentRequired: boolean }).consentRequired = true
    }, TypeError)
  })
})
