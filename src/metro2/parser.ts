// The streaming Metro 2 reader as a synchronous push parser: bytes in, events out, in file order. It never holds
// more than one record (or one line, at most MAX_LINE bytes) besides the chunk being read, and it fails with a
// Metro2ReadError naming the offset as soon as the input cannot be Metro 2; one bad record is an event.
import { detectLayout, DETECT_BYTES } from './detect.ts'
import { FieldReader } from './field-reader.ts'
import { Framer } from './framer.ts'
import type { Metro2Issue, Position, ReadEvent, ReadSummary } from './metro2.model.ts'
import { Metro2ReadError } from './read-error.ts'
import { decodeDataRecord, decodeHeaderRecord, decodeTrailerRecord, recordKind } from './record-decoder.ts'
import { scanFramed, type ScanTotals } from './scan-record.ts'

/** Bytes of a new chunk tried first to complete a record the previous chunk ended inside (records are ~2 KB). */
const STRADDLE = 8192

/** After this many unreadable records in a row, with none readable, the input is not Metro 2. */
const MAX_UNREADABLE_RUN = 100

const toBuffer = (c: Uint8Array): Buffer =>
  Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength)

/** Framing issues first, then the record's own; a fresh array either way (callers may keep or extend it). */
const merge = (a: Metro2Issue[] | null, b: Metro2Issue[] | null): Metro2Issue[] =>
  a === null ? (b ?? []) : b === null ? a : a.concat(b)

export class Metro2Parser {
  private readonly r = new FieldReader()
  private framer: Framer | undefined
  /** Bytes of a record (or of the detection window) that a chunk ended inside. */
  private pending = Buffer.alloc(0)
  private pendingLength = 0
  /** Input offset of the first byte not yet consumed. */
  private offset = 0
  private records = 0
  private readable = 0
  private unreadableRun = 0
  /** The first trailer record, and how many records (of any kind) came after it. */
  private trailerAt: Position | undefined
  private afterTrailer = 0
  private failure: Error | undefined
  private done = false
  /** Set by bareScan: records are converted field by field, no event is built. */
  protected scan: ScanTotals | undefined

  push(chunk: Uint8Array): ReadEvent[] {
    return this.guard(() => {
      const out: ReadEvent[] = []
      const c = toBuffer(chunk)
      let from = 0
      if (this.pendingLength > 0) {
        // Complete the record the last chunk ended inside with the head of this one, then read this one in
        // place: copying only a few KB per chunk, not the chunk.
        const old = this.pendingLength
        const head = this.framer ? Math.min(c.length, STRADDLE) : c.length
        this.append(c.subarray(0, head))
        const used = this.run(this.pending, 0, this.pendingLength, false, out)
        if (used < old || head === c.length) {
          this.keep(this.pending, used, this.pendingLength)
          if (head === c.length) return out
          this.append(c.subarray(head))
          this.keep(
            this.pending,
            this.run(this.pending, 0, this.pendingLength, false, out),
            this.pendingLength,
          )
          return out
        }
        from = used - old
        this.pendingLength = 0
      }
      this.keep(c, this.run(c, from, c.length, false, out), c.length)
      return out
    })
  }

  end(): ReadEvent[] {
    return this.guard(() => {
      const out: ReadEvent[] = []
      this.run(this.pending, 0, this.pendingLength, true, out)
      this.pendingLength = 0
      this.done = true
      const framer = this.framer
      const L = framer?.layout
      const summary: ReadSummary = {
        format: L?.packed ? 'packed' : L?.blocked ? 'variable' : 'fixed',
        lineBreaks: L?.breaks ?? 'none',
        framing: L?.lines ? 'lines' : 'descriptors',
        blockCount: (L?.blocked ? framer?.blocks : framer?.framed) ?? 0,
        bytes: this.offset,
        records: this.records,
      }
      out.push({ kind: 'end', summary, issues: [...(framer?.endIssues() ?? []), ...this.trailerIssues()] })
      return out
    })
  }

  /**
   * CRRG Trailer Record: the last record of the file. A trailer with records after it is named once (two files run
   * together, or a trailer written too early: its totals cannot be the file's); each record after it is read, with
   * a record.order warning.
   */
  private trailerIssues(): Metro2Issue[] {
    const at = this.trailerAt
    if (at === undefined || this.afterTrailer === 0) return []
    const message =
      `the trailer record at line ${at.line} (byte offset ${at.offset}) is followed by ${this.afterTrailer} more ` +
      `record(s): a file ends with its one Trailer Record (CRRG Trailer Record)`
    return [{ segment: 'file', rule: 'record.trailer_not_last', severity: 'error', message }]
  }

