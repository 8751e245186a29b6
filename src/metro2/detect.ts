// Recognising a Metro 2 file from its first bytes: character (426) or packed (366), blocked (BDW + RDW) or not,
// with or without line breaks, and whether those line breaks end records or merely wrap them (CRRG "Record
// Descriptor Word", "Block Descriptor Word"; moov-io/metro2 reads files that wrap records every 80 characters).
import { CHARACTER_RECORD_LENGTH, PACKED_RECORD_LENGTH } from './metro2.model.ts'
import { describeStart, Metro2ReadError } from './read-error.ts'

export interface FileLayout {
  readonly packed: boolean
  readonly blocked: boolean
  readonly breaks: 'none' | 'lf' | 'crlf'
  /** One record per line: lines frame records, whatever their descriptor words say. */
  readonly lines: boolean
  /** Where reading starts: after a byte order mark (blank lines before the first record are skipped as read). */
  readonly start: number
}

/** Longest line, or span of a wrapped record, the reader accepts: a Metro 2 record is at most about 2 KB. */
export const MAX_LINE = 65_536
/** Bytes the reader gathers before it decides how the file is laid out (unless the input is shorter). */
export const DETECT_BYTES = MAX_LINE + 16_384
/** Largest character descriptor word (4 digits) and largest packed block (CRRG: 32,760 bytes). */
export const MAX_CHARACTER_WORD = 9999
export const MAX_PACKED_WORD = 32_760

const isBreak = (b: number | undefined): boolean => b === 10 || b === 13

/** Four ASCII digits as a number, or -1. */
export function digits4(d: Uint8Array, p: number): number {
  let v = 0
  for (let i = p; i < p + 4; i++) {
    const x = (d[i] ?? 0) - 48
    if (x < 0 || x > 9) return -1
    v = v * 10 + x
  }
  return v
}

/** A packed descriptor word: 2-byte big-endian length then 2 zero bytes (CRRG), or -1. */
export function binaryWord(d: Uint8Array, p: number): number {
  if (p + 4 > d.length || d[p + 2] !== 0 || d[p + 3] !== 0) return -1
  return ((d[p] ?? 0) << 8) | (d[p + 1] ?? 0)
}

function matches(d: Uint8Array, p: number, end: number, text: string): boolean {
  if (p + text.length > end) return false
  for (let i = 0; i < text.length; i++) if (d[p + i] !== text.charCodeAt(i)) return false
  return true
}

function validTimestamp(v: number[]): boolean {
  const [m = 0, day = 0, y = 0, h = 0, mi = 0, s = 0] = v
  return m >= 1 && m <= 12 && day >= 1 && day <= 31 && y >= 1 && h <= 23 && mi <= 59 && s <= 59
}

/**
 * How much the bytes after a descriptor word at `q` look like a record: 3 for HEADER or TRAILER or a base
 * segment with a valid time stamp, 2 for a base with a zero or blank time stamp, 1 for a processing indicator
 * followed by 14 digits that are no time stamp, 0 for no record at all.
 */
export function bodyScore(d: Uint8Array, q: number, end: number, packed: boolean): number {
  if (matches(d, q, end, 'HEADER') || matches(d, q, end, 'TRAILER')) return 3
  const pi = d[q]
  if (pi === undefined || q + (packed ? 9 : 15) > end || !((pi >= 48 && pi <= 57) || pi === 32)) return 0
  if (packed) {
    let zero = true
    const nibbles: number[] = []
    for (let i = q + 1; i < q + 9; i++) {
      const b = d[i] ?? 0
      if (b !== 0) zero = false
      nibbles.push(b >> 4, b & 15)
    }
    if (zero) return 2
    const sign = nibbles.pop()
    if (nibbles[0] !== 0 || nibbles.some((n) => n > 9) || (sign !== 0xf && sign !== 0xc && sign !== 0xd))
      return 0
    const n = (a: number, b: number) => nibbles.slice(a, b).reduce((x, y) => x * 10 + y, 0)
    return validTimestamp([n(1, 3), n(3, 5), n(5, 9), n(9, 11), n(11, 13), n(13, 15)]) ? 3 : 1
  }
  let blank = true
  let zero = true
  let blanks = false
  for (let i = q + 1; i < q + 15; i++) {
    const b = d[i] ?? 0
    if (b !== 32) blank = false
    else blanks = true
    if (b !== 48) zero = false
    if (b !== 32 && (b < 48 || b > 57)) return 0
  }
  if (blank || zero) return 2
  // Blanks among digits are no time stamp (they would read as negative numbers below).
  if (blanks) return 1
  const n = (a: number) => ((d[q + 1 + a] ?? 0) - 48) * 10 + (d[q + 2 + a] ?? 0) - 48
  return validTimestamp([n(0), n(2), n(4) * 100 + n(6), n(8), n(10), n(12)]) ? 3 : 1
}

