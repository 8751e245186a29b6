// The consent artefact and its lifecycle (DESIGN.md glossary "consent artefact", principle 2): schemas, types,
// and the state machine as pure functions of (consent, action, actor, now).
import { z } from 'zod'
import type { Principal } from '../platform/http/index.ts'
import { purposeSchema, type Purpose } from './jurisdiction.ts'

/** The data categories a consent may cover; a report filters the file down to them. */
export const CATEGORIES = [
  'identity',
  'accounts',
  'payment_history',
  'public_records',
  'inquiries',
  'alternative_payments',
] as const
export const categorySchema = z.enum(CATEGORIES)
export type Category = z.infer<typeof categorySchema>

export const CONSENT_STATUSES = ['pending', 'active', 'paused', 'revoked', 'rejected', 'expired'] as const
export const consentStatusSchema = z.enum(CONSENT_STATUSES)
export type ConsentStatus = z.infer<typeof consentStatusSchema>

/** view_once: one use, nothing kept; store: the member may keep what it read for `storeDays`. */
export const CONSENT_MODES = ['view_once', 'store'] as const
export type ConsentMode = (typeof CONSENT_MODES)[number]

export const consentSchema = z
  .object({
    id: z.uuid(),
    /** The consumer's opaque internal key, never a national ID (DESIGN.md principle 4). */
    consumerKey: z.uuid(),
    memberId: z.string(),
    purpose: purposeSchema,
    categories: z.array(categorySchema),
    validFrom: z.iso.datetime(),
    validTo: z.iso.datetime(),
    /** null: any number of uses within the validity. */
    maxUses: z.number().int().positive().nullable(),
    uses: z.number().int().nonnegative(),
    mode: z.enum(CONSENT_MODES),
    storeDays: z.number().int().positive().nullable(),
    status: consentStatusSchema,
    supersedes: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    /** When the consumer approved or rejected; a member sees a consent only from then on. */
    decidedAt: z.iso.datetime().nullable(),
    /** The bureau's signature over the active artefact (consent-jws.ts); null until approved. */
    jws: z.string().nullable(),
  })
  .meta({ id: 'Consent' })
export type Consent = z.infer<typeof consentSchema>

/** Who acts on a consent. `system` marks expiry. */
/** A consent marked expired (the store's expireDue), and when it expired. */
export interface Expiry {
  id: string
  at: Date
}

export type ConsentActor =
  | { readonly kind: 'consumer'; readonly consumerKey: string }
  | { readonly kind: 'member'; readonly memberId: string }
  | { readonly kind: 'operator'; readonly id: string }
  | { readonly kind: 'system'; readonly id: string }

/** The actor behind an authenticated principal; a consumer's principal id is their consumer key. */
export function actorOf(p: Principal): ConsentActor {
  if (p.kind === 'consumer') return { kind: 'consumer', consumerKey: p.id.toLowerCase() }
  if (p.kind === 'member') return { kind: 'member', memberId: p.id }
  return { kind: 'operator', id: p.id }
}

export const actorId = (a: ConsentActor): string =>
  a.kind === 'consumer' ? a.consumerKey : a.kind === 'member' ? a.memberId : a.id

export type ConsentAction =
  | { readonly type: 'approve'; readonly categories?: readonly Category[] | undefined }
  | { readonly type: 'reject' | 'pause' | 'resume' | 'revoke' }
export type ConsentActionType = ConsentAction['type']

/** Why a transition was refused, as the AppError code the service answers with. */
export type RefusalCode = 'not_found' | 'forbidden' | 'conflict' | 'unprocessable'

export type TransitionResult =
  | { ok: true; consent: Consent; from: ConsentStatus; to: ConsentStatus }
  | { ok: false; code: RefusalCode; reason: string }

/** Once reached, nothing leaves these states. */
export const FINAL_STATUSES: readonly ConsentStatus[] = ['revoked', 'rejected', 'expired']

const spent = (c: Pick<Consent, 'maxUses' | 'uses'>): boolean => c.maxUses !== null && c.uses >= c.maxUses

/**
 * The status as of `now`: a live consent (pending, active, paused) is expired once `validTo` has passed or its
 * uses are spent, whatever is stored; the store writes that down when it next touches the row. Revoked and
 * rejected stay what they are: they say more than "expired" would.
 */
export function effectiveStatus(c: Consent, now: Date): ConsentStatus {
  if (FINAL_STATUSES.includes(c.status)) return c.status
  return now.getTime() >= Date.parse(c.validTo) || spent(c) ? 'expired' : c.status
}

/**
 * Whether the actor may know the consent exists. The consumer sees all of theirs. A member sees a consent to
 * it only once the consumer has decided: until then a pending request for a real consumer and the
 * request for nobody (consent.service.ts) must look the same to it. Operators see none through this API.
 */
