// The protections on a file as the operator's `openbureau file` shows them beside its identity: the security
// freeze and the fraud alerts in force (FCRA §605A), which the consumer's own file shows too (FCRA §609(a)(1)).
import type { FraudAlert, Freeze } from '../rights/index.ts'

export interface FileProtections {
  freeze: Freeze
  alerts: FraudAlert[]
}

const day = (iso: string) => iso.slice(0, 10)

export function renderProtections({ freeze, alerts }: FileProtections): string[] {
  const frozen =
    freeze.since === null
      ? 'none'
      : freeze.liftedUntil !== null
        ? `placed ${day(freeze.since)}, lifted for a while until ${freeze.liftedUntil}`
        : `in force since ${day(freeze.since)}: lenders' reports are refused while it binds`
  const lines = [`Security freeze: ${frozen}`]
  if (alerts.length === 0) return [...lines, 'Fraud alerts in force: none']
  lines.push('Fraud alerts in force:')
  for (const a of alerts) {
    const contact = a.contactPhone === null ? 'no contact number' : `call ${a.contactPhone}`
    lines.push(
      `  ${a.kind.replace('_', ' ')} alert, placed ${day(a.placedAt)}, until ${day(a.expiresAt)}; ${contact}`,
    )
  }
  return lines
}