const minRecord = (packed: boolean) => (packed ? PACKED_RECORD_LENGTH : CHARACTER_RECORD_LENGTH)
const maxWord = (packed: boolean) => (packed ? MAX_PACKED_WORD : MAX_CHARACTER_WORD)
export const plausibleLength = (n: number, packed: boolean): boolean =>
  n >= minRecord(packed) && n <= maxWord(packed)

/** A record clearly starts at `p`: HEADER, TRAILER, a base with a real time stamp, or a plausible RDW and a base. */
function recordStarts(d: Uint8Array, p: number, end: number, packed: boolean): boolean {
  const w = packed ? binaryWord(d, p) : digits4(d, p)
  if (w < 0) return false
  const score = bodyScore(d, p + 4, end, packed)
  return score >= 3 || (score === 2 && plausibleLength(w, packed))
}

/** A record, or a block descriptor word and a record, clearly starts at `p`. */
export function startsHere(d: Uint8Array, p: number, end: number, packed: boolean): boolean {
  return (
    recordStarts(d, p, end, packed) ||
    ((packed ? binaryWord(d, p) : digits4(d, p)) >= 0 && recordStarts(d, p + 4, end, packed))
  )
}

/** Position after `n` bytes of content from `p`, line breaks not counted; -1 past the end of the data. */
function skipContent(d: Uint8Array, p: number, end: number, n: number): number {
  let left = n
  while (left > 0 && p < end) {
    if (!isBreak(d[p])) left--
    p++
  }
  while (p < end && isBreak(d[p])) p++
  return left > 0 ? -1 : p
}

function nextScore(d: Uint8Array, p: number, end: number, n: number, final: boolean): number {
  const next = skipContent(d, p, end, n)
  if (next < 0) return 0
  if (next >= end) return final ? 2 : 0
  return startsHere(d, next, end, false) ? 2 : 0
}

/** 1 when a record of length `n` at `r0` ends after its base segment or goes on with a segment identifier. */
function shapeScore(d: Uint8Array, r0: number, n: number, end: number): number {
  if (n === CHARACTER_RECORD_LENGTH) return 1
  const at = skipContent(d, r0, end, CHARACTER_RECORD_LENGTH)
  if (at < 0 || at + 2 > end) return 0
  const c0 = d[at]
  const c1 = (d[at + 1] ?? 0) - 48
  return (c0 === 74 && (c1 === 1 || c1 === 2)) ||
    (c0 === 75 && c1 >= 1 && c1 <= 4) ||
    ((c0 === 76 || c0 === 78) && c1 === 1)
    ? 1
    : 0
}

/** The input is described by the kinds of its first bytes, never quoted (read-error.ts describeStart). */
function fail(message: string, d: Uint8Array, p: number): never {
  throw new Metro2ReadError(`${message}; the input is ${describeStart(d, p)}`, p)
}

/** Decides how the file is laid out, from its first record and the start of the next; throws when it is no Metro 2. */
export function detectLayout(d: Uint8Array, from: number, end: number, final: boolean): FileLayout {
  let p0 = from
  if (end - p0 >= 8 && binaryWord(d, p0) >= 0) return detectPacked(d, p0, end)
  if (d[p0] === 0xef && d[p0 + 1] === 0xbb && d[p0 + 2] === 0xbf) p0 += 3
  const bomEnd = p0
  while (p0 < end && isBreak(d[p0])) p0++
  if (p0 >= end) throw new Metro2ReadError('empty input: no Metro 2 record', p0)
  if (end - p0 < 8) fail('too short to be a Metro 2 file', d, p0)
  if (binaryWord(d, p0) >= 0) return detectPacked(d, p0, end)
  // A packed file's first BDW damaged (its last two bytes not zero): a packed RDW and a record follow it.
  if (binaryWord(d, p0 + 4) >= PACKED_RECORD_LENGTH && recordStarts(d, p0 + 4, end, true))
    return { packed: true, blocked: true, breaks: 'none', lines: false, start: p0 }
  // The reader starts after the byte order mark and counts the blank lines itself.
  return { ...detectCharacter(d, p0, end, final), start: bomEnd }
}

