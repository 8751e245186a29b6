// The Header Record's dates against the validation day (CRRG Header Record fields 8-11: Activity Date, Date
// Created, Program Date, Program Revision Date). Each says when something already happened: the reporting period's
// end, the file's making, the program's start and last revision. None may be in the future, as no date of a record
// may (cross.future_date); a future Activity Date would also order the file after months not yet reported.
import type { HeaderRecord, Metro2Issue } from '../../metro2/index.ts'
import { futureIssue } from './cross-rules.ts'
import type { ValidationContext } from './validate-record.ts'

const HEADER_DATES = ['activityDate', 'dateCreated', 'programDate', 'programRevisionDate'] as const

/** The issues of the Header Record; none for a header whose dates are all on or before the validation day. */
export function validateHeader(header: HeaderRecord, ctx: ValidationContext): Metro2Issue[] {
  const out: Metro2Issue[] = []
  for (const field of HEADER_DATES) {
    const value = header[field]
    // 'YYYY-MM-DD' strings: their order as strings is the order of the days.
    if (value !== null && value > ctx.today) out.push(futureIssue('header', field, value, ctx.today))
  }
  return out
}
