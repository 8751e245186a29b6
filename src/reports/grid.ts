// The 24-month payment grid shown on a file: the month of the Date of Account Information first, then the
// 23 months before it from the Payment History Profile (CRRG field 18, whose first byte is the month
// before the DOAI month). Pure.
import { historyCodeOf, RATED_STATUS_CODES } from '../metro2/index.ts'

/** Account Statuses that close the account (CRRG Exhibit 4): paid or closed, shown as C on the grid. */
const CLOSED = new Set(['13', '61', '62', '63', '64', '65'])

const RATED = new Set<string>(RATED_STATUS_CODES)
/** The byte of a month reported current: 0, or E with nothing owed (Exhibit 5), as status 11 gives it. */
const CURRENT_MONTH = (balance: number): string => historyCodeOf('11', balance)!
/** Payment Ratings (CRRG field 17B) that record a missed payment, a collection or a charge-off: as history bytes. */
const DEROGATORY_RATINGS = new Set(['1', '2', '3', '4', '5', '6', 'G', 'L'])

/**
 * The grid character of the current month, from the Account Status: its Exhibit 5 history byte; for a status
 * that has none but carries a Payment Rating (field 17B: 05, 13, 65, 88, 89) the rating, the payment status of
 * the month: a derogatory rating as its byte, so that the closing month's delinquency shows where the summary
 * counts it (found by probing: a closed account rated 60 days late showed C), and a current one (0) as C on a
 * closed account (13, 65) and as 0, or E with nothing owed, on the others (found by probing: a transferred
 * account rated current showed D, "no data", for a month it reported). D is left for a status that records
 * nothing (a deletion) or a rated status without its rating.
 */
export function statusGridChar(status: string, balance: number, paymentRating = ''): string {
  const own = historyCodeOf(status, balance)
  if (own !== undefined) return own
  if (RATED.has(status) && DEROGATORY_RATINGS.has(paymentRating)) return paymentRating
  if (CLOSED.has(status)) return 'C'
  if (RATED.has(status) && paymentRating === '0') return CURRENT_MONTH(balance)
  return 'D'
}

export interface GridMonth {
  /** YYYY-MM */
  month: string
  code: string
}

// Months counted from January of year 0; every report builds 24 of them for each tradeline, so the month of
// the date is parsed once and each earlier one is formatted straight from its count.
const monthLabel = (months: number): string => {
  const m = (months % 12) + 1
  return `${Math.floor(months / 12)}-${m < 10 ? '0' : ''}${m}`
}

export function paymentGrid(
  asOf: string,
  status: string,
  balance: number,
  history: string,
  paymentRating = '',
): GridMonth[] {
  const month = asOf.slice(0, 7)
  const months = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1
  const grid: GridMonth[] = [{ month, code: statusGridChar(status, balance, paymentRating) }]
  for (let i = 0; i < 23; i++) grid.push({ month: monthLabel(months - i - 1), code: history[i] ?? 'B' })
  return grid
}

export const GRID_LEGEND: Readonly<Record<string, string>> = {
  '0': 'current',
  '1': '30-59 days late',
  '2': '60-89 days late',
  '3': '90-119 days late',
  '4': '120-149 days late',
  '5': '150-179 days late',
  '6': '180+ days late',
  B: 'no history',
  C: 'closed or paid',
  D: 'no data',
  E: 'zero balance, current',
  G: 'collection',
  H: 'foreclosure',
  J: 'voluntary surrender',
  K: 'repossession',
  L: 'charge-off',
}
