// Every record of a month carries the month's end as its Date of Account Information (recordFor.ts), and the
// bureau rejects a record with a date after the day it validates it (rule cross.future_date, CRRG field 24).
// A window that runs past today would have its last months rejected by ingestion while the manifest says that
// the planted errors are the only ones: such a window is refused before anything is written.
import { AppError } from '../platform/errors.ts'
import { monthEnd, monthLabel, monthOf, parseMonth } from './synth.model.ts'

/** The last month whose end is not after `today` ('YYYY-MM-DD'): a month is reported once it has ended. */
export function lastMonthAllowed(today: string): number {
  const month = monthOf(today)
  return monthEnd(month) <= today ? month : month - 1
}

/** How many months a window that begins with `start` ('YYYY-MM') may run and all have ended by `today`. */
export function monthsEndedBy(start: string, today: string): number {
  return lastMonthAllowed(today) - parseMonth(start) + 1
}

/** Refuses (invalid input) a window whose last month ends after `today` ('YYYY-MM-DD'). */
export function refuseFutureMonths(
  window: { start: string; months: number; lastMonth: number },
  today: string,
): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today))
    throw new RangeError(`today must be a day YYYY-MM-DD, not "${today}"`)
  const doai = monthEnd(window.lastMonth)
  // 'YYYY-MM-DD' strings: their order as strings is the order of the days.
  if (doai <= today) return
  throw new AppError(
    'invalid_input',
    `--start ${window.start} and --months ${window.months} run to ${monthLabel(window.lastMonth)}, whose Date of Account Information ${doai} is after today (${today}); the last month allowed is ${monthLabel(lastMonthAllowed(today))}`,
  )
}
