// Month over month: a record against the furnisher's previous report of the same account, which the ingestion
// reads from the database (account_index). Pure functions; nothing here reads a clock or a store.
import { historyCodesFor, type DataRecord, type Metro2Issue } from '../../metro2/index.ts'
import { FINAL_STATUSES, HISTORY_LENGTH } from './codes.ts'
import { isDerogatory } from './cross-rules.ts'
import { historyLevel } from './history-rules.ts'
import { issue } from './issue.ts'

/** The furnisher's last reported state of an account. */
export interface PriorAccountState {
  /** Its Date of Account Information, YYYY-MM-DD. */
  asOf: string
  status: string
  dofd: string | null
  history: string
  /** Its Payment Rating (CRRG field 17B), '' when none: with status 05 or 13 it tells whether it was late. */
  rating: string
  closed: boolean
}

/**
 * The state to keep after a record is applied, for next month's checks: closed when a Date Closed is reported.
 * Null without a Date of Account Information (such a record is rejected by required.date_account_information).
 */
export function priorStateOf(record: DataRecord): PriorAccountState | null {
  const b = record.base
  if (b.dateAccountInformation === null) return null
  return {
    asOf: b.dateAccountInformation,
    status: b.accountStatus,
    dofd: b.dateFirstDelinquency,
    history: b.paymentHistoryProfile,
    rating: b.paymentRating,
    closed: b.dateClosed !== null,
  }
}

