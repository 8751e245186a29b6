// computeAttributes: the bureau attributes of one consumer as of any date, from their monthly snapshots, the
// static facts of their accounts and their inquiries. No look-ahead: nothing dated after the date is read, so
// an attribute computed for a past date is what it would have been that day (DESIGN.md "scoring"). Given a
// jurisdiction profile's retention rule, the months of an account whose retention period has run are not counted
// (obsolete-months.ts), as a lender's report and the score need; batch training gives none. Pure.
// The terms (state, open, class, limit, scale, "in N months") are defined in attribute-definitions.ts.
import { ATTRIBUTES, type AttributeName, type AttributeValues } from './attribute-definitions.ts'
import {
  accountClass,
  CHARGE_OFF_STATUSES,
  COLLECTION_ACCOUNT_TYPES,
  COLLECTION_STATUSES,
  DELETED_STATUSES,
  historyScale,
  monthIndex,
  OPEN_STATUSES,
  statusScale,
  type AccountClass,
  type AttributeInquiry,
  type AttributeSnapshot,
  type MonthMark,
  type TradelineFact,
} from './attributes.model.ts'
import type { RetentionRule } from './obsolete.ts'
import { withoutObsoleteMonths } from './obsolete-months.ts'

export { ATTRIBUTES, type AttributeName, type AttributeValues }

/** Whole months from `from` to `to` (YYYY-MM-DD): 2024-01-15 to 2024-07-14 is 5, to 2024-07-15 is 6. */
export function wholeMonths(from: string, to: string): number {
  const months = monthIndex(to) - monthIndex(from)
  return to.slice(8, 10) < from.slice(8, 10) ? months - 1 : months
}

const round = (x: number, places: number): number => Math.round(x * 10 ** places) / 10 ** places

interface Account {
  fact: TradelineFact
  state: AttributeSnapshot
  cls: AccountClass
  /** Open by its dates alone: what the accounts category tells (see accountOf). */
  open: boolean
  /** Open and 30 or more days past due by its Account Status: payment history. */
  pastDue: boolean
  /** Scale value by months before the month of the date (index 0 = that month); undefined = not rated. */
  months: (number | undefined)[]
  chargedOff: boolean
  collection: boolean
}

// What each month was last reported as: a later report of a month replaces an earlier one's, for the scale and
// for the charge-off and collection marks alike, so a month a furnisher corrected (a new Payment History
// Profile, CRRG field 18, or a same-month correction) no longer counts as what it was first reported to be
// (FCRA §607(b), §623(a)(2): the corrected information is the information).
function marksOf(history: readonly AttributeSnapshot[], dateMonth: number): (MonthMark | undefined)[] {
  const marks: (MonthMark | undefined)[] = []
  // Oldest first, so that a later report of a month replaces an earlier one's.
  for (const s of history) {
    const ago = dateMonth - monthIndex(s.asOf)
    marks[ago] = {
      scale: statusScale(s.accountStatus, s.paymentRating) ?? marks[ago]?.scale,
      chargedOff: CHARGE_OFF_STATUSES.has(s.accountStatus) || s.paymentRating === 'L',
      collection: COLLECTION_STATUSES.has(s.accountStatus) || s.paymentRating === 'G',
    }
    for (let k = 0; k < s.paymentHistory.length && k < 24; k++) {
      // B, D and blank say nothing of the month: what was reported of it before stands.
      const code = s.paymentHistory[k]!
      const scale = historyScale(code)
      if (scale !== undefined)
        marks[ago + k + 1] = { scale, chargedOff: code === 'L', collection: code === 'G' }
    }
  }
  return marks
}

