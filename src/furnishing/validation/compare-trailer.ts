// The Trailer Record's totals against the ones counted from the file itself (CRRG Trailer Record): a furnisher's
// software that miscounts is caught here, each difference naming both numbers.
import type { Metro2Issue, TrailerRecord } from '../../metro2/index.ts'
import { issue } from './issue.ts'
import { TRAILER_TOTALS, type TrailerTotalField } from './trailer-totals.ts'

export interface TrailerMismatch {
  field: TrailerTotalField
  declared: number
  counted: number
}

/** Every total (base records, each status code, J1/J2, block count, the other segments, SSNs, DOBs, phones). */
export function compareTrailer(declared: TrailerRecord, counted: TrailerRecord): TrailerMismatch[] {
  return TRAILER_TOTALS.filter((t) => declared[t.field] !== counted[t.field]).map((t) => ({
    field: t.field,
    declared: declared[t.field],
    counted: counted[t.field],
  }))
}

const BY_FIELD = new Map(TRAILER_TOTALS.map((t) => [t.field, t]))

/** One file-level issue per mismatch, under the rule of that total. */
export function trailerIssues(mismatches: readonly TrailerMismatch[]): Metro2Issue[] {
  return mismatches.map((m) => {
    const total = BY_FIELD.get(m.field)
    if (!total) throw new Error(`no trailer total ${m.field}`)
    return issue(
      'trailer',
      m.field,
      total.rule,
      `Trailer ${total.label} is ${m.declared}, but the file has ${m.counted}`,
    )
  })
}

export function missingTrailerIssue(): Metro2Issue {
  return issue(
    'file',
    undefined,
    'file.trailer_missing',
    'The file has no Trailer Record; it must end with one (CRRG Trailer Record)',
  )
}
