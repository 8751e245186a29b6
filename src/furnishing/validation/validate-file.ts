// The streaming file validator: reads a Metro 2 file event by event with the codec, validates each record as
// it comes (the codec's syntax issues plus the furnishing rules), counts the trailer totals itself and compares
// them with the declared trailer. Memory stays bounded: one record at a time, and at most `maxIssues` issues kept
// (the rest are counted, and the report says so with a file.issues_truncated issue).
import { isoDate, readMetro2, TrailerCounter } from '../../metro2/index.ts'
import type { Metro2Issue, Position, ReadEvent, TrailerRecord } from '../../metro2/index.ts'
import { AppError } from '../../platform/errors.ts'
import {
  compareTrailer,
  missingTrailerIssue,
  trailerIssues,
  type TrailerMismatch,
} from './compare-trailer.ts'
import { HeaderPlacement } from './header-placement.ts'
import { validateHeader } from './header-rules.ts'
import { issue } from './issue.ts'
import { validateRecord, type ValidationContext } from './validate-record.ts'

/** An issue with where it was found: the record's 1-based number and line, its byte offset, its account. */
export interface ReportIssue extends Metro2Issue {
  recordNo?: number
  line: number
  offset: number
  account?: string
}

export interface ValidationReport {
  /** Data records in the file, unreadable ones included (header and trailer are not records). */
  records: number
  /** Records without any error (they may have warnings). */
  accepted: number
  /** Records with at least one error, unreadable ones included. */
  rejected: number
  /** Issues of severity warning in the whole file, including those beyond the stored ones. */
  warnings: number
  /** Issues of severity error in the whole file (records, header, trailer, file), including those not stored. */
  errors: number
  /** The first `maxIssues` issues in file order, then one file.issues_truncated issue if any were left out. */
  issues: ReportIssue[]
  trailer: { declared: TrailerRecord | null; counted: TrailerRecord; mismatches: TrailerMismatch[] }
}

export interface FileValidationContext extends ValidationContext {
  /** How many issues the report keeps; default 10,000. */
  maxIssues?: number
}

export const DEFAULT_MAX_ISSUES = 10_000

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

/**
 * Syntax and validation issues of one record. A field that the codec could not read (e.g. a date that is no date,
 * read as null) already has its syntax issue; the required.* rule saying the same field is missing is dropped.
 */
function recordIssues(syntax: readonly Metro2Issue[], found: Metro2Issue[]): Metro2Issue[] {
  if (syntax.length === 0) return found
  const unreadable = new Set(syntax.map((i) => `${i.segment}:${i.field}`))
  return [
    ...syntax,
    ...found.filter((i) => !(i.rule.startsWith('required.') && unreadable.has(`${i.segment}:${i.field}`))),
  ]
}

class ReportBuilder {
  readonly issues: ReportIssue[] = []
  dropped = 0
  warnings = 0
  errors = 0

  constructor(private readonly max: number) {}

  add(found: readonly Metro2Issue[], where: Omit<ReportIssue, keyof Metro2Issue>): void {
    for (const i of found) {
      if (i.severity === 'error') this.errors++
      else this.warnings++
      if (this.issues.length < this.max) this.issues.push({ ...i, ...where })
      else this.dropped++
    }
  }
}

const at = (position: Position) => ({ line: position.line, offset: position.offset })

export async function validateMetro2(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  ctx: FileValidationContext,
): Promise<ValidationReport> {
  const [y, m, d] = ctx.today.split('-').map(Number)
  if (!DAY.test(ctx.today) || isoDate(y!, m!, d!) === '')
    throw new AppError(
      'invalid_input',
      `the validation day must be a real day YYYY-MM-DD, not "${ctx.today}"`,
    )
  const report = new ReportBuilder(ctx.maxIssues ?? DEFAULT_MAX_ISSUES)
  const counter = new TrailerCounter()
  let records = 0
  let rejected = 0
  let unreadable = 0
  let declared: { trailer: TrailerRecord; position: Position } | undefined
  let last = { line: 1, offset: 0 }
  let blockCount = 0
  const placement = new HeaderPlacement()

  const handle = (e: ReadEvent): void => {
    switch (e.kind) {
      case 'header':
        report.add([...placement.atHeader(), ...e.issues, ...validateHeader(e.header, ctx)], at(e.position))
        last = at(e.position)
        return
      case 'record': {
        report.add(placement.atBody(), at(e.position))
        const found = recordIssues(e.issues, validateRecord(e.record, ctx))
        records++
        if (found.some((i) => i.severity === 'error')) rejected++
        counter.add(e.record)
        const account = e.record.base.consumerAccountNumber
        report.add(found, { recordNo: e.recordNo, ...at(e.position), ...(account ? { account } : {}) })
        last = at(e.position)
        return
      }
      case 'unreadable':
        report.add(placement.atBody(), at(e.position))
        records++
        rejected++
        unreadable++
        report.add(e.issues, {
          recordNo: e.recordNo,
          ...at(e.position),
          ...(e.account ? { account: e.account } : {}),
        })
        last = at(e.position)
        return
      case 'trailer':
        report.add(placement.atBody(), at(e.position))
        declared ??= { trailer: e.trailer, position: e.position }
        report.add(e.issues, at(e.position))
        last = at(e.position)
        return
      case 'end':
        blockCount = e.summary.blockCount
        last = { line: last.line, offset: e.summary.bytes }
        report.add(e.issues ?? [], last)
        return
    }
  }
  for await (const batch of readMetro2(source)) for (const e of batch) handle(e)

  // An unreadable record is still a base record of the file; its status and segments cannot be counted.
  const counted = counter.result(blockCount)
  counted.totalBaseRecords += unreadable
  let mismatches: TrailerMismatch[] = []
  if (declared) {
    mismatches = compareTrailer(declared.trailer, counted)
    report.add(trailerIssues(mismatches), at(declared.position))
  } else {
    report.add([missingTrailerIssue()], last)
  }
  const issues = report.issues
  if (report.dropped > 0) {
    const note = issue(
      'file',
      undefined,
      'file.issues_truncated',
      `${report.dropped} more issue(s) were found but are not listed: the report keeps the first ${issues.length}`,
    )
    report.warnings++
    issues.push({ ...note, ...last })
  }
  return {
    records,
    accepted: records - rejected,
    rejected,
    warnings: report.warnings,
    errors: report.errors,
    issues,
    trailer: { declared: declared?.trailer ?? null, counted, mismatches },
  }
}
