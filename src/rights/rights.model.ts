// The consumer's protections on their file (DESIGN.md "rights"): fraud alerts and the security freeze of
// FCRA §605A. Schemas, types and the pure rules of their terms.
import { z } from 'zod'
import { inputDateTime } from '../platform/input-date-time.ts'

export const ALERT_KINDS = ['initial', 'extended', 'active_duty'] as const
export const alertKindSchema = z.enum(ALERT_KINDS)
export type AlertKind = z.infer<typeof alertKindSchema>

/**
 * FCRA §605A(a)(1)(A) (one year since the 2018 amendment, Pub. L. 115-174 §301), §605A(b)(1)(A) (seven years)
 * and §605A(c)(1) (active duty: "not less than 12 months", which is one year here; the consumer may remove it).
 */
export const ALERT_YEARS: Readonly<Record<AlertKind, number>> = { initial: 1, extended: 7, active_duty: 1 }

// §605A(h)(1)(B)(ii) and (h)(2)(B): the number the consumer designated is shown with the alert as contactPhone.
const CALL_OR_VERIFY =
  'Where the alert shows a contact number (contactPhone), call the consumer at it or take reasonable steps to verify their identity and confirm the application is not the result of identity theft (§605A(h)(1)(B)(ii)).'

/** What every user of a report is told while the alert is in force (FCRA §605A(h)(1)(B) and (h)(2)(B)). */
export const ALERT_NOTICE: Readonly<Record<AlertKind, string>> = {
  initial: `Initial fraud alert (FCRA §605A(a)): the consumer may be a victim of fraud or identity theft. Before extending credit, verify the identity of the applicant by reasonable means (§605A(h)(1)(B)(i)). ${CALL_OR_VERIFY}`,
  extended:
    'Extended fraud alert (FCRA §605A(b)): the consumer has filed an identity theft report. Before extending credit, contact the consumer in person or at the contact number they designated, shown with this alert as contactPhone, to confirm the application (§605A(h)(2)(B)).',
  active_duty: `Active duty alert (FCRA §605A(c)): the consumer is a member of the armed forces on active duty. Before extending credit, verify the identity of the applicant by reasonable means (§605A(h)(1)(B)(i)). ${CALL_OR_VERIFY}`,
}

export const ALERT_STATUSES = ['active', 'removed', 'expired'] as const

export const fraudAlertSchema = z
  .object({
    id: z.uuid(),
    kind: alertKindSchema,
    status: z.enum(ALERT_STATUSES),
    placedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    removedAt: z.iso.datetime().nullable(),
    contactPhone: z
      .string()
      .nullable()
      .describe(
        'The number the consumer designated for users to call (FCRA §605A(h)(1)(B)(ii), (h)(2)(A)); null when none was given, or when it can no longer be read because the consumer was erased',
      ),
    notice: z.string(),
  })
  .meta({ id: 'FraudAlert' })
export type FraudAlert = z.infer<typeof fraudAlertSchema>

/**
 * What is wrong with a contact number in international form (ITU-T E.164), or undefined when nothing is: `+`,
 * then the country code, whose first digit is 1-9 (E.164 assigns no code starting with 0, which is a trunk or an
 * international prefix, never part of the number), then the rest: 8 to 15 digits in all (E.164 allows at most 15),
 * each perhaps after one space or dash. A probe had `+00000000`, `+-1-2-0-2-5-5-5-0-1` and `+ 1202555014` accepted
 * and shown to lenders, who must call the number before extending credit on an extended alert (§605A(h)(2)(B)).
 */
export function contactPhoneProblem(s: string): string | undefined {
  if (!s.startsWith('+')) return 'must start with + and the country code (international form, E.164)'
  if (/^\+[ -]/.test(s)) return 'the country code must follow the + directly, without a space or dash (E.164)'
  if (!/^\+(?:[ -]?[0-9])+$/.test(s))
    return 'must hold only digits after the +, with at most one space or dash between two digits'
  const digits = s.replace(/[^0-9]/g, '')
  if (digits.startsWith('0'))
    return 'the country code cannot start with 0 (E.164): leave out a 00 or trunk 0 prefix, e.g. +44 20 7946 0958'
  if (digits.length < 8 || digits.length > 15)
    return `must have 8 to 15 digits after the + (E.164 allows at most 15); it has ${digits.length}`
  return undefined
}

const CONTACT_PHONE = /^\+[1-9](?:[ -]?[0-9]){7,14}$/

/** A contact number as the consumer types it; spaces and dashes are taken out. */
const contactPhone = z
  .string()
  .superRefine((s, ctx) => {
    const problem = contactPhoneProblem(s)
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem })
  })
  .meta({ pattern: CONTACT_PHONE.source })
  .overwrite((s) => s.replace(/[ -]/g, ''))
  .describe(
    'A telephone number for users of the report to call, in international form (E.164): + and 8 to 15 digits, the first (of the country code) not 0; spaces and dashes between digits are taken out, e.g. +1 202 555 0143',
  )

