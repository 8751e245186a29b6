// Framing: where each record starts and ends. By descriptor words (CRRG RDW, and BDW in blocked files), across
// line breaks that merely wrap records, or by lines when a file has one record per line whatever its RDWs say.
// It also checks the descriptor words against what it framed; those findings travel with the record.
import { allFiller, NEED_MORE } from './block-word.ts'
import { BlockReader } from './block-reader.ts'
import { BlockTally } from './block-tally.ts'
import { ContentBytes } from './content-bytes.ts'
import { binaryWord, digits4, MAX_LINE, plausibleLength, startsHere, type FileLayout } from './detect.ts'
import type { Metro2Issue, Position, SegmentName } from './metro2.model.ts'
import { Metro2ReadError, snippet } from './read-error.ts'
import { Framed, segmentAt } from './record-decoder.ts'
import { blamePrevious, nextRecordIn, LOOKAHEAD, segmentsEnd, tooLong, wordText } from './record-word.ts'

export const issue = (
  segment: SegmentName | 'file',
  rule: string,
  severity: 'error' | 'warning',
  message: string,
): Metro2Issue => ({ segment, rule, severity, message })

/** frames(): more bytes are needed; the record is framed; a block starts where the record was due. */
const WAIT = 0
const FRAMED = 1
const BLOCK = 2

export class Framer {
  line = 1
  /** Records framed: header, data records and trailer. */
  framed = 0
  /** Whether the last call to next() framed a record (into `record` and `position`). */
  ready = false
  readonly record = new Framed()
  position: Position = { line: 1, offset: 0, length: 0 }
  /** The blocks of a blocked file and the BDWs that disagree with them (block-tally.ts). */
  private readonly tally = new BlockTally()
  /** The BDWs of a descriptor-framed file, read from its bytes (block-reader.ts). */
  private readonly blockWords: BlockReader
  /** The record being framed in a wrapped file, without its line breaks. */
  private readonly wrap = new ContentBytes(16_384)
  /** The last record framed by its RDW: the word's offset (-1 for none), value and where its segments end. */
  private lastAt = -1
  private lastWord = 0
  private lastEnd = 0

  constructor(readonly layout: FileLayout) {
    const wrapped = layout.breaks !== 'none' && !layout.packed && !layout.lines
    this.blockWords = new BlockReader(this.tally, layout.packed, wrapped)
  }

  /** Block descriptor words read. */
  get blocks(): number {
    return this.tally.blocks
  }

