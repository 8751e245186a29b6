// What the consent module tells the audit log (DESIGN.md principle 3): every change of a consent, every check
// of a read and every refusal with its true reason. Shaped like the audit module's event so that the
// composition root can pass it straight to audit.append(tx, event), or appendNow(event) when tx is undefined.
import { actorId, type ConsentActor, type Expiry } from './consent.model.ts'

export type ConsentAuditAction =
  | 'consent.requested'
  | 'consent.approved'
  | 'consent.rejected'
  | 'consent.paused'
  | 'consent.resumed'
  | 'consent.revoked'
  | 'consent.superseded'
  | 'consent.expired'
  | 'consent.read'
  | 'consent.checked'
  | 'settings.jurisdiction_set'

export interface ConsentAuditEvent {
  actor: { kind: 'operator' | 'member' | 'consumer' | 'system'; id: string }
  action: ConsentAuditAction
  /** The consumer concerned, as the opaque key; null when the request named nobody on file. */
  consumerKey?: string | null
  /** The consent id. */
  target?: string | null
  purpose?: string | null
  outcome: 'allowed' | 'refused' | 'done'
  /** The true reason of a refusal; the caller was told only "not found" or "not allowed". */
  reason?: string | null
  /** Ids, codes and counts only: never a national ID or other personal data. */
  details?: Record<string, string | number | boolean | null | string[]>
}

export const auditActor = (a: ConsentActor): ConsentAuditEvent['actor'] => ({ kind: a.kind, id: actorId(a) })

/** The system's consent.expired events for the consents whose expiry was just marked (store.expireDue). */
export const expiredEvents = (expired: readonly Expiry[], consumerKey: string): ConsentAuditEvent[] =>
  expired.map(({ id, at }) => ({
    actor: { kind: 'system', id: 'expiry' },
    action: 'consent.expired',
    consumerKey,
    target: id,
    outcome: 'done',
    details: { at: at.toISOString() },
  }))
