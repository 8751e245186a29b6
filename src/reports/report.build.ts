// Assembles the lender's report from what its transaction read, releasing only the data categories that the
// consent covers (DESIGN.md principle 2): identity -> names, birth dates, addresses; accounts -> credit
// tradelines (what the accounts are: lender, type, dates, limits, balances, terms); alternative_payments ->
// utility, telecom and rent accounts; payment_history -> how they were paid: Account Status and Payment Rating,
// amounts past due, charged off and actually paid, grids, dates of first delinquency and of the last payment,
// Special Comments, Consumer Information
// Indicators, collection accounts (type 48, 0C: a debt in collection) and the delinquency attributes;
// inquiries -> every earlier hard inquiry and their counts; public_records -> none held yet. An attribute is
// released only with every category it reveals (AttributeDefinition.categories). Pure.
import type { Category, Consent, Purpose } from '../consent/index.ts'
import type { Identity, PiiEntry } from '../identity/index.ts'
import type { FraudAlert } from '../rights/index.ts'
import { ATTRIBUTES, type AttributeValues } from './attribute-definitions.ts'
import { obsoleteMonthsOf } from './attributes.ts'
import {
  COLLECTION_ACCOUNT_TYPES,
  isAlternativePayment,
  STATUS_SCALE_TEXT,
  type AccountClass,
} from './attributes.model.ts'
import { fileTradeline } from './file.model.ts'
import type { TradelineRow } from './file.store.ts'
import type { ReportInquiry } from './inquiry.model.ts'
import type { RetentionRule } from './obsolete.ts'
import type { TradelineWithHistory } from './report.store.ts'
import type { TradelineAliases } from './tradeline-alias.ts'
import type {
  LenderReport,
  MatchMethod,
  ReportScore,
  ReportSummary,
  ReportTradeline,
} from './report.model.ts'

/** How a tradeline is shown: with payment_history or not, under the member's id, the grid's months withheld. */
export interface TradelineView {
  withHistory: boolean
  alias: TradelineAliases
  /** Months (YYYY-MM) past the retention period (obsolete-months.ts), shown on the grid as D, no data. */
  obsoleteMonths?: ReadonlySet<string> | undefined
}

export function reportTradeline(row: TradelineRow, view: TradelineView): ReportTradeline {
  const { paymentGrid, dates, status, amounts, specialComment, consumerInformationIndicator, ...file } =
    fileTradeline(row)
  // The member's own id of the account, never the stored one (tradeline-alias.ts).
  const rest = { ...file, tradelineId: view.alias(row.tradeline_id) }
  const alternativePayment = isAlternativePayment(row.account_type, row.extra)
  if (view.withHistory) {
    // A closed account's grid ends when it was last reported, so it may hold months whose period has run.
    const gone = view.obsoleteMonths
    const grid =
      gone === undefined || gone.size === 0
        ? paymentGrid
        : paymentGrid.map((m) => (gone.has(m.month) ? { month: m.month, code: 'D' } : m))
    const released = { specialComment, consumerInformationIndicator, status, amounts, dates }
    return { ...rest, ...released, paymentGrid: grid, alternativePayment }
  }
  // Withheld: the Special Comment (CRRG field 19: AU settled for less, M closed by the grantor...) says how the
  // account was handled or paid; the Consumer Information Indicator (field 38) says this debt was taken into a
  // bankruptcy, discharged in it or reaffirmed, or that its consumer cannot be found. That is how this account
  // was settled, so it follows payment_history; public_records releases court filings, and would let an
  // accounts-and-public-records consent learn that a released account was discharged unpaid.
  // Kept: the Compliance Condition (field 20: XB disputed), as a released account goes with its dispute notice
  // (FCRA §623(a)(3), §611).
  // Withheld too: the Actual Payment Amount (field 16) and the Date of Last Payment (field 26). Beside the Scheduled
  // Monthly Payment and the balance they tell a short payment or months without one, which is how it was paid.
  const { firstDelinquency: _withheld, lastPayment: _lastPayment, ...accountDates } = dates
  const { pastDue: _pastDue, chargedOff: _chargedOff, actualPayment: _actual, ...accountAmounts } = amounts
  return { ...rest, amounts: accountAmounts, alternativePayment, dates: accountDates }
}

// Payment History Profile characters of a late or derogatory month (CRRG field 18, Exhibit 5).
const ADVERSE_HISTORY = /[1-6GHJKL]/

/**
 * Released tradelines: credit accounts with `accounts`, alternative payments with `alternative_payments`, and
 * collection accounts (Account Type 48, 0C) only with `payment_history` too, since their being there says that a
 * debt went unpaid (the `collections` attribute counts them).
 */