  private guard(work: () => ReadEvent[]): ReadEvent[] {
    if (this.failure !== undefined) throw this.failure
    if (this.done) throw new Error('Metro2Parser: end() was already called')
    try {
      return work()
    } catch (e) {
      this.failure = e instanceof Error ? e : new Error(String(e))
      throw this.failure
    }
  }

  private append(c: Buffer): void {
    const need = this.pendingLength + c.length
    if (need > this.pending.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.pending.length * 2, 4096))
      this.pending.copy(grown, 0, 0, this.pendingLength)
      this.pending = grown
    }
    c.copy(this.pending, this.pendingLength)
    this.pendingLength = need
  }

  /** Keeps the unconsumed bytes [used, to) of `data` for the next push; `data` may be the caller's chunk. */
  private keep(data: Buffer, used: number, to: number): void {
    const rest = to - used
    if (data === this.pending) {
      if (rest > 0 && used > 0) this.pending.copyWithin(0, used, to)
    } else if (rest > 0) {
      if (this.pending.length < rest) this.pending = Buffer.allocUnsafe(Math.max(rest, 4096))
      data.copy(this.pending, 0, used, to)
    }
    this.pendingLength = rest
  }

  /** Frames and decodes the records of data[from, to); returns where it stopped (bytes before are consumed). */
  private run(whole: Buffer, from: number, to: number, final: boolean, out: ReadEvent[]): number {
    // A view that ends at `to`: the pending buffer has spare capacity, and indexOf must not look into it.
    const data = whole.subarray(0, to)
    const base = this.offset - from
    let p = from
    if (this.framer === undefined) {
      if (to - from < DETECT_BYTES && !final) return from
      const layout = detectLayout(data, from, to, final)
      this.framer = new Framer(layout)
      p = layout.start
    }
    const framer = this.framer
    for (;;) {
      p = framer.next(data, p, to, final, base)
      if (!framer.ready) break
      this.emit(framer, out)
    }
    this.offset = base + p
    return p
  }

  private emit(framer: Framer, out: ReadEvent[]): void {
    const f = framer.record
    const position = framer.position
    const kind = recordKind(f.buf, f.start, f.length)
    let issues = framer.issuesOf(kind)
    if (this.trailerAt !== undefined) {
      this.afterTrailer++
      ;(issues ??= []).push({
        segment: kind,
        rule: 'record.order',
        severity: 'warning',
        message: 'a record after the trailer record',
      })
    }
    const bdw = framer.takeBlockWord()
    const r = this.r
    if (this.scan) {
      scanFramed(r, f, this.scan)
      if (kind === 'base') this.records++
    } else if (kind === 'base') {
      const record = decodeDataRecord(r, f)
      const all = merge(issues, r.issues)
      if (record !== undefined) {
        if (bdw > 0) record.base.blockDescriptorWord = bdw
        this.readable++
        this.unreadableRun = 0
        out.push({ kind: 'record', record, recordNo: ++this.records, position, issues: all })
        return
      }
      if (++this.unreadableRun >= MAX_UNREADABLE_RUN && this.readable === 0) {
        const message = `${MAX_UNREADABLE_RUN} unreadable records in a row and none readable: not Metro 2 data`
        throw new Metro2ReadError(message, position.offset)
      }
      const recordNo = ++this.records
      out.push(
        r.account === undefined
          ? { kind: 'unreadable', recordNo, position, issues: all }
          : { kind: 'unreadable', recordNo, position, issues: all, account: r.account },
      )
    } else if (kind === 'header') {
      const header = decodeHeaderRecord(r, f)
      if (bdw > 0) header.blockDescriptorWord = bdw
      out.push({ kind: 'header', header, position, issues: merge(issues, r.issues) })
    } else {
      const trailer = decodeTrailerRecord(r, f)
      if (bdw > 0) trailer.blockDescriptorWord = bdw
      this.trailerAt ??= position
      out.push({ kind: 'trailer', trailer, position, issues: merge(issues, r.issues) })
    }
  }
}
