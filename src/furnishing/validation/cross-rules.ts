// Agreement between the fields of one record: delinquency dates, paid/closed accounts, amounts, history against
// status, dates against the validation day and against each other, portfolio against account type. Each rule is
// a direct test of the fields it names; a message is built only when the rule is broken.
import type { BaseSegment, DataRecord, Metro2Issue } from '../../metro2/index.ts'
import {
  ACCOUNT_TYPE_PORTFOLIOS,
  ACCOUNT_TYPES,
  BANKRUPTCY_INDICATORS,
  DEROGATORY_RATINGS,
  DOFD_STATUSES,
  PAID_STATUSES,
  PORTFOLIO_TYPES,
} from './codes.ts'
import { historyLevelOf, STATUS_LEVELS } from './history-rules.ts'
import { issue, label, quoted, type RecordSegment } from './issue.ts'

type Out = Metro2Issue[]
type DateField =
  'dateOpened' | 'dateAccountInformation' | 'dateFirstDelinquency' | 'dateClosed' | 'dateLastPayment'

/** Status 05 or 13 with a late, collection or charge-off Payment Rating (CRRG field 25 hierarchy rule 2). */
const ratedDerogatory = (b: Pick<BaseSegment, 'accountStatus' | 'paymentRating'>): boolean =>
  (b.accountStatus === '05' || b.accountStatus === '13') && DEROGATORY_RATINGS.has(b.paymentRating)

/** Delinquent or derogatory by its status (rules 1 and 2 of the CRRG field 25 hierarchy). */
export const isDerogatory = (b: Pick<BaseSegment, 'accountStatus' | 'paymentRating'>): boolean =>
  DOFD_STATUSES.has(b.accountStatus) || ratedDerogatory(b)

/**
 * Which rule of the CRRG field 25 hierarchy needs a Date of First Delinquency for this record, or NO_DOFD_RULE:
 * rule 1, the derogatory statuses; rule 2, status 05/13 with a late, collection or charge-off rating; rule 3, a
 * bankruptcy or personal receivership indicator on the primary consumer even when current.
 */
const NO_DOFD_RULE = 0
function dofdRule(b: BaseSegment): number {
  if (DOFD_STATUSES.has(b.accountStatus)) return 1
  if (ratedDerogatory(b)) return 2
  if (BANKRUPTCY_INDICATORS.has(b.consumerInformationIndicator)) return 3
  return NO_DOFD_RULE
}

/** What makes the DOFD required, in the words of the message, for a dofdRule other than NO_DOFD_RULE. */
function dofdReason(b: BaseSegment, rule: number): string {
  if (rule === 1) return `Account Status "${b.accountStatus}"`
  if (rule === 2) return `Account Status "${b.accountStatus}" with Payment Rating "${b.paymentRating}"`
  return `Consumer Information Indicator "${b.consumerInformationIndicator}"`
}

function checkDofd(out: Out, b: BaseSegment): void {
  const rule = dofdRule(b)
  if (rule !== NO_DOFD_RULE && b.dateFirstDelinquency === null) {
    out.push(
      issue(
        'base',
        'dateFirstDelinquency',
        'cross.dofd_required',
        `Date of First Delinquency is missing; ${dofdReason(b, rule)} requires it (CRRG field 25, FCRA §623(a)(5))`,
      ),
    )
  }
  // "If a delinquent account becomes current, the Date of First Delinquency should be zero filled."
  const current =
    b.accountStatus === '11' ||
    ((b.accountStatus === '05' || b.accountStatus === '13') && b.paymentRating === '0')
  if (rule === NO_DOFD_RULE && current && b.dateFirstDelinquency !== null) {
    out.push(
      issue(
        'base',
        'dateFirstDelinquency',
        'cross.dofd_unexpected',
        `Date of First Delinquency ${b.dateFirstDelinquency} is reported for a current account (Account Status "${b.accountStatus}"); it should be zero filled (CRRG field 25)`,
      ),
    )
  }
}

