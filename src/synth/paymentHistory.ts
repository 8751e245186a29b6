// The Payment History Profile (CRRG Base Segment field 18) and the status codes behind it.
//
// CRRG Exhibit 5: the profile holds 24 months, newest first, and its first position is the month BEFORE the
// Date of Account Information, because the current month is in the Account Status. Each month the furnisher
// shifts the profile one position right and puts last month's status in front; months before the account
// existed are B.
import { historyCodeOf } from '../metro2/index.ts'

/** Months past due (0 current .. 6 = 180+) -> Account Status (CRRG field 17A). */
export const DELINQUENT_STATUS = ['11', '71', '78', '80', '82', '83', '84'] as const

export const NO_HISTORY = 'B'.repeat(24)

/**
 * The profile character that a month reported with this status and balance becomes the next month. Terminal
 * statuses (13, 61-65, DA) are reported once and record no byte of their own; nothing follows them (D).
 */
export function historyCode(accountStatus: string, currentBalance: number): string {
  return historyCodeOf(accountStatus, currentBalance) ?? 'D'
}

/** Next month's profile: last month's code in front, the oldest month dropped. */
export function shiftHistory(profile: string, lastMonthCode: string): string {
  return lastMonthCode + profile.slice(0, 23)
}

/** The profile of an account opened `monthsOpen` months before the month reported, all of them current. */
export function currentHistory(monthsOpen: number): string {
  const known = Math.max(0, Math.min(24, monthsOpen))
  return '0'.repeat(known) + 'B'.repeat(24 - known)
}