export const placeAlertSchema = z
  .discriminatedUnion('kind', [
    // §605A(h)(1)(B)(ii): the consumer may add a telephone number to an initial alert, or an active duty one.
    z.strictObject({ kind: z.literal('initial'), contactPhone: contactPhone.optional() }),
    z.strictObject({
      kind: z.literal('extended'),
      // §605A(b)(1): an extended alert rests on an identity theft report (§603(q)(4)); the consumer states it exists.
      identityTheftReport: z
        .literal(true)
        .describe('The consumer states that they filed an identity theft report'),
      // §605A(h)(2)(A): the extended alert provides users the contact method the consumer designated.
      contactPhone,
    }),
    // §605A(c): an active duty military consumer asks for it; the bureau takes the consumer's word, as for the others.
    z.strictObject({ kind: z.literal('active_duty'), contactPhone: contactPhone.optional() }),
  ])
  .meta({ id: 'PlaceFraudAlert' })
export type PlaceAlert = z.infer<typeof placeAlertSchema>

export const freezeSchema = z
  .object({
    /** Whether the freeze binds now: placed and not lifted, and not within a temporary lift. */
    frozen: z.boolean(),
    /** When the freeze in force was placed; null when there is none. */
    since: z.iso.datetime().nullable(),
    /** The end of a temporary lift under way; null when the freeze binds or there is none. */
    liftedUntil: z.iso.datetime().nullable(),
  })
  .meta({ id: 'SecurityFreeze' })
export type Freeze = z.infer<typeof freezeSchema>

/** The longest temporary lift: a longer one is a lift (DELETE), which the consumer can undo by freezing again. */
export const TEMPORARY_LIFT_MAX_DAYS = 365

export const temporaryLiftSchema = z
  .strictObject({
    until: inputDateTime().describe(
      `When the freeze binds again: in the future, at most ${TEMPORARY_LIFT_MAX_DAYS} days ahead (FCRA §605A(i)(3)(C))`,
    ),
  })
  .meta({ id: 'TemporaryFreezeLift' })
export type TemporaryLift = z.infer<typeof temporaryLiftSchema>

/** The freeze in force, as stored: placed, and perhaps set aside until a moment. */
export interface FreezeInForce {
  id: string
  since: Date
  liftedUntil: Date | null
}

/** Whether a freeze in force binds at `now`: a temporary lift sets it aside until its end, not including it. */
export const freezeBinds = (f: Pick<FreezeInForce, 'liftedUntil'>, now: Date): boolean =>
  f.liftedUntil === null || f.liftedUntil.getTime() <= now.getTime()

/** What the consumer is shown of their freeze at `now`. */
export function freezeView(f: FreezeInForce | undefined, now: Date): Freeze {
  if (f === undefined) return { frozen: false, since: null, liftedUntil: null }
  const binds = freezeBinds(f, now)
  return {
    frozen: binds,
    since: f.since.toISOString(),
    liftedUntil: binds ? null : f.liftedUntil!.toISOString(),
  }
}

/** Why `until` cannot end a temporary lift starting at `now`, or undefined when it can. */
export function temporaryLiftProblem(until: Date, now: Date): string | undefined {
  if (until.getTime() <= now.getTime()) return `must lie in the future (now is ${now.toISOString()})`
  if (until.getTime() - now.getTime() > TEMPORARY_LIFT_MAX_DAYS * 86_400_000)
    return `must lie at most ${TEMPORARY_LIFT_MAX_DAYS} days ahead; for longer, lift the freeze (DELETE /v1/me/freeze)`
  return undefined
}

/** What a report needs to know about the file's protections at the time of the read. */
export interface Protections {
  frozen: boolean
  /** The alerts in force, newest first. */
  alerts: FraudAlert[]
}

/** An alert as stored: its contact number still sealed under the consumer's data key (DESIGN.md principle 4). */
export type SealedAlert = Omit<FraudAlert, 'contactPhone'> & { contactSealed: Uint8Array | null }

/** The protections as read, before the alerts' contact numbers are opened (RightsService.openAlerts). */
export interface SealedProtections {
  frozen: boolean
  alerts: SealedAlert[]
}

/** `placedAt` plus whole years, in UTC (29 February becomes 1 March in a common year). */
export function alertExpiry(kind: AlertKind, placedAt: Date): Date {
  const d = new Date(placedAt.getTime())
  d.setUTCFullYear(d.getUTCFullYear() + ALERT_YEARS[kind])
  return d
}

export function alertStatus(
  a: { expiresAt: string; removedAt: string | null },
  now: Date,
): FraudAlert['status'] {
  if (a.removedAt !== null) return 'removed'
  return Date.parse(a.expiresAt) <= now.getTime() ? 'expired' : 'active'
}

/** What the rights module tells the audit log; shaped like the audit module's event. */
export interface RightsAuditEvent {
  actor: { kind: 'consumer'; id: string }
  action:
    | 'alert.placed'
    | 'alert.removed'
    | 'freeze.placed'
    | 'freeze.lifted'
    | 'freeze.lifted_temporarily'
    | 'freeze.resumed'
  consumerKey: string
  target: string
  outcome: 'done'
  details?: Record<string, string | number | boolean | null>
}