/** Whole months from the month of `from` to the month of `to` (both YYYY-MM-DD): 2018-01-31 -> 2018-02-28 is 1. */
export function monthsBetween(from: string, to: string): number {
  return (
    (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
    Number(to.slice(5, 7)) -
    Number(from.slice(5, 7))
  )
}

/** Positions where `next[i + shift]` and `prev[i]` disagree, skipping the months `prev` had no data for (D). */
function mismatches(prev: string, next: string, shift: number): number[] {
  const out: number[] = []
  for (let i = 0; i + shift < HISTORY_LENGTH; i++) {
    if (prev[i] !== 'D' && prev[i] !== next[i + shift]) out.push(i + shift)
  }
  return out
}

/**
 * Re-aging (FCRA §623(a)(5), CRRG field 25 and Exhibit 9): the DOFD of an account that was and still is
 * delinquent or derogatory (by its status, not by a bankruptcy indicator, whose DOFD is the petition date) must
 * stay as it was. Derogatory by its status is either hierarchy rule of CRRG field 25 that needs a DOFD: rule 1, a
 * delinquent or derogatory status; rule 2, paid or closed (13) or transferred (05) with a late, collection or
 * charge-off Payment Rating (field 17B: 1-6, G, L), whose DOFD stays required (found by probing: a 13 rated 1,
 * then a later DOFD, was accepted). A later DOFD is allowed only after the account became current in
 * between ("if the account goes delinquent again, the DOFD starts over"), which the new history shows as a 0 or E
 * in a month after the prior report (positions 0 .. m-2); a prior report rated current (13 or 05 with rating 0)
 * is itself that current month.
 */
function checkDofd(out: Metro2Issue[], record: DataRecord, prior: PriorAccountState, months: number): void {
  const dofd = record.base.dateFirstDelinquency
  const wasDerogatory = isDerogatory({ accountStatus: prior.status, paymentRating: prior.rating })
  if (!wasDerogatory || prior.dofd === null || dofd === null) return
  if (!isDerogatory(record.base) || dofd === prior.dofd) return
  if (dofd > prior.dofd) {
    const between = [...record.base.paymentHistoryProfile.slice(0, Math.max(0, months - 1))]
    if (between.some((c) => historyLevel(c) === 0)) return
    out.push(
      issue(
        'base',
        'dateFirstDelinquency',
        'mom.reaging',
        `Date of First Delinquency moved from ${prior.dofd} to ${dofd} while the account stayed delinquent (status "${prior.status}" -> "${record.base.accountStatus}"): re-aging is not allowed (FCRA §623(a)(5), CRRG field 25)`,
      ),
    )
  } else {
    out.push(
      issue(
        'base',
        'dateFirstDelinquency',
        'mom.dofd_moved_earlier',
        `Date of First Delinquency moved from ${prior.dofd} to ${dofd} while the account stayed delinquent; the DOFD should not change (CRRG field 25)`,
      ),
    )
  }
}

/**
 * The history must advance by the m months elapsed: the new profile from position m on repeats the old one
 * from position 0 (the CRRG fills position 0 .. m-1 with the months since). Decisions:
 * - bytes that were D (no data that month) may be filled in later and are not compared;
 * - the profile is the CRRG's "method for automated correction of erroneously reported history", so any other
 *   difference is a correction, reported as the warning mom.history_rewritten;
 * - except when the new profile is the old one shifted by another number of months (0 = not shifted at all),
 *   which is a stale or mis-aligned history, the error mom.history_shift;
 * - a second report for the month already reported (m = 0) covers the same months, so its profile must line up
 *   unshifted (found by probing: one shifted by a month was accepted, and the grid moved every month). There a
 *   shift by k explains a profile only when it needs more than k corrections unshifted: a correction of the
 *   latest month of a uniform history also reads as that history shifted by one.
 */
function checkHistoryShift(out: Metro2Issue[], next: string, prior: PriorAccountState, months: number): void {
  const prev = prior.history
  if (
    months < 0 ||
    months >= HISTORY_LENGTH ||
    prev.length !== HISTORY_LENGTH ||
    next.length !== HISTORY_LENGTH
  )
    return
  const wrong = mismatches(prev, next, months)
  if (wrong.length === 0) return
  // Another shift counts as the explanation only with at least half the profile overlapping.
  const shift = [...Array(HISTORY_LENGTH / 2 + 1).keys()].find(
    (k) => k !== months && mismatches(prev, next, k).length === 0 && (months > 0 || wrong.length > k),
  )
  if (shift !== undefined) {
    out.push(
      issue(
        'base',
        'paymentHistoryProfile',
        'mom.history_shift',
        `Payment History Profile "${next}" is the profile of ${prior.asOf} ("${prev}") shifted by ${shift} month(s); ${months} month(s) have passed since, so it must shift by ${months} (CRRG field 18)`,
      ),
    )
  } else {
    out.push(
      issue(
        'base',
        'paymentHistoryProfile',
        'mom.history_rewritten',
        `Payment History Profile "${next}" changes ${wrong.length} month(s) reported on ${prior.asOf} ("${prev}" shifted by ${months}) at position(s) ${wrong.map((p) => p + 1).join(', ')}; treated as a correction (CRRG field 18)`,
      ),
    )
  }
}

/** The month of the prior report sits at position m-1 of the new history and shows its status (Exhibit 5). */
function checkHistoryStatus(
  out: Metro2Issue[],
  next: string,
  prior: PriorAccountState,
  months: number,
): void {
  const expected = historyCodesFor(prior.status)
  const shown = next[months - 1]
  if (months < 1 || months > HISTORY_LENGTH || expected === undefined || shown === undefined) return
  if (!expected.includes(shown)) {
    out.push(
      issue(
        'base',
        'paymentHistoryProfile',
        'mom.history_status',
        `Payment History Profile shows "${shown}" at position ${months} for ${prior.asOf}, when Account Status "${prior.status}" was reported; expected ${[...expected].join(' or ')} (CRRG field 18, Exhibit 5)`,
      ),
    )
  }
}

export function validateMonthOverMonth(record: DataRecord, prior: PriorAccountState): Metro2Issue[] {
  const doai = record.base.dateAccountInformation
  if (doai === null) return []
  const months = monthsBetween(prior.asOf, doai)
  if (doai < prior.asOf) {
    return [
      issue(
        'base',
        'dateAccountInformation',
        'mom.doai_regressed',
        `Date of Account Information ${doai} is before ${prior.asOf}, the one last reported for this account; older data may not replace newer`,
      ),
    ]
  }
  const out: Metro2Issue[] = []
  checkDofd(out, record, prior, months)
  checkHistoryShift(out, record.base.paymentHistoryProfile, prior, months)
  checkHistoryStatus(out, record.base.paymentHistoryProfile, prior, months)
  return out
}

/**
 * An account of the furnisher's previous file that this file does not report although it was neither closed
 * nor in a final status (deleted DA/DF, transferred 05, paid 13/61-65): the CRRG asks for every account every
 * month, and a silent drop leaves a stale tradeline. A file-level warning; null when the absence is expected.
 */
export function vanishedAccount(
  prior: Pick<PriorAccountState, 'asOf' | 'status' | 'closed'>,
  accountNumber: string,
): Metro2Issue | null {
  if (prior.closed || FINAL_STATUSES.has(prior.status)) return null
  return issue(
    'file',
    'consumerAccountNumber',
    'mom.vanished_account',
    `Account "${accountNumber}", reported open with Account Status "${prior.status}" as of ${prior.asOf}, is missing from this file`,
  )
}
