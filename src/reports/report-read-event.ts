// The audit event of an answered report (DESIGN.md principle 3: every read is recorded): who read whose file, on
// which legal ground and consent, what the consent released, how the consumer was matched and which model scored.
import type { AuditEvent } from '../audit/index.ts'
import type { Allowed, Purpose } from '../consent/index.ts'
import type { MatchMethod } from './report.model.ts'

export interface ReportRead {
  actor: AuditEvent['actor']
  consumerKey: string
  inquiryId: string
  purpose: Purpose
  hard: boolean
  match: MatchMethod
  /** The scorecard's version, when the report carries a score. */
  scoreModel: string | undefined
}

export function reportReadEvent(r: ReportRead, auth: Allowed): AuditEvent {
  return {
    actor: r.actor,
    action: 'report.read',
    consumerKey: r.consumerKey,
    target: r.inquiryId,
    purpose: r.purpose,
    outcome: 'allowed',
    details: {
      legalGround: auth.legalGround,
      consentId: auth.consent?.id ?? null,
      hard: r.hard,
      categories: [...auth.categories],
      match: r.match,
      scoreModel: r.scoreModel ?? null,
    },
  }
}