function checkAmounts(out: Out, b: BaseSegment): void {
  // CRRG FAQ 39/40: a paid or closed account reports the date it closed, or has nothing left to pay.
  if (PAID_STATUSES.has(b.accountStatus) && b.dateClosed === null && b.currentBalance !== 0) {
    out.push(
      issue(
        'base',
        'dateClosed',
        'cross.paid_closed',
        `Account Status "${b.accountStatus}" (paid or closed) has no Date Closed and a Current Balance of ${b.currentBalance}; expected a Date Closed or a zero balance (CRRG fields 17A, 26)`,
      ),
    )
  }
  // CRRG Exhibit 4: 13 is a "paid or closed account/zero balance", 61-65 an account "paid in full"; a closed
  // account that still owes reports its current or delinquent status with a Date Closed instead.
  if (PAID_STATUSES.has(b.accountStatus) && b.dateClosed !== null && b.currentBalance !== 0) {
    out.push(
      issue(
        'base',
        'currentBalance',
        'cross.paid_with_balance',
        `Account Status "${b.accountStatus}" (paid, or closed with a zero balance) has a Current Balance of ${b.currentBalance}; a closed account that still owes reports its current or delinquent status with its Date Closed (CRRG Exhibit 4, field 21)`,
      ),
    )
  }
  // CRRG field 22: the amount 30+ days past due is part of the balance owed.
  if (b.amountPastDue > b.currentBalance) {
    out.push(
      issue(
        'base',
        'amountPastDue',
        'cross.past_due_over_balance',
        `Amount Past Due ${b.amountPastDue} is above the Current Balance ${b.currentBalance} (CRRG fields 21, 22)`,
      ),
    )
  }
  // CRRG field 22: "If the Account Status is current (Status Code 11), this field should be zero."
  if (b.accountStatus === '11' && b.amountPastDue > 0) {
    out.push(
      issue(
        'base',
        'amountPastDue',
        'cross.current_past_due',
        `Amount Past Due ${b.amountPastDue} is reported with Account Status "11" (current); it should be zero (CRRG field 22)`,
      ),
    )
  }
}

/**
 * The first history byte is the PREVIOUS month's status (CRRG field 18); the Account Status is this month's.
 * What the guide makes certain is that unpaid due dates age the account by one 30-day bucket per month, so the
 * status may improve by any amount (payments catch up) but worsen by at most one bucket: 80 (90-119 days) cannot
 * follow a month at 0 (current). Only the delinquency buckets are compared (0/E and 1-6 against 11, 71-84);
 * B, D and the G-L outcomes say nothing about the day count. It is a warning, because furnishers that count
 * days rather than missed cycles can cross two bucket edges in a 31-day month (29 days late, then 60).
 */
function checkHistoryAgainstStatus(out: Out, b: BaseSegment): void {
  const level = STATUS_LEVELS.get(b.accountStatus)
  const previous = historyLevelOf(b.paymentHistoryProfile.charCodeAt(0))
  if (level >= 0 && previous >= 0 && level > previous + 1) {
    out.push(
      issue(
        'base',
        'paymentHistoryProfile',
        'cross.history_status',
        `Account Status "${b.accountStatus}" (${level * 30}+ days past due) follows "${b.paymentHistoryProfile[0]}" in the first byte of the Payment History Profile (the previous month); delinquency grows by at most one 30-day step a month (CRRG field 18, Exhibit 5)`,
      ),
    )
  }
}

function checkFuture(
  out: Out,
  segment: RecordSegment,
  field: DateField | 'dateBirth',
  value: string | null,
  today: string,
): void {
  // 'YYYY-MM-DD' strings: their order as strings is the order of the days.
  if (value !== null && value > today) out.push(futureIssue(segment, field, value, today))
}

// The messages are built apart from the checks, which stay small enough for the compiler to inline. The Header
// Record's dates are refused by the same rule and words (header-rules.ts).
export function futureIssue(
  segment: Metro2Issue['segment'],
  field: string,
  value: string,
  today: string,
): Metro2Issue {
  // A birth date is personal data, kept sealed under the consumer's key (DESIGN.md principle 4); issues are stored
  // in clear, so it is not quoted (found by probing: a mistyped year gave away the day and month).
  const shown = field === 'dateBirth' ? '' : ` ${value}`
  const message = `${label(field)}${shown} is after the validation date ${today}; a date may not be in the future`
  return issue(segment, field, 'cross.future_date', message)
}