export function releasedTradelines(
  rows: readonly TradelineWithHistory[],
  categories: readonly Category[],
  alias: TradelineAliases,
  retention: { rule: RetentionRule; asOf: string },
): ReportTradeline[] {
  const credit = categories.includes('accounts')
  const alternative = categories.includes('alternative_payments')
  const withHistory = categories.includes('payment_history')
  return rows
    .filter((r) => withHistory || !COLLECTION_ACCOUNT_TYPES.has(r.account_type))
    .filter((r) => (isAlternativePayment(r.account_type, r.extra) ? alternative : credit))
    .map((r) =>
      reportTradeline(r, {
        withHistory,
        alias,
        // Only months the history shows late or derogatory can be obsolete; the month of the state never is.
        obsoleteMonths:
          withHistory && ADVERSE_HISTORY.test(r.payment_history)
            ? obsoleteMonthsOf(r.snapshots, retention.asOf, retention.rule)
            : undefined,
      }),
    )
}

const scaleOf = (v: number | null) =>
  v === null ? null : { scale: v, text: STATUS_SCALE_TEXT[v] ?? String(v) }

export function reportSummary(
  v: AttributeValues,
  categories: readonly Category[],
  asOf: string,
): ReportSummary {
  const has = (c: Category) => categories.includes(c)
  const attributes = Object.fromEntries(
    ATTRIBUTES.filter((d) => d.categories.every(has)).map((d) => [d.name, v[d.name]]),
  )
  const byClass = (c: AccountClass) => ({
    open: v[`open_${c}_accounts`] ?? 0,
    all: v[`all_${c}_accounts`] ?? 0,
    balance: v[`${c}_balance`] ?? 0,
    limit: v[`${c}_limit`] ?? 0,
  })
  return {
    asOf,
    ...(has('accounts')
      ? {
          openAccounts: v.open_accounts ?? 0,
          byType: {
            revolving: byClass('revolving'),
            installment: byClass('installment'),
            mortgage: byClass('mortgage'),
            other: byClass('other'),
          },
          totalBalance: v.total_balance ?? 0,
          totalLimit: v.total_limit ?? 0,
          revolvingUtilisation: v.revolving_utilisation,
          oldestAccountAgeMonths: v.oldest_account_age_months,
        }
      : {}),
    ...(has('payment_history')
      ? {
          worstStatus24m: scaleOf(v.worst_status_24m),
          monthsSinceLastDelinquency: v.months_since_last_delinquency,
        }
      : {}),
    ...(has('inquiries') ? { hardInquiries12m: v.hard_inquiries_12m ?? 0 } : {}),
    attributes,
  }
}

export interface ReportParts {
  reportId: string
  generatedAt: string
  consumerKey: string
  match: MatchMethod
  purpose: Purpose
  legalGround: string
  consent: Consent | undefined
  hard: boolean
  categories: readonly Category[]
  alerts: FraudAlert[]
  identity: Identity | undefined
  tradelines: readonly TradelineWithHistory[]
  /** The jurisdiction profile's retention rule: the grids leave out the months it makes obsolete. */
  retention: RetentionRule
  /** The asking member's ids of the accounts (tradeline-alias.ts). */
  tradelineAliases: TradelineAliases
  attributes: AttributeValues
  inquiries: readonly ReportInquiry[]
  /** The score, when the scoring module made one for this report. */
  score?: ReportScore | undefined
}

/**
 * Identity entries without the furnisher that reported them (report.model.ts, ReportIdentity): named field by
 * field, since the report is written as built (typedSuccess) and a spread would carry a new field along.
 */
function unsourced<T>(entries: readonly PiiEntry<T>[] | undefined) {
  return (entries ?? []).map((e) =>
    e.readable
      ? { readable: true as const, value: e.value, firstSeen: e.firstSeen, lastSeen: e.lastSeen }
      : { readable: false as const, firstSeen: e.firstSeen, lastSeen: e.lastSeen },
  )
}

export function assembleReport(p: ReportParts): LenderReport {
  const has = (c: Category) => p.categories.includes(c)
  const id = p.identity
  return {
    reportId: p.reportId,
    generatedAt: p.generatedAt,
    consumerKey: p.consumerKey,
    match: { method: p.match },
    purpose: p.purpose,
    legalGround: p.legalGround,
    consent: p.consent ? { id: p.consent.id, mode: p.consent.mode, storeDays: p.consent.storeDays } : null,
    inquiry: { id: p.reportId, hard: p.hard },
    categories: [...p.categories],
    alerts: p.alerts,
    ...(has('identity')
      ? {
          identity: {
            shredded: id?.shredded ?? false,
            names: unsourced(id?.names),
            birthDates: unsourced(id?.birthDates),
            addresses: unsourced(id?.addresses),
          },
        }
      : {}),
    ...(has('accounts') || has('alternative_payments')
      ? {
          tradelines: releasedTradelines(p.tradelines, p.categories, p.tradelineAliases, {
            rule: p.retention,
            asOf: p.generatedAt.slice(0, 10),
          }),
        }
      : {}),
    summary: reportSummary(p.attributes, p.categories, p.generatedAt.slice(0, 10)),
    ...(has('inquiries') ? { inquiries: [...p.inquiries] } : {}),
    ...(has('public_records') ? { publicRecords: [] } : {}),
    ...(p.score ? { score: p.score } : {}),
  }
}
