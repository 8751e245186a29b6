// The envelope of a furnished Metro 2 file: its one Header Record, first, and its one Trailer Record, last (CRRG
// Header Record, Trailer Record). Ingestion applies a file whole or not at all, so it must be one whole file: one
// whose extent is in doubt is rejected whole, with what `metro2 validate` says of it and where, never applied in
// part. That is a trailer with records after it (record.trailer_not_last: two files run together, or a trailer
// written too early), a second header (file.header_misplaced: another file starts), and no trailer (cut short).
// The first trailer ends the file, as validate and to-json take it (found by probing: ingestion applied such files,
// and compared the last trailer's totals). A file that does not start with a header (file.header_missing) or has a
// wrong block descriptor word (descriptor.bdw, its records framed by their own RDWs) is still one file: its records
// are applied, and the error is named.
import { Metro2ReadError } from '../metro2/index.ts'
import type { HeaderRecord, Metro2Issue, Position, TrailerRecord } from '../metro2/index.ts'
import type { FurnishedEvent } from './furnished-file.ts'
import { HeaderPlacement, missingTrailerIssue, validateHeader } from './validation/index.ts'

/** The errors of the file as a whole that reject it whole: they leave in doubt where the file ends. */
const FILE_BREAKING_RULES: ReadonlySet<string> = new Set(['record.trailer_not_last', 'file.header_misplaced'])

export class FileEnvelope {
  private readonly placement = new HeaderPlacement()
  /** The file's Header Record: the first one. */
  header: HeaderRecord | undefined
  /** Whether its Activity Date is after the day: then it is not taken as the file's month. */
  futureHeader = false
  /** The file's Trailer Record: the first one, which ends the file. */
  trailer: TrailerRecord | undefined
  /** Where the first record after that trailer starts. */
  private afterTrailer: Position | undefined
  /** What rejects the file whole, and where. */
  private readonly breaks: { offset: number; message: string }[] = []

  constructor(private readonly today: string) {}

  /** A record of the file, in file order: the issues of its place in the file (HeaderPlacement). */
  at(e: Exclude<FurnishedEvent, { kind: 'end' }>): Metro2Issue[] {
    if (this.trailer !== undefined) this.afterTrailer ??= e.position
    if (e.kind === 'trailer') this.trailer ??= e.trailer
    const placed = e.kind === 'header' ? this.placement.atHeader() : this.placement.atBody()
    for (const i of placed)
      if (FILE_BREAKING_RULES.has(i.rule))
        this.breaks.push({ offset: e.position.offset, message: `line ${e.position.line}: ${i.message}` })
    return placed
  }

  /** A Header Record's issues of its own, as `metro2 validate` names them (its dates: header-rules.ts). */
  atHeader(header: HeaderRecord): Metro2Issue[] {
    const found = validateHeader(header, { today: this.today })
    if (this.header === undefined) {
      this.header = header
      this.futureHeader = found.some((i) => i.field === 'activityDate')
    }
    return found
  }

  /** The reader's issues of the file as a whole, at its end. */
  atEnd(issues: readonly Metro2Issue[]): void {
    const after = this.afterTrailer
    for (const i of issues) {
      if (!FILE_BREAKING_RULES.has(i.rule)) continue
      if (i.rule === 'record.trailer_not_last' && after !== undefined)
        this.breaks.push({
          offset: after.offset,
          message: `${i.message}; the first of them is at line ${after.line}`,
        })
      else this.breaks.push({ offset: 0, message: i.message })
    }
  }

  /**
   * The trailer that ends the file. Throws, so that none of the file is applied, when the file is not one whole
   * file: at the first problem's byte offset, every problem named; or without a trailer, at the end (`bytes`).
   */
  close(bytes: number): TrailerRecord {
    const breaks = this.breaks.sort((a, b) => a.offset - b.offset)
    if (breaks[0] !== undefined)
      throw new Metro2ReadError(
        `the file is not one whole Metro 2 file: ${breaks.map((b) => b.message).join('; ')}`,
        breaks[0].offset,
      )
    // A file ends with its Trailer Record (CRRG): one that stops without it was most likely cut short in transfer,
    // its last record with it.
    if (this.trailer === undefined)
      throw new Metro2ReadError(
        `${missingTrailerIssue().message}: it may have been cut short, so none of it is applied; send it whole`,
        bytes,
      )
    return this.trailer
  }
}
