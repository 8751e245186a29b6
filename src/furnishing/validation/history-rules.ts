// The Payment History Profile (CRRG base field 18, Exhibit 5): 24 bytes, one a month, newest first, the first
// byte being the month BEFORE the Date of Account Information (the current month is the Account Status itself).
import type { Metro2Issue } from '../../metro2/index.ts'
import { HISTORY_CODES, HISTORY_LENGTH } from './codes.ts'
import { issue } from './issue.ts'

const FIELD = 'paymentHistoryProfile'

/** Syntax of the profile: its length, its characters, and B only as the fill of its ending positions. */
export function checkPaymentHistory(out: Metro2Issue[], history: string): void {
  const shown = `Payment History Profile "${history}"`
  if (history.length !== HISTORY_LENGTH) {
    out.push(
      issue(
        'base',
        FIELD,
        'code.payment_history',
        `${shown} has ${history.length} characters; expected ${HISTORY_LENGTH} (CRRG field 18)`,
      ),
    )
  }
  const bad = [...history].findIndex((c) => !HISTORY_CODES.has(c))
  if (bad >= 0) {
    out.push(
      issue(
        'base',
        FIELD,
        'code.payment_history',
        `${shown} has "${history[bad]}" at position ${bad + 1}; expected 0-6, B, D, E, G, H, J, K or L (CRRG Exhibit 5)`,
      ),
    )
  }
  // "A B may not be embedded within other values": once B (no history before this time) starts, only B follows.
  const embedded = /B[^B]/.exec(history)
  if (embedded) {
    out.push(
      issue(
        'base',
        FIELD,
        'code.payment_history_embedded_b',
        `${shown} has B at position ${embedded.index + 1} followed by other values; B may only fill the ending positions (CRRG field 18)`,
      ),
    )
  }
}

/** Days-past-due bucket of a history byte: 0 (current, or E zero balance and current) to 6 (180+ days). */
export function historyLevel(code: string | undefined): number | undefined {
  if (code === '0' || code === 'E') return 0
  if (code !== undefined && code >= '1' && code <= '6') return Number(code)
  return undefined
}

/** Days-past-due bucket of the current/delinquent Account Statuses (Exhibit 4): 11 current, 71 30-59 ... 84 180+. */
export const STATUS_LEVEL: ReadonlyMap<string, number> = new Map([
  ['11', 0],
  ['71', 1],
  ['78', 2],
  ['80', 3],
  ['82', 4],
  ['83', 5],
  ['84', 6],
])

/**
 * The history bytes that record a month whose Account Status was `status` (Exhibit 5 codes): the delinquency
 * buckets, 0 or E for current, G collection, H foreclosure completed, J voluntary surrender, K repossession,
 * L charge-off. Statuses whose month is recorded by their Payment Rating (05, 13, 65, 88, 89) or that end the
 * account (61-64, DA, DF) have no fixed byte and give undefined.
 */
export function historyCodesFor(status: string): string | undefined {
  switch (status) {
    case '11':
      return '0E'
    case '93':
      return 'G'
    case '94':
      return 'H'
    case '95':
      return 'J'
    case '96':
      return 'K'
    case '97':
      return 'L'
    default: {
      const level = STATUS_LEVEL.get(status)
      return level === undefined ? undefined : String(level)
    }
  }
}
