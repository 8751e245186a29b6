// The audit tests' sample event: a lender's report read about a consumer (a fresh one unless given).
import { randomUUID } from 'node:crypto'
import type { AuditEvent } from './audit.model.ts'

export const reportRead = (
  details: Record<string, number>,
  consumerKey: string = randomUUID(),
): AuditEvent => ({
  actor: { kind: 'member', id: 'bank-1' },
  action: 'report.read',
  consumerKey,
  purpose: 'credit_application',
  outcome: 'allowed',
  details,
})
