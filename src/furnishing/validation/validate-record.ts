// Every problem of one furnished record, not only the first: field syntax and code lists, then the agreement
// between fields. Pure: the day that "future" is measured against comes in, never from the clock.
import type { DataRecord, Metro2Issue } from '../../metro2/index.ts'
import { addAppendedIssues } from './appended-rules.ts'
import { addCrossIssues } from './cross-rules.ts'
import { addFieldIssues } from './field-rules.ts'
import { addChangeIssues } from './l1-rules.ts'

export interface ValidationContext {
  /** The validation day, YYYY-MM-DD: no date of a record may be after it. */
  readonly today: string
}

/** The issues of the record in rule order; for a valid record the one allocation is the empty array returned. */
export function validateRecord(record: DataRecord, ctx: ValidationContext): Metro2Issue[] {
  const issues: Metro2Issue[] = []
  addFieldIssues(issues, record)
  addCrossIssues(issues, record, ctx.today)
  addChangeIssues(issues, record)
  addAppendedIssues(issues, record)
  return issues
}

/** True when none of the issues is an error: the record is accepted. */
export function isAccepted(issues: readonly Metro2Issue[]): boolean {
  for (const i of issues) if (i.severity === 'error') return false
  return true
}
