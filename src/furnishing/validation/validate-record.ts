// Every problem of one furnished record, not only the first: field syntax and code lists, then the agreement
// between fields. Pure: the day that "future" is measured against comes in, never from the clock.
import type { DataRecord, Metro2Issue } from '../../metro2/index.ts'
import { crossIssues } from './cross-rules.ts'
import { fieldIssues } from './field-rules.ts'

export interface ValidationContext {
  /** The validation day, YYYY-MM-DD: no date of a record may be after it. */
  readonly today: string
}

export function validateRecord(record: DataRecord, ctx: ValidationContext): Metro2Issue[] {
  return [...fieldIssues(record), ...crossIssues(record, ctx.today)]
}

/** True when none of the issues is an error: the record is accepted. */
export const isAccepted = (issues: readonly Metro2Issue[]): boolean =>
  issues.every((i) => i.severity !== 'error')