function accountOf(
  fact: TradelineFact,
  history: AttributeSnapshot[],
  asOf: string,
  retention: RetentionRule | undefined,
): Account | undefined {
  const state = history.at(-1)
  if (state === undefined || DELETED_STATUSES.has(state.accountStatus)) return undefined
  if (fact.dateOpened !== null && fact.dateOpened > asOf) return undefined
  // The accounts category releases the Date Closed, not the Account Status (report.build.ts), so its attributes
  // call an account open when no Date Closed on or before the date was reported. Open by status as well (11,
  // 71-84) told an accounts-only consent that an account without a Date Closed had been charged off (97) or placed
  // in collection: a status only payment_history releases.
  const open = state.dateClosed === null || state.dateClosed > asOf
  const pastDue = open && OPEN_STATUSES.has(state.accountStatus) && state.accountStatus !== '11'
  const all = marksOf(history, monthIndex(asOf))
  const marks = retention === undefined ? all : withoutObsoleteMonths(all, history, retention, asOf)
  return {
    fact,
    state,
    cls: accountClass(fact.portfolioType),
    open,
    pastDue,
    months: Array.from(marks, (m) => m?.scale),
    chargedOff: marks.some((m) => m?.chargedOff === true),
    collection: marks.some((m) => m?.collection === true) || COLLECTION_ACCOUNT_TYPES.has(fact.accountType),
  }
}

const monthLabel = (month: number): string =>
  `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`

/**
 * The months (YYYY-MM) of one account, from its reports, that computeAttributes does not count on `asOf` under
 * `rule` (obsolete-months.ts): a lender's payment grid shows them as D, no data, as its attributes leave them out.
 */
export function obsoleteMonthsOf(
  reports: readonly AttributeSnapshot[],
  asOf: string,
  rule: RetentionRule,
): Set<string> {
  const known = reports
    .filter((s) => s.asOf <= asOf)
    .sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0))
  const month = monthIndex(asOf)
  const all = marksOf(known, month)
  const kept = withoutObsoleteMonths(all, known, rule, asOf)
  const out = new Set<string>()
  all.forEach((m, ago) => {
    if (m !== undefined && kept[ago] === undefined) out.add(monthLabel(month - ago))
  })
  return out
}

/** The accounts known on `asOf`, each with its state then; credit accounts and alternative payments apart. */
function accountsAsOf(
  snapshots: readonly AttributeSnapshot[],
  facts: readonly TradelineFact[],
  asOf: string,
  retention: RetentionRule | undefined,
) {
  const byTradeline = new Map<string, AttributeSnapshot[]>()
  for (const s of snapshots) {
    if (s.asOf > asOf) continue
    const list = byTradeline.get(s.tradelineId)
    if (list === undefined) byTradeline.set(s.tradelineId, [s])
    else list.push(s)
  }
  const credit: Account[] = []
  const alternative: Account[] = []
  for (const fact of facts) {
    const history = byTradeline
      .get(fact.tradelineId)
      ?.sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0))
    const account = history && accountOf(fact, history, asOf, retention)
    if (account !== undefined) (fact.alternativePayment ? alternative : credit).push(account)
  }
  return { credit, alternative }
}

const limitOf = (a: Account): number =>
  a.state.creditLimit > 0 ? a.state.creditLimit : a.cls === 'revolving' ? 0 : a.state.highestCredit

function worst(accounts: readonly Account[], window: number): number | null {
  let w: number | null = null
  for (const a of accounts) {
    const end = Math.min(window, a.months.length)
    for (let m = 0; m < end; m++) {
      const v = a.months[m]
      if (v !== undefined && (w === null || v > w)) w = v
    }
  }
  return w
}

