// The bureau's own training data, row by row (issue: scoring, "training data"): who is in the population at an
// observation date D, which segment they fall in, and what happened to them in the 12 months after D. Pure.
//
// - Population: consumers with at least one account open at D: its latest monthly snapshot dated on or
//   before D has an open Account Status (CRRG Exhibit 4: 11, 71-84) and no Date Closed on or before D.
//   Utility, telecom and rent accounts count: they are the whole file of many thin-file consumers.
// - Outcome ("bad"): a new serious delinquency in (D, D + 12 months]: a snapshot dated in the window whose
//   status is 90 days past due or worse (scale 3-7: status 80-84, a charge-off 97/64, a collection 93/62, or
//   another major derogatory), or a Payment History Profile month after D's month rated 3-6, G, H, J, K or L.
//   An account already in that state at D does not count again: the outcome is what D did not yet show.
// - Indeterminate: no snapshot of any of the consumer's accounts dated in the window. Such consumers are
//   left out of training (their outcome is unknown), and the model card says how many.
// - Segment: thin file when the consumer has fewer than 2 credit accounts or the oldest is under 6 months
//   old at D (or has no Date Opened); thick otherwise.
import {
  DELETED_STATUSES,
  OPEN_STATUSES,
  historyScale,
  statusScale,
  type AttributeSnapshot,
  type AttributeValues,
} from '../reports/index.ts'

export const SEGMENTS = ['thick', 'thin'] as const
export type Segment = (typeof SEGMENTS)[number]

/** The thin-file rule: fewer than this many credit accounts, or the oldest younger than this many months. */
export const THIN_FILE = { minAccounts: 2, minOldestMonths: 6 } as const

/** Months after the observation date in which the outcome is observed. */
export const OUTCOME_MONTHS = 12

/** Scale value from which a month counts as bad: 3 = 90-119 days past due; 7 = charge-off, collection. */
export const BAD_SCALE = 3

export type Outcome = 'bad' | 'good' | 'indeterminate'

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export function isIsoDate(s: string): boolean {
  const m = DATE.exec(s)
  if (!m) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

const monthIndex = (date: string): number => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1
const daysIn = (month: number): number =>
  new Date(Date.UTC(Math.floor(month / 12), (month % 12) + 1, 0)).getUTCDate()

/**
 * The date `months` later: the same day of the month, clipped to the month's length; a month end stays a
 * month end (2024-02-29 + 12 = 2025-02-28, 2024-06-30 + 1 = 2024-07-31).
 */
export function addMonths(date: string, months: number): string {
  const from = monthIndex(date)
  const day = Number(date.slice(8, 10))
  const to = from + months
  const last = daysIn(to)
  const d = day === daysIn(from) ? last : Math.min(day, last)
  const y = Math.floor(to / 12)
  return `${y}-${String((to % 12) + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

function byAccount(snapshots: readonly AttributeSnapshot[]): AttributeSnapshot[][] {
  const groups = new Map<string, AttributeSnapshot[]>()
  for (const s of snapshots) {
    const list = groups.get(s.tradelineId)
    if (list === undefined) groups.set(s.tradelineId, [s])
    else list.push(s)
  }
  const out = [...groups.values()]
  for (const list of out) list.sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0))
  return out
}

/** The account's latest snapshot dated on or before `date`; the list is in date order. */
function stateAt(history: readonly AttributeSnapshot[], date: string): AttributeSnapshot | undefined {
  let state: AttributeSnapshot | undefined
  for (const s of history) {
    if (s.asOf > date) break
    state = s
  }
  return state
}

const seriousStatus = (s: AttributeSnapshot): boolean =>
  (statusScale(s.accountStatus, s.paymentRating) ?? -1) >= BAD_SCALE

/** At least one account open at `date` (see the header). */
export function hasOpenAccount(snapshots: readonly AttributeSnapshot[], date: string): boolean {
  return byAccount(snapshots).some((history) => {
    const s = stateAt(history, date)
    return (
      s !== undefined &&
      !DELETED_STATUSES.has(s.accountStatus) &&
      OPEN_STATUSES.has(s.accountStatus) &&
      (s.dateClosed === null || s.dateClosed > date)
    )
  })
}

/** The consumer's outcome in (date, date + months]; reads nothing dated on or before `date` but the state at it. */
export function outcomeAfter(
  snapshots: readonly AttributeSnapshot[],
  date: string,
  months = OUTCOME_MONTHS,
): Outcome {
  const end = addMonths(date, months)
  const fromMonth = monthIndex(date)
  const toMonth = monthIndex(end)
  let reported = false
  for (const history of byAccount(snapshots)) {
    const atD = stateAt(history, date)
    const already = atD !== undefined && seriousStatus(atD)
    for (const s of history) {
      if (s.asOf <= date || s.asOf > end) continue
      reported = true
      if (already) continue
      if (seriousStatus(s)) return 'bad'
      // Profile position k is the month k + 1 before the snapshot's month (CRRG field 18); months up to D's
      // own were known at D, so only later ones are outcome.
      const month = monthIndex(s.asOf)
      for (let k = 0; k < s.paymentHistory.length && k < 24; k++) {
        const m = month - 1 - k
        if (m <= fromMonth) break
        if (m <= toMonth && (historyScale(s.paymentHistory[k]!) ?? -1) >= BAD_SCALE) return 'bad'
      }
    }
  }
  return reported ? 'good' : 'indeterminate'
}

/** Thin or thick file, from the attributes as of the observation date. */
export function segmentOf(v: Pick<AttributeValues, 'all_accounts' | 'oldest_account_age_months'>): Segment {
  const accounts = v.all_accounts ?? 0
  const oldest = v.oldest_account_age_months
  return accounts < THIN_FILE.minAccounts || oldest === null || oldest < THIN_FILE.minOldestMonths
    ? 'thin'
    : 'thick'
}
