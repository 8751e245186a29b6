import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  CONSENT_STATUSES,
  effectiveStatus,
  transition,
  unusableReason,
  type Consent,
  type ConsentActionType,
  type ConsentActor,
  type ConsentStatus,
  type TransitionResult,
} from './consent.model.ts'

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

const owner: ConsentActor = { kind: 'consumer', consumerKey: consent().consumerKey }
const grantee: ConsentActor = { kind: 'member', memberId: 'bank-a' }
const BOTH: readonly ConsentActor[] = [owner, grantee]
const ACTIONS: ConsentActionType[] = ['approve', 'reject', 'pause', 'resume', 'revoke']

// The lifecycle of the issue, written out: every (status, action, actor kind) not listed is refused.
const ALLOWED: Record<string, ConsentStatus> = {
  'pending approve consumer': 'active',
  'pending reject consumer': 'rejected',
  'active pause consumer': 'paused',
  'paused resume consumer': 'active',
  'active revoke consumer': 'revoked',
  'paused revoke consumer': 'revoked',
  'active revoke member': 'revoked',
  'paused revoke member': 'revoked',
}

describe('transition', () => {
  it('allows exactly the moves of the lifecycle, each to its state, and refuses every other', () => {
    let checked = 0
    for (const status of CONSENT_STATUSES) {
      const c = consent({ status, decidedAt: status === 'pending' ? null : days(-1) })
      for (const action of ACTIONS) {
        for (const actor of BOTH) {
          const to: ConsentStatus | undefined = ALLOWED[`${status} ${action} ${actor.kind}`]
          const t: TransitionResult = transition(c, action, actor, NOW)
          const label: string = `${actor.kind} ${action} on ${status}`
          if (to === undefined) {
            assert.equal(t.ok, false, label)
          } else {
            assert.ok(t.ok, label)
            assert.deepEqual(
              [t.from, t.to, t.consent.status, t.consent.updatedAt],
              [status, to, to, NOW.toISOString()],
              label,
            )
          }
          checked++
        }
      }
    }
    assert.equal(checked, CONSENT_STATUSES.length * ACTIONS.length * 2)
  })

  it('tells a member that may not act forbidden, and one that may not know the consent not found', () => {
    const active = consent()
    for (const action of ['approve', 'reject', 'pause', 'resume'] as const) {
      const t = transition(active, action, grantee, NOW)
      assert.ok(!t.ok && t.code === 'forbidden', action)
    }
    const pending = consent({ status: 'pending', decidedAt: null })
    const hidden = transition(pending, 'revoke', grantee, NOW)
    assert.ok(!hidden.ok && hidden.code === 'not_found')
    const other = transition(active, 'revoke', { kind: 'member', memberId: 'bank-b' }, NOW)
    assert.ok(!other.ok && other.code === 'not_found')
    const stranger = transition(
      active,
      'pause',
      { kind: 'consumer', consumerKey: '11111111-1111-4111-8111-111111111111' },
      NOW,
    )
    assert.ok(!stranger.ok && stranger.code === 'not_found')
    const operator = transition(active, 'revoke', { kind: 'operator', id: 'op' }, NOW)
    assert.ok(!operator.ok && operator.code === 'not_found')
  })

  it('answers a move from the wrong state with conflict', () => {
    const t = transition(consent({ status: 'revoked' }), 'resume', owner, NOW)
    assert.ok(!t.ok && t.code === 'conflict')
    assert.match(t.reason, /cannot resume a consent that is revoked/)
  })

  it('lets an approval narrow the requested categories, in the order requested, and stamps the decision', () => {
    const pending = consent({
      status: 'pending',
      decidedAt: null,
      categories: ['identity', 'accounts', 'inquiries'],
    })
    const t = transition(
      pending,
      { type: 'approve', categories: ['inquiries', 'identity', 'inquiries'] },
      owner,
      NOW,
    )
    assert.ok(t.ok)
    assert.deepEqual(t.consent.categories, ['identity', 'inquiries'])
    assert.equal(t.consent.decidedAt, NOW.toISOString())
    const all = transition(pending, { type: 'approve' }, owner, NOW)
    assert.ok(all.ok)
    assert.deepEqual(all.consent.categories, ['identity', 'accounts', 'inquiries'])
  })

  it('refuses an approval that widens the categories or keeps none', () => {
    const pending = consent({ status: 'pending', decidedAt: null, categories: ['accounts'] })
    const wider = transition(
      pending,
      { type: 'approve', categories: ['accounts', 'public_records'] },
      owner,
      NOW,
    )
    assert.ok(!wider.ok && wider.code === 'unprocessable')
    assert.match(wider.reason, /never widen them: public_records/)
    const none = transition(pending, { type: 'approve', categories: [] }, owner, NOW)
    assert.ok(!none.ok && none.code === 'unprocessable')
  })

  it('refuses to approve, resume or pause a consent whose validity has passed', () => {
    const later = new Date(Date.parse(days(31)))
    for (const [status, action] of [
      ['pending', 'approve'],
      ['paused', 'resume'],
      ['active', 'pause'],
    ] as const) {
      const t = transition(
        consent({ status, decidedAt: status === 'pending' ? null : days(-1) }),
        action,
        owner,
        later,
      )
      assert.ok(!t.ok && t.code === 'conflict', `${action} ${status}`)
      assert.match(t.reason, /expired/)
    }
  })
})

describe('effectiveStatus', () => {
  it('is expired once valid_to has passed, for every live status, and leaves final ones alone', () => {
    const at = new Date(Date.parse(days(30)))
    for (const status of ['pending', 'active', 'paused'] as const) {
      assert.equal(effectiveStatus(consent({ status }), new Date(at.getTime() - 1)), status)
      assert.equal(effectiveStatus(consent({ status }), at), 'expired')
    }
    for (const status of ['revoked', 'rejected', 'expired'] as const)
      assert.equal(effectiveStatus(consent({ status }), at), status)
  })

  it('is expired when the uses are spent', () => {
    assert.equal(effectiveStatus(consent({ maxUses: 2, uses: 1 }), NOW), 'active')
    assert.equal(effectiveStatus(consent({ maxUses: 2, uses: 2 }), NOW), 'expired')
    assert.equal(effectiveStatus(consent({ maxUses: null, uses: 1000 }), NOW), 'active')
  })
})

describe('unusableReason', () => {
  it('names the true reason a consent cannot serve a read', () => {
    assert.equal(unusableReason(consent(), 'bank-a', 'employment', NOW), undefined)
    assert.match(unusableReason(undefined, 'bank-a', 'employment', NOW)!, /no such consent/)
    assert.match(unusableReason(consent(), 'bank-b', 'employment', NOW)!, /another member/)
    assert.match(unusableReason(consent(), 'bank-a', 'tenancy', NOW)!, /covers employment, not tenancy/)
    assert.match(unusableReason(consent({ status: 'paused' }), 'bank-a', 'employment', NOW)!, /is paused/)
    assert.match(
      unusableReason(consent({ maxUses: 1, uses: 1 }), 'bank-a', 'employment', NOW)!,
      /no uses left/,
    )
    assert.match(unusableReason(consent({ validTo: days(-0.5) }), 'bank-a', 'employment', NOW)!, /expired on/)
    assert.match(
      unusableReason(consent({ validFrom: days(1) }), 'bank-a', 'employment', NOW)!,
      /valid only from/,
    )
  })
})
