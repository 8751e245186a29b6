import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DATE_TIME_FORM } from '../platform/input-date-time.ts'
import {
  consentRequestSchema,
  consentTerms,
  supersedableReason,
  type ConsentRequest,
} from './consent-terms.ts'
import type { Consent } from './consent.model.ts'

const NOW = new Date('2031-03-01T09:00:00.000Z')
const DAY = 86_400_000
const days = (n: number) => new Date(NOW.getTime() + n * DAY).toISOString()

function consent(overrides: Partial<Consent> = {}): Consent {
  return {
    id: '0b6c7f7e-2f5d-4a53-9a43-5d1c1f0e0a01',
    consumerKey: '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b',
    memberId: 'bank-a',
    purpose: 'employment',
    categories: ['accounts', 'payment_history'],
    validFrom: days(-1),
    validTo: days(30),
    maxUses: null,
    uses: 0,
    mode: 'store',
    storeDays: 30,
    status: 'active',
    supersedes: null,
    createdAt: days(-2),
    updatedAt: days(-2),
    decidedAt: days(-1),
    jws: null,
    ...overrides,
  }
}

describe('consentTerms', () => {
  const base: ConsentRequest = {
    nationalId: { type: 'us-ssn', value: '123456781' },
    purpose: 'employment',
    categories: ['payment_history', 'accounts', 'accounts'],
    validTo: days(30),
    mode: 'store',
    storeDays: 10,
  }
  const limits = { allowed: true, maxConsentDays: 365 }

  it('normalises a good request: start now, categories once each in canonical order, unlimited uses for store', () => {
    const r = consentTerms(base, limits, NOW)
    assert.ok(r.ok)
    assert.deepEqual(r.terms, {
      purpose: 'employment',
      categories: ['accounts', 'payment_history'],
      validFrom: NOW.toISOString(),
      validTo: days(30),
      maxUses: null,
      mode: 'store',
      storeDays: 10,
      supersedes: null,
    })
    const once = consentTerms({ ...base, mode: 'view_once', storeDays: undefined }, limits, NOW)
    assert.ok(once.ok)
    assert.deepEqual([once.terms.maxUses, once.terms.storeDays], [1, null])
  })

  it('names the form a moment is taken in when validFrom or validTo is not in it', () => {
    for (const field of ['validFrom', 'validTo'] as const)
      for (const text of ['2031-04-01T00:00:00', '2031-04-01T00:00Z', '2031-04-01T00:00:00+0100']) {
        const r = consentRequestSchema.safeParse({ ...base, [field]: text })
        assert.deepEqual(
          r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message]),
          [[field, DATE_TIME_FORM]],
          `${field} ${text}`,
        )
      }
    assert.ok(consentRequestSchema.safeParse({ ...base, validTo: '2031-04-01T00:00:00+01:00' }).success)
  })

  it('refuses what the profile or the artefact rules forbid, saying which rule', () => {
    const refused = (r: ConsentRequest, l = limits) => {
      const t = consentTerms(r, l, NOW)
      assert.ok(!t.ok)
      return t.reason
    }
    assert.match(refused(base, { allowed: false, maxConsentDays: 365 }), /not permissible/)
    assert.match(refused({ ...base, purpose: 'self_access' }), /consumer’s own request/)
    assert.match(refused({ ...base, validTo: days(366) }), /at most 365 days from its request/)
    // A start far ahead does not stretch the limit: it counts from the request.
    assert.match(
      refused({ ...base, validFrom: days(364), validTo: days(729) }),
      new RegExp(`validTo must be on or before ${days(365).replace(/\./g, '\\.')}`),
    )
    assert.ok(consentTerms({ ...base, validFrom: days(300), validTo: days(365) }, limits, NOW).ok)
    assert.match(refused({ ...base, validFrom: days(-1) }), /cannot reach back/)
    assert.match(refused({ ...base, validFrom: days(40) }), /validTo must be after validFrom/)
    // Said as it is, where "validTo must be after validFrom" named a start the member never gave.
    assert.match(refused({ ...base, validTo: days(-1) }), /validTo .* is not in the future/)
    assert.match(
      refused({
        nationalId: base.nationalId,
        purpose: 'employment',
        categories: ['accounts'],
        validTo: days(1),
        mode: 'view_once',
        maxUses: 2,
      }),
      /exactly one use/,
    )
    assert.match(
      refused({
        nationalId: base.nationalId,
        purpose: 'employment',
        categories: ['accounts'],
        validTo: days(1),
        mode: 'store',
      }),
      /states storeDays/,
    )
  })
})

describe('supersedableReason', () => {
  it('accepts only a live consent the member can see, for the same purpose', () => {
    assert.equal(supersedableReason(consent(), 'bank-a', 'employment', NOW), undefined)
    assert.equal(supersedableReason(consent({ status: 'paused' }), 'bank-a', 'employment', NOW), undefined)
    assert.match(supersedableReason(consent(), 'bank-b', 'employment', NOW)!, /no consent of this member/)
    assert.match(
      supersedableReason(consent({ status: 'pending', decidedAt: null }), 'bank-a', 'employment', NOW)!,
      /no consent of this member/,
    )
    assert.match(supersedableReason(consent(), 'bank-a', 'tenancy', NOW)!, /for employment, not tenancy/)
    assert.match(
      supersedableReason(consent({ status: 'revoked' }), 'bank-a', 'employment', NOW)!,
      /is revoked/,
    )
  })
})