  /**
   * Frames the record at `p` of data[0, to) (`base` is the input offset of data[0]): skips line breaks and
   * reads a BDW first where one is due. Returns where it stopped; `ready` tells whether a record was framed.
   */
  next(data: Buffer, p: number, to: number, final: boolean, base: number): number {
    const L = this.layout
    this.ready = false
    for (;;) {
      while (p < to && !L.packed) {
        const b = data[p]
        if (b === 10) this.line++
        else if (b !== 13) break
        p++
      }
      if (p >= to) return p
      if (final && allFiller(data, p, to)) return to
      if (!L.blocked) break
      if (L.lines) {
        // One record per line: a BDW shares the line of the record that opens its block, or has a line alone.
        if (!this.tally.ownLine(data, p, to)) break
        this.tally.openAt(data, p, base + p, this.line)
        p += 4
        continue
      }
      // Descriptor-framed: the bytes check the BDW (block-reader.ts), those of a wrapped file without its line breaks.
      const due = this.blockWords.due(data, p, to, final, base + p)
      if (due === NEED_MORE) return p
      if (due === 0) break
      const word = this.blockWords.read(data, p, to, final, base + p, (d, q) => this.blameLast(d, q))
      if (word === undefined) return p
      this.line += word.lines
      p = word.end
    }
    const f = this.record
    const line = this.line
    let next: number
    let span: number
    if (L.lines) {
      let lf = data.indexOf(10, p)
      const eof = lf < 0
      if (eof || lf - p > MAX_LINE) {
        if (to - p > MAX_LINE) {
          throw new Metro2ReadError(
            `line ${line} is longer than ${MAX_LINE} bytes: no Metro 2 record is`,
            base + p,
          )
        }
        if (!final) return p
        lf = to
      }
      const end = lf > p && data[lf - 1] === 13 ? lf - 1 : lf
      if (L.blocked && this.tally.opens(data, p, end, base + p, line)) p += 4
      f.buf = data
      f.start = p
      f.length = end - p
      f.rdw = digits4(data, p)
      f.eof = eof
      next = lf
      span = end - p
    } else if (L.breaks === 'none' || L.packed) {
      if (to - p < 4) {
        if (!final) return p
        throw new Metro2ReadError(
          `${to - p} unexpected bytes at the end of the input: ${snippet(data, p)}`,
          base + p,
        )
      }
      if (this.overran(data, p, to, final)) return p
      const word = L.packed ? binaryWord(data, p) : digits4(data, p)
      if (L.blocked && !plausibleLength(word, L.packed)) {
        const instead = this.blockInstead(data, p, to, final, base)
        if (instead !== undefined) return instead
      }
      const rdw = this.recordWord(word, data, p, base + p)
      if (to - p < rdw && !final) return p
      const length = Math.min(rdw, to - p)
      if (length === rdw) {
        const framed = this.frames(data, p, to, rdw, final, base + p, false)
        if (framed === WAIT) return p
        if (framed === BLOCK) return this.blockInstead(data, p, to, final, base) ?? p
      }
      f.buf = data
      f.start = p
      f.length = length
      f.rdw = rdw
      f.eof = length < rdw
      next = p + length
      span = length
    } else {
      const w = this.wrap
      if (w.gather(data, p, to, 4, base + p) < 0) {
        if (!final) return p
        throw new Metro2ReadError(`unexpected bytes at the end of the input: ${snippet(data, p)}`, base + p)
      }
      if (this.lastEnd > this.lastWord) w.gather(data, p, to, LOOKAHEAD, base + p)
      if (this.overran(w.buf, 0, w.length, final)) return p
      const word = digits4(w.buf, 0)
      if (L.blocked && !plausibleLength(word, false)) {
        const instead = this.blockInstead(data, p, to, final, base)
        if (instead !== undefined) return instead
      }
      const rdw = this.recordWord(word, w.buf, 0, base + p)
      const end = w.gather(data, p, to, rdw, base + p)
      if (end < 0 && !final) return p
      if (end >= 0) {
        const framed = this.frames(data, p, to, rdw, final, base + p, true)
        if (framed === WAIT) return p
        if (framed === BLOCK) return this.blockInstead(data, p, to, final, base) ?? p
      }
      next = end < 0 ? to : end
      f.buf = w.buf
      f.start = 0
      f.length = end < 0 ? w.length : rdw
      f.rdw = rdw
      f.eof = f.length < rdw
      span = next - p
      for (let i = p; i < next; i++) if (data[i] === 10) this.line++
    }
    f.packed = L.packed
    f.offset = base + p
    f.line = line
    this.position = { line, offset: base + p, length: span }
    this.framed++
    this.ready = true
    return next
  }

  /** The framing findings on the record just framed (descriptor words, block accounting), or null. */
  issuesOf(seg: SegmentName): Metro2Issue[] | null {
    const L = this.layout
    const f = this.record
    let issues: Metro2Issue[] | null = null
    if (L.lines && f.rdw !== f.length) {
      const message =
        f.rdw < 0
          ? `the record descriptor word ${snippet(f.buf, f.start, 4, false)} is not a number; the record is framed by its line`
          : `the record descriptor word says ${f.rdw} bytes, the line holds ${f.length}`
      ;(issues ??= []).push(issue(seg, 'descriptor.rdw', 'warning', message))
    } else if (f.eof && f.length < f.rdw) {
      const message = `the input ends ${f.rdw - f.length} bytes before the end the RDW gives`
      ;(issues ??= []).push(issue(seg, 'descriptor.rdw', 'warning', message))
    }
    if (L.blocked) this.tally.count(f.length)
    return issues
  }

