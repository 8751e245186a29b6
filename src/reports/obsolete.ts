// Obsolete negative information: a lender's report leaves out a negative account once the jurisdiction
// profile's retention period (negativeRetentionYears, counted from negativeRetentionFrom) has run. Pure; the
// report applies it to the rows it read before it computes attributes, scores or releases tradelines. The
// consumer's own file is not filtered (DESIGN.md: the consumer sees their whole file). Reporting less than the
// law allows is always lawful, so where the start of the period is not exact it is taken early, not late,
// except where noted below.
import type { JurisdictionProfile } from '../consent/index.ts'
import { COLLECTION_ACCOUNT_TYPES } from './attributes.model.ts'
import type { TradelineRow } from './file.store.ts'

export type RetentionRule = Pick<JurisdictionProfile, 'negativeRetentionYears' | 'negativeRetentionFrom'>

/** What the rule reads of a tradeline: its state as last reported (the tradelines row). */
export type RetentionFields = Pick<
  TradelineRow,
  | 'account_status'
  | 'payment_rating'
  | 'account_type'
  | 'current_balance'
  | 'date_first_delinquency'
  | 'date_closed'
  | 'date_last_payment'
>

// CRRG field 25: the Account Statuses reported with a Date of First Delinquency (61-65 paid after a
// derogatory event, 71-84 past due, 88-97 derogatory), the same list the furnishing validator enforces.
const NEGATIVE_STATUSES: ReadonlySet<string> = new Set(
  '61 62 63 64 65 71 78 80 82 83 84 88 89 93 94 95 96 97'.split(' '),
)
// CRRG field 17B: the Payment Ratings that make a 05 or 13 account negative (30-180+ days, collection, charge-off).
const NEGATIVE_RATINGS: ReadonlySet<string> = new Set('1 2 3 4 5 6 G L'.split(' '))
// CRRG Exhibit 4: 13 paid or closed, 61-65 paid in full after a surrender, collection, repossession, charge-off
// or a started foreclosure. 05 (transferred) is not a settlement: the debt moved to another holder.
const PAID_STATUSES: ReadonlySet<string> = new Set(['13', '61', '62', '63', '64', '65'])

/** Negative: dated delinquency, a derogatory status or rating, or a collection agency's account (type 48, 0C). */
export function isNegative(t: RetentionFields): boolean {
  return (
    t.date_first_delinquency !== null ||
    NEGATIVE_STATUSES.has(t.account_status) ||
    NEGATIVE_RATINGS.has(t.payment_rating) ||
    COLLECTION_ACCOUNT_TYPES.has(t.account_type)
  )
}

/** Settled: reported paid (13, 61-65), or closed with nothing owed. */
export function isSettled(t: RetentionFields): boolean {
  return PAID_STATUSES.has(t.account_status) || (t.date_closed !== null && t.current_balance === 0)
}

const day = (d: string | null): string | undefined => (d === null ? undefined : d.slice(0, 10))

// The Date Closed of a paid charge-off or collection is often the charge-off's, before the payment: an early
// start, so lawful; the Date of Last Payment serves when no Date Closed was reported.
const settledOn = (t: RetentionFields): string | undefined =>
  isSettled(t) ? (day(t.date_closed) ?? day(t.date_last_payment)) : undefined

/**
 * The day the retention period of a negative account starts, or undefined when it has not started (an unsettled
 * debt under 'settlement') or cannot be dated; such an account is kept.
 */
export function retentionStart(
  t: RetentionFields,
  from: RetentionRule['negativeRetentionFrom'],
): string | undefined {
  switch (from) {
    // FCRA §605(c)(1) counts the seven years from 180 days after the delinquency began; the bureaus purge by
    // the Date of First Delinquency (CRRG field 25). DOFD itself is 180 days earlier: the report leaves the
    // account out up to half a year sooner than the Act requires, which it may.
    case 'first_delinquency':
      return day(t.date_first_delinquency)
    // KHR Act §9, the German code of conduct and GDPR bureau policy count from repayment: an unpaid debt is
    // kept however old.
    case 'settlement':
      return settledOn(t)
    // 征信业管理条例 art. 16 counts from the day the adverse behaviour ended, which the file does not record.
    // Approximated: a settled account ended it when settled; an account now current (11) that has a DOFD
    // ended it no later than its last payment. The last payment of an account still being paid keeps moving
    // on, so this errs late: such an account stays on the report until it has gone N years without a payment
    // or is settled. A still delinquent account has not ended its adverse behaviour and is kept.
    case 'delinquency_end':
      return (
        settledOn(t) ??
        (t.account_status === '11' && t.date_first_delinquency !== null
          ? day(t.date_last_payment)
          : undefined)
      )
  }
}

/**
 * `start` plus `years` (fractions as whole months), the day clamped to the month's last (29 February plus a
 * year is 28 February: a day early, which is lawful).
 */
export function retentionEnd(start: string, years: number): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number]
  const months = y * 12 + (m - 1) + Math.round(years * 12)
  const year = Math.floor(months / 12)
  const month = months % 12
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10)
}

/**
 * Obsolete on `asOf` (YYYY-MM-DD): a negative account whose retention period has run. The period has run on
 * the anniversary of its start ("3 years to the day"); positive accounts are never obsolete under this rule.
 */
export function isObsolete(t: RetentionFields, rule: RetentionRule, asOf: string): boolean {
  if (!isNegative(t)) return false
  const start = retentionStart(t, rule.negativeRetentionFrom)
  return start !== undefined && asOf >= retentionEnd(start, rule.negativeRetentionYears)
}

/** The rows a lender's report may show on `asOf`: every one that is not obsolete, snapshots and all. */
export function withoutObsolete<T extends RetentionFields>(
  rows: readonly T[],
  rule: RetentionRule,
  asOf: string,
): T[] {
  return rows.filter((t) => !isObsolete(t, rule, asOf))
}
