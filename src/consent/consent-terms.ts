// A member's request for consent and the rules it must meet before anyone is looked up: its own coherence,
// the current profile's purposes and longest validity, and what it may supersede. Pure.
import { z } from 'zod'
import {
  CATEGORIES,
  categorySchema,
  CONSENT_MODES,
  effectiveStatus,
  visibleTo,
  type Consent,
} from './consent.model.ts'
import { purposeSchema, type Purpose } from './jurisdiction.ts'
import { inputDateTime } from '../platform/input-date-time.ts'

/** What a member sends to ask a consumer for consent. The consumer is named by a national ID, resolved to a key. */
export const consentRequestSchema = z
  .strictObject({
    nationalId: z.strictObject({ type: z.string().min(1).max(20), value: z.string().min(1).max(64) }),
    purpose: purposeSchema,
    categories: z.array(categorySchema).min(1).max(CATEGORIES.length),
    /** Default: now. */
    validFrom: inputDateTime().optional(),
    validTo: inputDateTime(),
    /** Implied 1 for view_once; omitted for store means any number within the validity. */
    maxUses: z.number().int().positive().max(100_000).optional(),
    mode: z.enum(CONSENT_MODES),
    /** Required for store: how long the member may keep what it read. */
    storeDays: z.number().int().positive().max(3650).optional(),
    /** An active or paused consent of the same member, consumer and purpose that this one replaces on approval. */
    supersedes: z.uuid().optional(),
  })
  .meta({ id: 'ConsentRequest' })
export type ConsentRequest = z.infer<typeof consentRequestSchema>

/** The terms of a request once checked against the profile: everything of a Consent but who and when. */
export type ConsentTerms = Pick<
  Consent,
  'purpose' | 'categories' | 'validFrom' | 'validTo' | 'maxUses' | 'mode' | 'storeDays' | 'supersedes'
>

// A clock a few minutes behind the bureau's must not make "from now" a refused request.
const CLOCK_SKEW_MS = 5 * 60_000
const DAY_MS = 86_400_000

/** Checks a request against itself and the profile's limits; the reason names the rule. */
export function consentTerms(
  r: ConsentRequest,
  limits: { allowed: boolean; maxConsentDays: number },
  now: Date,
): { ok: true; terms: ConsentTerms } | { ok: false; reason: string } {
  if (r.purpose === 'self_access')
    return { ok: false, reason: 'self_access is the consumer’s own request, never a member’s' }
  if (!limits.allowed)
    return { ok: false, reason: `the purpose ${r.purpose} is not permissible under the current profile` }
  const requestedFrom = r.validFrom === undefined ? now.getTime() : Date.parse(r.validFrom)
  if (requestedFrom < now.getTime() - CLOCK_SKEW_MS)
    return { ok: false, reason: 'validFrom is in the past: a consent cannot reach back' }
  const from = Math.max(requestedFrom, now.getTime())
  const to = Date.parse(r.validTo)
  if (to <= now.getTime())
    return {
      ok: false,
      reason: `validTo ${r.validTo} is not in the future: a consent must end after it begins`,
    }
  if (to <= from) return { ok: false, reason: 'validTo must be after validFrom' }
  // Counted from the request, not from validFrom: a start far ahead would otherwise stretch one answer of the
  // consumer over years, where the profile's limit is how long an answer holds before they are asked again
  // (jurisdiction.ts; GDPR Art. 7 and recital 32: consent is specific to what it is given for).
  if (to - now.getTime() > limits.maxConsentDays * DAY_MS) {
    return {
      ok: false,
      reason: `a consent may last at most ${limits.maxConsentDays} days from its request under the current profile: validTo must be on or before ${new Date(now.getTime() + limits.maxConsentDays * DAY_MS).toISOString()}`,
    }
  }
  if (r.mode === 'view_once' && ((r.maxUses !== undefined && r.maxUses !== 1) || r.storeDays !== undefined)) {
    return { ok: false, reason: 'a view_once consent has exactly one use and stores nothing' }
  }
  if (r.mode === 'store' && r.storeDays === undefined)
    return { ok: false, reason: 'a store consent states storeDays' }
  return {
    ok: true,
    terms: {
      purpose: r.purpose,
      categories: CATEGORIES.filter((c) => r.categories.includes(c)),
      validFrom: new Date(from).toISOString(),
      validTo: new Date(to).toISOString(),
      maxUses: r.mode === 'view_once' ? 1 : (r.maxUses ?? null),
      mode: r.mode,
      storeDays: r.mode === 'store' ? (r.storeDays ?? null) : null,
      supersedes: r.supersedes ?? null,
    },
  }
}

/** Whether `old` may be superseded by a request of `memberId` for `purpose`; judged on what the member can see. */
export function supersedableReason(
  old: Consent | undefined,
  memberId: string,
  purpose: Purpose,
  now: Date,
): string | undefined {
  if (old === undefined || !visibleTo(old, { kind: 'member', memberId }))
    return 'supersedes names no consent of this member'
  if (old.purpose !== purpose) return `supersedes names a consent for ${old.purpose}, not ${purpose}`
  const status = effectiveStatus(old, now)
  if (status !== 'active' && status !== 'paused') return `supersedes names a consent that is ${status}`
  return undefined
}
