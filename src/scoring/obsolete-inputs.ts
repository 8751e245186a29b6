// The consumer's own score is computed from the file as a lender's report reads it on the same day: without the
// deleted accounts and the negative accounts past the jurisdiction profile's retention period (obsolete.ts:
// FCRA §605(a), KHR Act §9, ...), and without the hard inquiries older than the profile shows lenders
// (inquiry-retention.ts), as report.service.ts leaves them out before it computes attributes. FCRA
// §609(f) tells the consumer the score lenders get; a score that still counted an obsolete charge-off would not
// be that score. Pure. Batch training does not use it: its observation dates are past, and a tradeline row is
// its state as last reported, not as of those dates.
import {
  DELETED_STATUSES,
  isObsolete,
  shownInquiries,
  type AttributeInputs,
  type RetentionRule,
} from '../reports/index.ts'

/** What a lender's report of the day leaves out: negative data past its retention, inquiries past theirs. */
export type ReportRetention = RetentionRule & { inquiryRetentionMonths: number }

/**
 * The inputs without the tradelines a lender's report on `asOf` (YYYY-MM-DD) leaves out, snapshots and all, and
 * without the inquiries it no longer shows.
 */
export function withoutObsoleteInputs(
  inputs: AttributeInputs,
  rule: ReportRetention,
  asOf: string,
): AttributeInputs {
  const facts = inputs.facts.filter(
    (f) => !DELETED_STATUSES.has(f.retention.account_status) && !isObsolete(f.retention, rule, asOf),
  )
  const inquiries = shownInquiries(inputs.inquiries, rule.inquiryRetentionMonths, asOf)
  if (facts.length === inputs.facts.length && inquiries.length === inputs.inquiries.length) return inputs
  const kept = new Set(facts.map((f) => f.tradelineId))
  return { snapshots: inputs.snapshots.filter((s) => kept.has(s.tradelineId)), facts, inquiries }
}
