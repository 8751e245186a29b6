// The consumer's protections on their file (DESIGN.md "rights"): fraud alerts and the security freeze of
// FCRA §605A. Schemas, types and the pure rules of their terms.
import { z } from 'zod'

export const ALERT_KINDS = ['initial', 'extended'] as const
export const alertKindSchema = z.enum(ALERT_KINDS)
export type AlertKind = z.infer<typeof alertKindSchema>

/** FCRA §605A(a)(1)(A) (one year since the 2018 amendment, Pub. L. 115-174 §301) and §605A(b)(1)(A) (seven years). */
export const ALERT_YEARS: Readonly<Record<AlertKind, number>> = { initial: 1, extended: 7 }

/** What every user of a report is told while the alert is in force (FCRA §605A(h)(1)(B) and (h)(2)(B)). */
export const ALERT_NOTICE: Readonly<Record<AlertKind, string>> = {
  initial:
    'Initial fraud alert (FCRA §605A(a)): the consumer may be a victim of fraud or identity theft. Before extending credit, verify the identity of the applicant by reasonable means (§605A(h)(1)(B)).',
  extended:
    'Extended fraud alert (FCRA §605A(b)): the consumer has filed an identity theft report. Before extending credit, contact the consumer in person or by the contact method they designated to confirm the application (§605A(h)(2)(B)).',
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
    notice: z.string(),
  })
  .meta({ id: 'FraudAlert' })
export type FraudAlert = z.infer<typeof fraudAlertSchema>

export const placeAlertSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('initial') }),
    z.strictObject({
      kind: z.literal('extended'),
      // §605A(b)(1): an extended alert rests on an identity theft report (§603(q)(4)); the consumer states it exists.
      identityTheftReport: z
        .literal(true)
        .describe('The consumer states that they filed an identity theft report'),
    }),
  ])
  .meta({ id: 'PlaceFraudAlert' })
export type PlaceAlert = z.infer<typeof placeAlertSchema>

export const freezeSchema = z
  .object({
    frozen: z.boolean(),
    /** When the freeze in force was placed; null when there is none. */
    since: z.iso.datetime().nullable(),
  })
  .meta({ id: 'SecurityFreeze' })
export type Freeze = z.infer<typeof freezeSchema>

/** What a report needs to know about the file's protections at the time of the read. */
export interface Protections {
  frozen: boolean
  /** The alerts in force, newest first. */
  alerts: FraudAlert[]
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
  action: 'alert.placed' | 'alert.removed' | 'freeze.placed' | 'freeze.lifted'
  consumerKey: string
  target: string
  outcome: 'done'
  details?: Record<string, string | number | boolean | null>
}