export function computeAttributes(
  snapshots: readonly AttributeSnapshot[],
  tradelineFacts: readonly TradelineFact[],
  inquiries: readonly AttributeInquiry[],
  asOf: string,
  /** The jurisdiction profile's rule: months past its retention period are not counted (obsolete-months.ts). */
  retention?: RetentionRule,
): AttributeValues {
  const { credit, alternative } = accountsAsOf(snapshots, tradelineFacts, asOf, retention)
  // The accounts category leaves collection accounts out: only payment_history releases them (report.build.ts),
  // and a count, sum or age that held them would reveal them (attribute-definitions.ts).
  const trades = credit.filter((a) => !COLLECTION_ACCOUNT_TYPES.has(a.fact.accountType))
  const open = trades.filter((a) => a.open)
  const v = Object.fromEntries(ATTRIBUTES.map((d) => [d.name, 0])) as Record<AttributeName, number | null>
  const sum = (list: readonly Account[], f: (a: Account) => number) => list.reduce((s, a) => s + f(a), 0)

  v.open_accounts = open.length
  v.all_accounts = trades.length
  for (const cls of ['revolving', 'installment', 'mortgage', 'other'] as const) {
    const openOfClass = open.filter((a) => a.cls === cls)
    v[`open_${cls}_accounts`] = openOfClass.length
    v[`all_${cls}_accounts`] = trades.filter((a) => a.cls === cls).length
    v[`${cls}_balance`] = sum(openOfClass, (a) => a.state.currentBalance)
    v[`${cls}_limit`] = sum(openOfClass, limitOf)
  }
  v.total_balance = sum(open, (a) => a.state.currentBalance)
  v.total_limit = sum(open, limitOf)

  const limited = open.filter((a) => a.cls === 'revolving' && a.state.creditLimit > 0)
  const limits = sum(limited, (a) => a.state.creditLimit)
  v.revolving_utilisation = limits > 0 ? round(sum(limited, (a) => a.state.currentBalance) / limits, 4) : null
  v.max_revolving_utilisation =
    limited.length > 0
      ? round(Math.max(...limited.map((a) => a.state.currentBalance / a.state.creditLimit)), 4)
      : null
  v.past_due_amount = sum(credit, (a) => a.state.amountPastDue)
  v.currently_delinquent_accounts = credit.filter((a) => a.pastDue).length

  const ages = trades.flatMap((a) =>
    a.fact.dateOpened === null ? [] : [wholeMonths(a.fact.dateOpened, asOf)],
  )
  v.oldest_account_age_months = ages.length > 0 ? Math.max(...ages) : null
  v.average_account_age_months =
    ages.length > 0 ? round(ages.reduce((s, x) => s + x, 0) / ages.length, 1) : null
  v.accounts_opened_6m = ages.filter((m) => m < 6).length
  v.accounts_opened_12m = ages.filter((m) => m < 12).length

  v.worst_status_ever = worst(credit, Infinity)
  v.worst_status_6m = worst(credit, 6)
  v.worst_status_12m = worst(credit, 12)
  v.worst_status_24m = worst(credit, 24)
  let lastLate: number | null = null
  let late30 = 0
  let late60 = 0
  let late90 = 0
  for (const a of credit) {
    a.months.forEach((s, ago) => {
      if (s === undefined || s < 1) return
      if (lastLate === null || ago < lastLate) lastLate = ago
      if (ago >= 24) return
      if (s === 1) late30++
      else if (s === 2) late60++
      else late90++
    })
  }
  v.months_since_last_delinquency = lastLate
  v.delinquencies_30_24m = late30
  v.delinquencies_60_24m = late60
  v.delinquencies_90_24m = late90
  v.charge_offs = credit.filter((a) => a.chargedOff).length
  v.collections = credit.filter((a) => a.collection).length

  const hard = inquiries.flatMap((q) => {
    const day = new Date(q.at).toISOString().slice(0, 10)
    return q.hard && day <= asOf ? [wholeMonths(day, asOf)] : []
  })
  v.hard_inquiries_6m = hard.filter((m) => m < 6).length
  v.hard_inquiries_12m = hard.filter((m) => m < 12).length
  v.months_since_last_hard_inquiry = hard.length > 0 ? Math.min(...hard) : null

  v.alternative_payment_accounts = alternative.length
  let rated = 0
  let onTime = 0
  for (const a of alternative) {
    for (let m = 0; m < Math.min(24, a.months.length); m++) {
      const s = a.months[m]
      if (s === undefined) continue
      rated++
      if (s === 0) onTime++
    }
  }
  v.alternative_on_time_share = rated > 0 ? round(onTime / rated, 4) : null
  return v
}
