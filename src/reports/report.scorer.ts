// The contract between a report and the scorer the composition root injects: scoring imports reports, not the
// reverse, so the report states what it gives and what it expects back.
import type { Category, Purpose } from '../consent/index.ts'
import type { Planned } from '../platform/planned.ts'
import type { AttributeValues } from './attributes.ts'
import type { ReportScore } from './report.model.ts'

/** What the scorer is given: the attributes the report computed, and who receives the score for what. */
export interface ReportScoreInput {
  consumerKey: string
  memberId: string
  purpose: Purpose
  inquiryId: string
  at: Date
  /** As of the report's day, from the file and the hard inquiries before this report. */
  attributes: AttributeValues
  /** The data categories the report releases. */
  categories: readonly Category[]
  /** The jurisdiction profile's score range, as the report read it. */
  scoreRange: { min: number; max: number }
}

/**
 * The consumer's score and the statement that records it, which goes out in the report's write batch; undefined
 * when there is no score to give (a file below the minimum scoring criterion, no champion for the segment, or
 * categories that do not cover the model's).
 */
export type ReportScorer = (
  input: ReportScoreInput,
) => Promise<{ score: ReportScore; write: Planned<void> } | undefined>
