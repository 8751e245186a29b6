// How long a hard inquiry is shown to other members: the jurisdiction profile's inquiryRetentionMonths (the
// nationwide US bureaus show one for 24 months; see jurisdiction.ts for each profile's source). The consumer
// sees every inquiry on their file whatever its age (GET /v1/me/inquiries; FCRA §609(a)(3) asks for at least
// one year, two for employment). Pure.
import { LONGEST_INQUIRY_RETENTION_MONTHS } from '../consent/index.ts'

/**
 * The instant `months` calendar months before `now` (UTC), the day clamped to the month's last: an inquiry
 * made at or after it is still shown. 31 March less one month is 28 or 29 February, not 3 March.
 */
export function inquiryCutoff(now: Date, months: number): Date {
  const total = now.getUTCFullYear() * 12 + now.getUTCMonth() - months
  const year = Math.floor(total / 12)
  const month = total - year * 12
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const cutoff = new Date(now)
  cutoff.setUTCFullYear(year, month, Math.min(now.getUTCDate(), lastDay))
  return cutoff
}

/** The oldest instant any profile shows: the report's read of the file takes no inquiry from before it. */
export const oldestShownInquiry = (now: Date): Date => inquiryCutoff(now, LONGEST_INQUIRY_RETENTION_MONTHS)

/** The inquiries still shown under a retention of `months`; `at` is an ISO 8601 instant. */
export function shownInquiries<T extends { at: string }>(
  inquiries: readonly T[],
  months: number,
  now: Date,
): T[] {
  const from = inquiryCutoff(now, months).getTime()
  return inquiries.filter((q) => Date.parse(q.at) >= from)
}
