// Whether a block starts where the framer is (CRRG "Block Descriptor Word": the length of the block, the word itself
// included, 4 digits or a packed binary word), whatever the last BDW said. The framer trusts the BDW to find the
// next block, so a wrong one would make it read a record's RDW as the next BDW and fail at a neighbour, or read a
// BDW as a record. The bytes tell instead: a block starts with a descriptor word and then a record (its RDW, then
// HEADER, TRAILER or a processing indicator and time stamp), where a record has those 4 bytes earlier. Pure, and
// each answer needs a fixed number of bytes, so it does not depend on how the input is chunked.
import {
  binaryWord,
  bodyScore,
  digits4,
  MAX_CHARACTER_WORD,
  MAX_PACKED_WORD,
  plausibleLength,
} from './detect.ts'
import type { Metro2Issue } from './metro2.model.ts'
import { CHARACTER_RECORD_LENGTH, PACKED_RECORD_LENGTH } from './metro2.model.ts'
import { LOOKAHEAD, segmentsEnd } from './record-word.ts'

/** The bytes at hand are too few to tell, and more may come. */
export const NEED_MORE = -1

/** Bytes from a record's start that blockAt() and recordAt() read: a descriptor word and two of the longest records. */
export const robustBytes = (packed: boolean): number =>
  2 * (packed ? MAX_PACKED_WORD : MAX_CHARACTER_WORD) + LOOKAHEAD

const isFiller = (b: number | undefined): boolean => b === 32 || b === 0 || b === 10 || b === 13 || b === 0x1a

/** Blanks, NULs, line breaks and a DOS end-of-file mark after the last record are no record. */
export function allFiller(d: Uint8Array, p: number, to: number): boolean {
  for (let i = p; i < to; i++) if (!isFiller(d[i])) return false
  return true
}

const wordAt = (d: Uint8Array, p: number, packed: boolean): number =>
  packed ? binaryWord(d, p) : digits4(d, p)

/**
 * How well a record framed by the descriptor word at `r` fits: -1 when the word is no record length, else how it
 * starts (bodyScore, 0-3) plus 4 when its segments end where the word says.
 */
function fit(d: Uint8Array, r: number, end: number, packed: boolean): number {
  const w = wordAt(d, r, packed)
  if (!plausibleLength(w, packed)) return -1
  return bodyScore(d, r + 4, end, packed) + (segmentsEnd(d, r, w, packed) === w ? 4 : 0)
}

/**
 * A descriptor word then a record starts at `s`, rather than a record: the record 4 bytes on has segments that end
 * where its RDW says, and fits better than one read from `s`.
 */
export function blockAt(d: Uint8Array, s: number, end: number, packed: boolean): boolean {
  if (wordAt(d, s, packed) < 0) return false
  const inner = fit(d, s + 4, end, packed)
  return inner >= 4 && inner > fit(d, s, end, packed)
}

const two = (d: Uint8Array, q: number): number => ((d[q] ?? 0) - 48) * 10 + (d[q + 1] ?? 0) - 48

/** 14 digits MMDDYYYYHHMMSS at `q` that can be a time stamp; no allocation (checked once per block). */
function stampAt(d: Uint8Array, q: number): boolean {
  for (let i = q; i < q + 14; i++) {
    const x = d[i] ?? 0
    if (x < 48 || x > 57) return false
  }
  const m = two(d, q)
  const day = two(d, q + 2)
  return (
    m >= 1 &&
    m <= 12 &&
    day >= 1 &&
    day <= 31 &&
    two(d, q + 8) <= 23 &&
    two(d, q + 10) <= 59 &&
    two(d, q + 12) <= 59
  )
}

/**
 * A block clearly starts at `s`: a descriptor word, an RDW, then a header, a trailer, or a base whose time stamp is
 * one where a record's would not be. Cheap (LOOKAHEAD bytes, no allocation): asked once per block where the BDW
 * says the next one starts; anything less is settled by blockAt() or recordAt().
 */
export function blockStarts(d: Uint8Array, s: number, end: number, packed: boolean): boolean {
  if (
    wordAt(d, s, packed) < 0 ||
    wordAt(d, s + 4, packed) < (packed ? PACKED_RECORD_LENGTH : CHARACTER_RECORD_LENGTH)
  )
    return false
  if (packed) return bodyScore(d, s + 8, end, true) === 3 && bodyScore(d, s + 4, end, true) < 3
  const c = d[s + 8]
  if (c === 72 || c === 84) return bodyScore(d, s + 8, end, false) === 3
  return stampAt(d, s + 9) && !stampAt(d, s + 5)
}

/** A record, clearly not a block, starts at `s`: its segments end where its RDW says, and it fits better. */
export function recordAt(d: Uint8Array, s: number, end: number, packed: boolean): boolean {
  const outer = fit(d, s, end, packed)
  return outer >= 4 && outer > fit(d, s + 4, end, packed)
}

/**
 * The one issue of a BDW that disagrees with its block: the word as written, where it is (with its line in a file
 * of lines, which shows where the block ends), and the length of the block.
 */
export function blockWordIssue(
  word: string,
  value: number,
  offset: number,
  found: number,
  line?: number,
): Metro2Issue {
  const says = value < 0 ? 'is not a number' : `gives ${value} bytes`
  const where = line === undefined ? `at byte offset ${offset}` : `at byte offset ${offset} (line ${line})`
  const why =
    line === undefined
      ? "its records' descriptor words end it there"
      : 'its lines up to the next block descriptor word'
  return {
    segment: 'file',
    rule: 'descriptor.bdw',
    severity: 'error',
    message: `the block descriptor word ${word} ${where} ${says}, but its block holds ${found} (${why})`,
  }
}
