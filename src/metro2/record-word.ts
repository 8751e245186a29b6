// Whether a record descriptor word frames its record (CRRG "Record Descriptor Word": the length of the record,
// the word included). The framer trusts the RDW to find the next record, so a wrong one would frame every record
// after it wrongly and be reported far from where it is, with another word's value. Checked instead against the
// record's own structure (its base, header or trailer length, then appended segments by their identifiers) and
// against what follows it; only a clear disagreement blames the RDW, anything else stays a finding on the record.
import { startsHere } from './detect.ts'
import type { AppendedSegmentName } from './metro2.model.ts'
import { CHARACTER_RECORD_LENGTH, PACKED_RECORD_LENGTH, SEGMENT_LENGTHS } from './metro2.model.ts'
import { Metro2ReadError, snippet } from './read-error.ts'
import { isPadding, recordKind, segmentAt } from './record-decoder.ts'

/** Bytes after a record's end that show whether a record starts there: a BDW, an RDW and a base's first 15. */
export const LOOKAHEAD = 4 + 4 + 15

/**
 * Where the segments of the record at `r0` end: after the base (or header, trailer), each appended segment by
 * its identifier. `rdw` when they end there or only padding is left; past `rdw` when a segment runs over it.
 */
export function segmentsEnd(b: Uint8Array, r0: number, rdw: number, packed: boolean): number {
  let q = packed ? PACKED_RECORD_LENGTH : CHARACTER_RECORD_LENGTH
  if (recordKind(b, r0, rdw) === 'base') {
    while (q < rdw) {
      const name = segmentAt(b[r0 + q], q + 1 < rdw ? b[r0 + q + 1] : undefined)
      if (name === undefined) break
      q += SEGMENT_LENGTHS[name]
    }
  }
  return q < rdw && isPadding(b, r0 + q, r0 + rdw) ? rdw : q
}

/**
 * Where the next record clearly starts inside the record at `r0` (after its segments and any padding), when none
 * starts where the RDW ends; else -1. Then the RDW is too long. A fixed-length file pads each record to its RDW,
 * so padding alone blames nothing, and an RDW that lands on a record is trusted (its record has a bad segment).
 */
export function nextRecordIn(b: Uint8Array, r0: number, end: number, rdw: number, packed: boolean): number {
  if (startsHere(b, r0 + rdw, end, packed)) return -1
  let k = segmentsEnd(b, r0, rdw, packed)
  while (k < rdw && (b[r0 + k] === 32 || b[r0 + k] === 0)) k++
  return k < rdw && startsHere(b, r0 + k, end, packed) ? k : -1
}

/** The RDW as written: 4 digits, or a packed word's bytes. */
export function wordText(rdw: number, packed: boolean): string {
  if (!packed) return `'${String(rdw).padStart(4, '0')}'`
  return snippet(Uint8Array.of(rdw >> 8, rdw & 0xff, 0, 0), 0, 4, false)
}

export function tooLong(word: string, rdw: number, k: number, offset: number): never {
  throw new Metro2ReadError(
    `invalid record descriptor word ${word}: it gives ${rdw} bytes, but the next record starts after ${k}`,
    offset,
  )
}

/**
 * The word after a record is no descriptor word: the record's RDW is to blame when its last segment runs past
 * the end it gives, or when an appended segment starts there (it stops short of its own record's segments).
 */
export function blamePrevious(
  word: string,
  rdw: number,
  end: number,
  next: AppendedSegmentName | undefined,
  offset: number,
): void {
  if (end > rdw)
    throw new Metro2ReadError(
      `invalid record descriptor word ${word}: it gives ${rdw} bytes, but the record's last segment runs on to ${end}`,
      offset,
    )
  if (next !== undefined)
    throw new Metro2ReadError(
      `invalid record descriptor word ${word}: it gives ${rdw} bytes, but a ${next.toUpperCase()} segment of the record follows`,
      offset,
    )
}
