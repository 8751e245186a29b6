// The bytes of a wrapped file without its line breaks (moov-io/metro2 wraps records every 80 or 100 characters,
// wherever a descriptor word or a field falls). Descriptor words and records are read from these, never from the
// input itself: a line break may split a record descriptor word, and a block descriptor word too (CRRG "Block
// Descriptor Word": 4 bytes of the block's content), and block-word.ts reads a BDW and the records after it as
// contiguous bytes, as they are in a file without line breaks.
import { MAX_LINE } from './detect.ts'
import { Metro2ReadError } from './read-error.ts'

const isBreak = (b: number | undefined): boolean => b === 10 || b === 13

export class ContentBytes {
  buf: Buffer
  /** Content bytes gathered into `buf`. */
  length = 0
  /** The gathering stopped at the end of the data at hand, before it had the bytes it wanted. */
  short = false

  constructor(size: number) {
    this.buf = Buffer.alloc(size)
  }

  /**
   * Copies up to `want` content bytes of data[p, to), line breaks left out; returns where they end in `data`, or -1
   * when the data ends first. Throws when line breaks alone span more than any record (`offset` names where).
   */
  gather(data: Uint8Array, p: number, to: number, want: number, offset: number): number {
    if (this.buf.length < want) this.buf = Buffer.alloc(want)
    const w = this.buf
    let n = 0
    let i = p
    for (; i < to && n < want; i++) {
      const b = data[i] ?? 0
      if (!isBreak(b)) w[n++] = b
      else if (i - p > MAX_LINE)
        throw new Metro2ReadError(`a record spans more than ${MAX_LINE} bytes`, offset)
    }
    this.length = n
    this.short = n < want
    return this.short ? -1 : i
  }
}

/** Where the `n` content bytes from `p` end in `d` (line breaks among them passed over), and the line feeds passed. */
export function pastContent(d: Uint8Array, p: number, to: number, n: number): { end: number; lines: number } {
  let left = n
  let lines = 0
  let i = p
  for (; left > 0 && i < to; i++) {
    if (d[i] === 10) lines++
    else if (d[i] !== 13) left--
  }
  return { end: i, lines }
}
