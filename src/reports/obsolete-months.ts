// Obsolete months of an account that is still reported. obsolete.ts leaves out a whole account by its state as
// last reported; an account now current or paid still carries, in its earlier monthly reports and in the Payment
// History Profiles of the reports after them (CRRG field 18: 24 months back), the delinquency or charge-off it
// went through. That history is negative information too, and its retention period runs by the same jurisdiction
// profile, counted from that delinquency: a lender's report and the score may not count it once the period has
// run (FCRA §605(a)(4)-(5), §605(c); KHR Act §9; 征信业管理条例 art. 16; the German code of conduct). Pure.
//
// The unit is a run: adverse months (rated 1 or worse, charged off, in collection) one after the other, with
// months that say nothing (B, D, no report) between them, up to the first month rated current after them. A run
// with no month rated current after it is the account's present delinquency: its start is not known until it
// ends, and the account as a whole is judged by obsolete.ts, so it is kept here. An ended run's period starts:
// - first_delinquency (US-FCRA): at its Date of First Delinquency: the earliest DOFD any report of the account
//   gave from the month rated current before the run to the run's last month. Where none was reported (no
//   report of the delinquent months reached the bureau), at the first adverse month less the months its rating
//   counts and one more (a month rated 2, 60-89 days past due, was first missed at most three months before):
//   early, so lawful, for ratings up to 5. As obsolete.ts does, the DOFD itself is taken, 180 days before the
//   start §605(c)(1) names.
// - settlement (HU-KHR, DE-SCHUFA, EU-GDPR) and delinquency_end (CN-PBOC): the arrears were paid and the adverse
//   behaviour ended after the run's last adverse month was reported, and by the month rated current after it: the
//   first day of that last adverse month is taken, the earliest it can have been.
import { monthIndex, type AttributeSnapshot, type MonthMark } from './attributes.model.ts'
import { retentionEnd, type RetentionRule } from './obsolete.ts'

const adverse = (m: MonthMark | undefined): boolean =>
  m !== undefined && ((m.scale ?? 0) >= 1 || m.chargedOff || m.collection)
const current = (m: MonthMark | undefined): boolean =>
  m !== undefined && m.scale === 0 && !m.chargedOff && !m.collection

const pad = (n: number) => String(n).padStart(2, '0')
const firstDay = (month: number) => `${Math.floor(month / 12)}-${pad((month % 12) + 1)}-01`
const lastDay = (month: number) =>
  new Date(Date.UTC(Math.floor(month / 12), (month % 12) + 1, 0)).toISOString().slice(0, 10)

/** An ended run, by months (month indexes, year * 12 + month - 1). */
interface Run {
  /** The month rated current before the run, if any. */
  before: number | undefined
  first: number
  last: number
  /** The delinquency scale of its first month (undefined: charged off or in collection without a rating). */
  firstScale: number | undefined
}

/** The day the retention period of an ended run starts (see above). */
export function runStart(
  run: Run,
  dofds: readonly string[],
  from: RetentionRule['negativeRetentionFrom'],
): string {
  switch (from) {
    case 'first_delinquency': {
      const lower = run.before === undefined ? '' : firstDay(run.before)
      const upper = lastDay(run.last)
      const reported = dofds
        .map((d) => d.slice(0, 10))
        .filter((d) => d >= lower && d <= upper)
        .sort()[0]
      // A month rated 6 (180 days or more) or derogatory without a rating may have been missed longer before:
      // counted as six, the most the rating says.
      return reported ?? firstDay(run.first - Math.min(run.firstScale ?? 6, 6) - 1)
    }
    case 'settlement':
    case 'delinquency_end':
      return firstDay(run.last)
  }
}

/**
 * The months of one account as a report on `asOf` (YYYY-MM-DD) may count them: `marks[ago]` is the month `ago`
 * months before asOf's month, as computeAttributes reads it from the account's reports; `reports` are those
 * reports (their Dates of First Delinquency are read). Every month of an ended run whose period has run becomes
 * unknown (undefined); the rest is returned as it was.
 */
export function withoutObsoleteMonths(
  marks: readonly (MonthMark | undefined)[],
  reports: readonly Pick<AttributeSnapshot, 'dateFirstDelinquency'>[],
  rule: RetentionRule,
  asOf: string,
): readonly (MonthMark | undefined)[] {
  // On the report's path: nothing is copied or collected unless a run ends (most accounts have none).
  let out: (MonthMark | undefined)[] | undefined
  let dofds: string[] | undefined
  const month = monthIndex(asOf)
  let before: number | undefined
  let run: Omit<Run, 'before'> | undefined
  // Oldest month first, so that a run is known whole when the month rated current after it comes.
  for (let ago = marks.length - 1; ago >= 0; ago--) {
    const m = marks[ago]
    if (adverse(m)) {
      if (run === undefined) run = { first: month - ago, last: month - ago, firstScale: m!.scale }
      else run.last = month - ago
    } else if (current(m)) {
      if (run !== undefined) {
        dofds ??= reports.flatMap((r) => (r.dateFirstDelinquency === null ? [] : [r.dateFirstDelinquency]))
        const start = runStart({ before, ...run }, dofds, rule.negativeRetentionFrom)
        if (asOf >= retentionEnd(start, rule.negativeRetentionYears))
          (out ??= [...marks]).fill(undefined, month - run.last, month - run.first + 1)
        run = undefined
      }
      before = month - ago
    }
  }
  return out ?? marks
}