/** CRRG fields 10, 24-27, 35: none of these may be a future date. K4 dates are planned dates and are left out. */
function checkFutureDates(out: Out, record: DataRecord, today: string): void {
  const b = record.base
  checkFuture(out, 'base', 'dateOpened', b.dateOpened, today)
  checkFuture(out, 'base', 'dateAccountInformation', b.dateAccountInformation, today)
  checkFuture(out, 'base', 'dateFirstDelinquency', b.dateFirstDelinquency, today)
  checkFuture(out, 'base', 'dateClosed', b.dateClosed, today)
  checkFuture(out, 'base', 'dateLastPayment', b.dateLastPayment, today)
  checkFuture(out, 'base', 'dateBirth', b.dateBirth, today)
  for (const j1 of record.j1) checkFuture(out, 'j1', 'dateBirth', j1.dateBirth, today)
  for (const j2 of record.j2) checkFuture(out, 'j2', 'dateBirth', j2.dateBirth, today)
}

/** The earlier date must not be after the later one; the issue names `blamed`. */
function checkOrder(
  out: Out,
  earlier: DateField,
  a: string | null,
  later: DateField,
  z: string | null,
  blamed: DateField,
): void {
  if (a !== null && z !== null && a > z) out.push(orderIssue(earlier, a, later, z, blamed))
}

function orderIssue(
  earlier: DateField,
  a: string,
  later: DateField,
  z: string,
  blamed: DateField,
): Metro2Issue {
  const message = `${label(earlier)} ${a} is after ${label(later)} ${z}; expected ${label(earlier)} <= ${label(later)}`
  return issue('base', blamed, 'cross.date_order', message)
}

/** Collection agency or attorney (48) and debt purchaser (0C): accounts taken over from the original creditor. */
const TAKEN_OVER_ACCOUNT_TYPES: ReadonlySet<string> = new Set(['48', '0C'])

/** The dates of the account must not run backwards. */
function checkDateOrder(out: Out, b: BaseSegment): void {
  const opened = b.dateOpened
  const dofd = b.dateFirstDelinquency
  const doai = b.dateAccountInformation
  // A collection agency's or debt buyer's Date Opened is when it took the account over, and its DOFD is the
  // original creditor's, which comes first (CRRG, guidelines for collection agencies and debt buyers).
  if (!TAKEN_OVER_ACCOUNT_TYPES.has(b.accountType))
    checkOrder(out, 'dateOpened', opened, 'dateFirstDelinquency', dofd, 'dateFirstDelinquency')
  checkOrder(out, 'dateFirstDelinquency', dofd, 'dateAccountInformation', doai, 'dateFirstDelinquency')
  checkOrder(out, 'dateOpened', opened, 'dateAccountInformation', doai, 'dateOpened')
  checkOrder(out, 'dateOpened', opened, 'dateClosed', b.dateClosed, 'dateClosed')
  checkOrder(out, 'dateLastPayment', b.dateLastPayment, 'dateAccountInformation', doai, 'dateLastPayment')
  // The record describes the account as of its Date of Account Information (CRRG Base Segment field 24), so it
  // cannot have closed later, as it cannot have been paid later (the line above).
  checkOrder(out, 'dateClosed', b.dateClosed, 'dateAccountInformation', doai, 'dateClosed')
}

/** CRRG Exhibit 2 lists the account types of each portfolio; see ACCOUNT_TYPE_PORTFOLIOS for the table. */
function checkPortfolio(out: Out, b: BaseSegment): void {
  const portfolios = ACCOUNT_TYPES.get(b.accountType)
  const portfolio = PORTFOLIO_TYPES.get(b.portfolioType)
  if (portfolios >= 0 && portfolio >= 0 && (portfolios & portfolio) === 0) {
    out.push(
      issue(
        'base',
        'accountType',
        'cross.portfolio_account_type',
        `${quoted('accountType', b.accountType)} is not listed under Portfolio Type "${b.portfolioType}" in CRRG Exhibit 2; expected Portfolio Type ${[...(ACCOUNT_TYPE_PORTFOLIOS.get(b.accountType) ?? '')].join(' or ')}`,
      ),
    )
  }
}

/** Adds to `out` the issues of the agreement between the fields of the record, measured against `today`. */
export function addCrossIssues(out: Out, record: DataRecord, today: string): void {
  const b = record.base
  checkDofd(out, b)
  checkAmounts(out, b)
  checkHistoryAgainstStatus(out, b)
  checkFutureDates(out, record, today)
  checkDateOrder(out, b)
  checkPortfolio(out, b)
}
