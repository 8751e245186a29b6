// The Payment History Profile (CRRG base field 18, Exhibit 5): 24 bytes, one a month, newest first, the first
// byte being the month BEFORE the Date of Account Information (the current month is the Account Status itself).
import { STATUS_LEVEL, type Metro2Issue } from '../../metro2/index.ts'
import { CodeTable } from './code-table.ts'
import { HISTORY_CODE_LIST, HISTORY_CODES, HISTORY_LENGTH } from './codes.ts'
import { issue } from './issue.ts'

const FIELD = 'paymentHistoryProfile'
const B = 0x42

const shown = (history: string): string => `Payment History Profile "${history}"`

/**
 * A profile that breaks none of the rules below: Exhibit 5 codes, and once B starts only B. One compiled pattern
 * settles a valid profile faster than a loop over its characters (the codec gives it as a slice of the record).
 */
const WELL_FORMED = new RegExp(`^[${HISTORY_CODE_LIST.replace(/[ B]/g, '')}]*B*$`)

/** Syntax of the profile: its length, its characters, and B only as the fill of its ending positions. */
export function checkPaymentHistory(out: Metro2Issue[], history: string): void {
  const length = history.length
  if (length === HISTORY_LENGTH && WELL_FORMED.test(history)) return
  if (length !== HISTORY_LENGTH) {
    out.push(
      issue(
        'base',
        FIELD,
        'code.payment_history',
        `${shown(history)} has ${length} characters; expected ${HISTORY_LENGTH} (CRRG field 18)`,
      ),
    )
  }
  let bad = -1
  let embeddedB = -1
  let previousIsB = false
  for (let i = 0; i < length; i++) {
    const c = history.charCodeAt(i)
    if (bad < 0 && !HISTORY_CODES.hasCharCode(c)) bad = i
    // "A B may not be embedded within other values": once B (no history before this time) starts, only B follows.
    if (previousIsB && c !== B && embeddedB < 0) embeddedB = i - 1
    previousIsB = c === B
  }
  if (bad >= 0) {
    out.push(
      issue(
        'base',
        FIELD,
        'code.payment_history',
        `${shown(history)} has "${history[bad]}" at position ${bad + 1}; expected 0-6, B, D, E, G, H, J, K or L (CRRG Exhibit 5)`,
      ),
    )
  }
  if (embeddedB >= 0) {
    out.push(
      issue(
        'base',
        FIELD,
        'code.payment_history_embedded_b',
        `${shown(history)} has B at position ${embeddedB + 1} followed by other values; B may only fill the ending positions (CRRG field 18)`,
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

/** historyLevel of the character code of a history byte, -1 for none (NaN, the byte of an empty profile, too). */
export function historyLevelOf(charCode: number): number {
  if (charCode === 0x30 || charCode === 0x45) return 0
  return charCode >= 0x31 && charCode <= 0x36 ? charCode - 0x30 : -1
}

/** STATUS_LEVEL as a CodeTable, for the per-record check: the bucket, or -1 for the other statuses. */
export const STATUS_LEVELS = new CodeTable(STATUS_LEVEL)