  /** The BDW of the block this record opens, 0 when it does not open one (moov reports it on that record). */
  takeBlockWord(): number {
    return this.tally.take()
  }

  /** Findings on the file as a whole once it has ended: the block descriptor words that disagree with their blocks. */
  endIssues(): Metro2Issue[] {
    return this.layout.blocked ? this.tally.end() : []
  }

  /**
   * Checks the RDW at `p` against its record's segments (record-word.ts), in `data` or (a wrapped record) `wrap`:
   * throws when it is too long; WAIT when the bytes after the record are needed to tell and more may come; BLOCK
   * when, in a blocked file, a block starts there instead (the BDW before was too long: its word read as an RDW).
   */
  private frames(
    data: Buffer,
    p: number,
    to: number,
    rdw: number,
    final: boolean,
    offset: number,
    wrapped: boolean,
  ): number {
    const packed = this.layout.packed
    const w = this.wrap
    const q = wrapped ? segmentsEnd(w.buf, 0, rdw, false) : segmentsEnd(data, p, rdw, packed)
    if (q < rdw) {
      if (this.layout.blocked) {
        const block = this.blockWords.startsAt(data, p, to, final, offset)
        if (block === undefined) return WAIT
        if (block) return BLOCK
      }
      const more = wrapped ? w.gather(data, p, to, rdw + LOOKAHEAD, offset) >= 0 : to - p >= rdw + LOOKAHEAD
      if (!more && !final) return WAIT
      const k = wrapped
        ? nextRecordIn(w.buf, 0, w.length, rdw, false)
        : nextRecordIn(data, p, to, rdw, packed)
      if (k >= 0) tooLong(wordText(rdw, packed), rdw, k, offset)
    }
    this.lastAt = offset
    this.lastWord = rdw
    this.lastEnd = q
    return FRAMED
  }

  /**
   * Where a record was due, a block starts at `p` (its BDW read as an RDW): the BDW before was too long, and the
   * block is read from here. `p` to wait for more bytes; undefined when it is a record after all.
   */
  private blockInstead(
    data: Buffer,
    p: number,
    to: number,
    final: boolean,
    base: number,
  ): number | undefined {
    const block = this.blockWords.startsAt(data, p, to, final, base + p)
    if (block === undefined) return p
    if (!block) return undefined
    this.tally.force()
    return this.next(data, p, to, final, base)
  }

  /**
   * After a record whose last segment ran past its RDW's end, the next word must clearly start a record, or that
   * RDW is wrong (record-word.ts). True when the bytes at `at` are too few to tell and more may come.
   */
  private overran(b: Buffer, at: number, end: number, final: boolean): boolean {
    if (this.lastEnd <= this.lastWord || startsHere(b, at, end, this.layout.packed)) return false
    if (end - at < LOOKAHEAD && !final) return true
    this.blameLast(b, at)
    return false
  }

  /** A descriptor word at `p` that frames nothing: the RDW of the record before it may be the one to blame. */
  private blameLast(data: Uint8Array, p: number): void {
    if (this.lastAt < 0) return
    const next = segmentAt(data[p], data[p + 1])
    blamePrevious(wordText(this.lastWord, this.layout.packed), this.lastWord, this.lastEnd, next, this.lastAt)
  }

  private recordWord(rdw: number, data: Buffer, p: number, offset: number): number {
    if (plausibleLength(rdw, this.layout.packed)) return rdw
    this.blameLast(data, p)
    throw new Metro2ReadError(
      `invalid record descriptor word ${snippet(data, p, 4, false)}: no record can be framed`,
      offset,
    )
  }
}
