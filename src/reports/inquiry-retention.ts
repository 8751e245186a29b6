// How long a hard inquiry is shown to other members: the jurisdiction profile's inquiryRetentionMonths (the
// nationwide US bureaus show one for 24 months; see jurisdiction.ts for each profile's source). Counted in whole
// days, so that a lender's report and the consumer's own score of the same day take the same inquiries (FCRA
// §609(f): the consumer is told the score lenders get). The consumer sees every inquiry on their file whatever
// its age (GET /v1/me/inquiries; FCRA §609(a)(3) asks for at least one year, two for employment). Pure.
import { LONGEST_INQUIRY_RETENTION_MONTHS } from '../consent/index.ts'

/**
 * The first day (YYYY-MM-DD) whose inquiries are still shown on `asOf`: `months` calendar months before it, the
 * day clamped to the month's last. 31 March less one month is 28 or 29 February, not 3 March.
 */
export function inquiryCutoff(asOf: string, months: number): string {
  const total = Number(asOf.slice(0, 4)) * 12 + Number(asOf.slice(5, 7)) - 1 - months
  const year = Math.floor(total / 12)
  const month = total - year * 12
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const day = Math.min(Number(asOf.slice(8, 10)), lastDay)
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** The oldest instant any profile shows on `asOf`: the report's read of the file takes no inquiry from before it. */
export const oldestShownInquiry = (asOf: string): string =>
  `${inquiryCutoff(asOf, LONGEST_INQUIRY_RETENTION_MONTHS)}T00:00:00.000Z`

/** The inquiries still shown on `asOf` (YYYY-MM-DD) under a retention of `months`; `at` is an ISO 8601 instant. */
export function shownInquiries<T extends { at: string }>(
  inquiries: readonly T[],
  months: number,
  asOf: string,
): T[] {
  const from = inquiryCutoff(asOf, months)
  return inquiries.filter((q) => new Date(q.at).toISOString().slice(0, 10) >= from)
}