export function visibleTo(c: Consent, actor: ConsentActor): boolean {
  switch (actor.kind) {
    case 'consumer':
      return actor.consumerKey === c.consumerKey
    case 'member':
      return actor.memberId === c.memberId && c.decidedAt !== null
    case 'operator':
    case 'system':
      return false
  }
}

// Which actor kinds may take each action: the consumer decides everything; the member may only withdraw
// what it was granted (it "requests", which is not a transition of an existing artefact).
const ACTORS: Record<ConsentActionType, readonly ConsentActor['kind'][]> = {
  approve: ['consumer'],
  reject: ['consumer'],
  pause: ['consumer'],
  resume: ['consumer'],
  revoke: ['consumer', 'member'],
}

// The lifecycle: pending -> active | rejected; active -> paused | revoked; paused -> active | revoked;
// expiry (by date or by uses) is not an action, it is computed by effectiveStatus.
const MOVES: Record<ConsentActionType, { from: readonly ConsentStatus[]; to: ConsentStatus }> = {
  approve: { from: ['pending'], to: 'active' },
  reject: { from: ['pending'], to: 'rejected' },
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  revoke: { from: ['active', 'paused'], to: 'revoked' },
}

function narrowed(
  requested: readonly Category[],
  approved: readonly Category[] | undefined,
): { ok: true; categories: Category[] } | { ok: false; reason: string } {
  if (approved === undefined) return { ok: true, categories: [...requested] }
  const unique = [...new Set(approved)]
  if (unique.length === 0) return { ok: false, reason: 'an approval must keep at least one data category' }
  const wider = unique.filter((c) => !requested.includes(c))
  if (wider.length > 0) {
    return {
      ok: false,
      reason: `an approval may narrow the requested categories, never widen them: ${wider.join(', ')}`,
    }
  }
  // Kept in the order of the request, so the artefact does not depend on how the consumer listed them.
  return { ok: true, categories: requested.filter((c) => unique.includes(c)) }
}

// A consent holds from the consumer's approval at the earliest: a request's start ("now" by default) that
// passed while it waited would otherwise be signed as a start before the consumer gave it, where a request
// naming a past start is refused (consent-terms.ts; found by probing). A start still ahead is kept. `now` is
// before validTo here: a pending consent past it is expired (effectiveStatus) and cannot be approved.
const startOnApproval = (validFrom: string, now: Date): string =>
  Date.parse(validFrom) < now.getTime() ? now.toISOString() : validFrom

/** Applies `action` by `actor` at `now`; refuses with the true reason and the answer it deserves. */
export function transition(
  consent: Consent,
  action: ConsentAction | ConsentActionType,
  actor: ConsentActor,
  now: Date,
): TransitionResult {
  const act: ConsentAction = typeof action === 'string' ? { type: action } : action
  if (!visibleTo(consent, actor)) {
    return {
      ok: false,
      code: 'not_found',
      reason: `consent ${consent.id} is not visible to ${actor.kind} ${actorId(actor)}`,
    }
  }
  if (!ACTORS[act.type].includes(actor.kind)) {
    return { ok: false, code: 'forbidden', reason: `a ${actor.kind} may not ${act.type} a consent` }
  }
  const from = effectiveStatus(consent, now)
  const move = MOVES[act.type]
  if (!move.from.includes(from)) {
    return { ok: false, code: 'conflict', reason: `cannot ${act.type} a consent that is ${from}` }
  }
  let categories = consent.categories
  if (act.type === 'approve') {
    const n = narrowed(consent.categories, act.categories)
    if (!n.ok) return { ok: false, code: 'unprocessable', reason: n.reason }
    categories = n.categories
  }
  const at = now.toISOString()
  const decided = act.type === 'approve' || act.type === 'reject'
  return {
    ok: true,
    from,
    to: move.to,
    consent: {
      ...consent,
      status: move.to,
      categories,
      validFrom: act.type === 'approve' ? startOnApproval(consent.validFrom, now) : consent.validFrom,
      updatedAt: at,
      decidedAt: decided ? at : consent.decidedAt,
    },
  }
}

/**
 * Why a consent cannot serve this read, or undefined when it can: the true reason for the audit log. The
 * caller is told only that the read is not allowed (DESIGN.md principle 2).
 */
export function unusableReason(
  c: Consent | undefined,
  memberId: string,
  purpose: Purpose,
  now: Date,
): string | undefined {
  if (c === undefined) return 'no such consent for this consumer'
  if (c.memberId !== memberId) return `consent ${c.id} was granted to another member`
  if (c.purpose !== purpose) return `consent ${c.id} covers ${c.purpose}, not ${purpose}`
  const status = effectiveStatus(c, now)
  if (status === 'expired') {
    return spent(c) ? `consent ${c.id} has no uses left` : `consent ${c.id} expired on ${c.validTo}`
  }
  if (status !== 'active') return `consent ${c.id} is ${status}`
  if (now.getTime() < Date.parse(c.validFrom)) return `consent ${c.id} is valid only from ${c.validFrom}`
  return undefined
}
