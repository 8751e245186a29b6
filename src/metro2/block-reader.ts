// The block descriptor words of a descriptor-framed blocked file (CRRG "Block Descriptor Word": the block's length,
// the word included), read from the file's bytes: where one is due (block-tally.ts), and whether one starts where a
// record was due (block-word.ts). A wrapped file (moov-io/metro2 wraps every 80 or 100 characters, wherever a word
// falls) is read without its line breaks (content-bytes.ts), so that a wrong BDW is found there as in a file
// without line breaks (found by probing: the wrapped layout trusted the BDW, lost 21 records to one too long,
// blamed a record's RDW for one too short, and failed on a right one that a line break split).
import { blockAt, NEED_MORE, robustBytes } from './block-word.ts'
import type { BlockTally } from './block-tally.ts'
import { ContentBytes, pastContent } from './content-bytes.ts'
import { Metro2ReadError, snippet } from './read-error.ts'
import { LOOKAHEAD } from './record-word.ts'

export class BlockReader {
  /** The bytes from `p` on that the checks read, in a wrapped file. */
  private readonly ahead = new ContentBytes(robustBytes(false))

  constructor(
    private readonly tally: BlockTally,
    private readonly packed: boolean,
    private readonly wrapped: boolean,
  ) {}

  /**
   * 1 when a BDW starts at `p`, 0 when a record does, NEED_MORE when more bytes are needed to tell. A wrapped file's
   * content is gathered as it is needed: the few bytes that tell whether a block starts where its BDW says, then,
   * only when that does not settle it, as many as block-word.ts reads.
   */
  due(data: Buffer, p: number, to: number, final: boolean, offset: number): number {
    if (!this.wrapped) return this.tally.due(data, p, to, final, this.packed)
    const a = this.ahead
    let due = NEED_MORE
    for (const want of [LOOKAHEAD, robustBytes(false)]) {
      a.gather(data, p, to, want, offset)
      due = this.tally.due(a.buf, 0, a.length, final && a.short, false)
      if (due !== NEED_MORE || a.short) break
    }
    return due
  }

  /** A block, not a record, starts at `p` (blockAt); undefined when more bytes are needed to tell. */
  startsAt(data: Buffer, p: number, to: number, final: boolean, offset: number): boolean | undefined {
    const want = robustBytes(this.packed)
    if (!this.wrapped) return to - p < want && !final ? undefined : blockAt(data, p, to, this.packed)
    const a = this.ahead
    a.gather(data, p, to, want, offset)
    return a.short && !final ? undefined : blockAt(a.buf, 0, a.length, false)
  }

  /**
   * Reads the BDW at `p`, where due() found one: where it ends in `data` and the line feeds inside it (a line break
   * may split the word in a wrapped file), or undefined when more bytes are needed. Throws when the word gives no
   * block length and no record follows it: nothing frames the block (`blame` may blame the RDW before it first).
   */
  read(
    data: Buffer,
    p: number,
    to: number,
    final: boolean,
    offset: number,
    blame: (d: Uint8Array, q: number) => void,
  ): { end: number; lines: number } | undefined {
    const [d, q, end] = this.wrapped ? [this.ahead.buf, 0, this.ahead.length] : [data, p, to]
    if (end - q < 4) {
      if (!final) return undefined
      throw new Metro2ReadError(`the input ends inside a block descriptor word: ${snippet(d, q)}`, offset)
    }
    if (!this.tally.read(d, q, offset, this.packed)) {
      blame(d, q)
      const word = snippet(d, q, 4, false)
      throw new Metro2ReadError(
        `invalid block descriptor word ${word}: it gives no block length, and no record follows it`,
        offset,
      )
    }
    return this.wrapped ? pastContent(data, p, to, 4) : { end: p + 4, lines: 0 }
  }
}
