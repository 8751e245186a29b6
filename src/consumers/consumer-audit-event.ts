// What the consumers module tells the audit log (DESIGN.md principle 3): every enrolment step, sign-in and
// sign-out, every change of password (and every refused one) and every ending of the other sessions, every view of
// a file by its consumer, and an operator's unlocking of a national ID's enrolment. Shaped like the audit module's
// event, so that the composition root passes it to audit.append(tx, event), or to audit.appendNow(event) when tx
// is undefined.
import type { Tx } from '../platform/db.ts'

export type ConsumerAuditAction =
  | 'consumer.enrolment_started'
  | 'consumer.enrolled'
  | 'consumer.enrolment_refused'
  | 'consumer.enrolment_unlocked'
  | 'consumer.session_started'
  | 'consumer.session_refused'
  | 'consumer.session_ended'
  | 'consumer.sessions_ended'
  | 'consumer.password_changed'
  | 'consumer.password_change_refused'
  | 'file.self_access'

export interface ConsumerAuditEvent {
  /** A consumer (or someone claiming to be one), or the operator who unlocked an enrolment. */
  actor: { kind: 'consumer' | 'operator'; id: string }
  action: ConsumerAuditAction
  /** The consumer concerned; null when the request named no one on file (or no account). */
  consumerKey: string | null
  /** The enrolment id, where there is one. */
  target?: string | null
  purpose?: string | null
  outcome: 'allowed' | 'refused' | 'done'
  /** The true reason of a refusal; the caller was told only the uniform answer. */
  reason?: string | null
  /** Ids, codes and counts only: never a national ID, name, login or password. */
  details?: Record<string, string | number | boolean | null>
}

export type RecordConsumerEvent = (tx: Tx | undefined, event: ConsumerAuditEvent) => Promise<void>

/** The caller of a public route before they are known: someone claiming to be a consumer. */
export const ANONYMOUS: ConsumerAuditEvent['actor'] = { kind: 'consumer', id: 'anonymous' }

export const consumerActor = (consumerKey: string): ConsumerAuditEvent['actor'] => ({
  kind: 'consumer',
  id: consumerKey,
})