/** Packed: binary descriptor words (their bytes may be 0x0A or 0x0D: a packed file has no line breaks). */
function detectPacked(d: Uint8Array, p0: number, end: number): FileLayout {
  const rdw = binaryWord(d, p0 + 4)
  // A BDW too short for the record after it is still one when the record starts there (block-word.ts names it).
  const blocked =
    rdw >= PACKED_RECORD_LENGTH &&
    (rdw + 4 <= binaryWord(d, p0) || bodyScore(d, p0 + 8, end, true) > bodyScore(d, p0 + 4, end, true))
  if (bodyScore(d, p0 + (blocked ? 8 : 4), end, true) === 0) {
    fail(
      'not a Metro 2 file: a packed descriptor word is followed by neither a header nor a base record',
      d,
      p0,
    )
  }
  return { packed: true, blocked, breaks: 'none', lines: false, start: p0 }
}

function detectCharacter(d: Uint8Array, p0: number, end: number, final: boolean): FileLayout {
  const d1 = digits4(d, p0)
  let q = p0 + 4
  while (q < end && isBreak(d[q])) q++
  const d2 = digits4(d, q)
  // The first 4 bytes are no number: a blocked file's first BDW (CRRG Block Descriptor Word), damaged, when an RDW
  // and a record clearly start after them. The framer names that word (descriptor.bdw) and frames its block by the
  // records' RDWs, as it does a later BDW that is no number (found by probing: such a file was "not Metro 2").
  if (d1 < 0 && !recordStarts(d, q, end, false))
    fail(
      'not a Metro 2 file: the first 4 bytes are no descriptor word (4 digits, or a packed binary word), and no record follows them',
      d,
      p0,
    )
  const lf = d.indexOf(10, p0)
  const breaks = lf < 0 || lf - p0 > MAX_LINE ? 'none' : d[lf - 1] === 13 ? 'crlf' : 'lf'

  // Unblocked: the RDW at p0. Blocked: a BDW at p0 (possibly on its own line), then the RDW. A BDW too short for
  // the record after it is still a BDW when the record scores better there: the framer names it (block-word.ts).
  let unblocked = d1 < 0 ? 0 : bodyScore(d, p0 + 4, end, false)
  if (unblocked > 0) unblocked += nextScore(d, p0, end, d1, final) + shapeScore(d, p0, d1, end)
  let blocked = 0
  if (d2 >= 0) {
    blocked = bodyScore(d, q + 4, end, false)
    if (blocked > 0)
      blocked += nextScore(d, q, end, d2, final) + shapeScore(d, q, d2, end) + (q > p0 + 4 ? 2 : 0)
  }
  if (unblocked === 0 && blocked === 0) {
    fail('not a Metro 2 file: the first record is neither a header record nor a base segment', d, p0)
  }
  const isBlocked = blocked > unblocked
  const r0 = isBlocked ? q : p0
  const rdw = isBlocked ? d2 : d1
  return {
    packed: false,
    blocked: isBlocked,
    breaks,
    lines: breaks !== 'none' && framedByLines(d, r0, end, rdw, final),
    start: p0,
  }
}

/**
 * Whether line breaks end records (one record per line, even with a wrong RDW such as the cfpb samples' 0006)
 * or wrap them at arbitrary positions (moov's samples wrap every 80 or 100 characters).
 */
function framedByLines(d: Uint8Array, r0: number, end: number, rdw: number, final: boolean): boolean {
  if (!plausibleLength(rdw, false)) return true
  const lf = d.indexOf(10, r0)
  const eol = lf < 0 ? end : lf
  const length = eol - r0 - (d[eol - 1] === 13 ? 1 : 0)
  if (length === rdw) return true
  if (length > rdw) return !startsHere(d, r0 + rdw, end, false)
  let next = eol
  while (next < end && isBreak(d[next])) next++
  return next >= end ? final : startsHere(d, next, end, false)
}
