// The block accounting of a blocked file (CRRG "Block Descriptor Word": the length of the block, the word
// included). Each block's length is what its records add up to, up to where the next block starts; a BDW that
// says otherwise is named once, with that length, when its block ends, and no record is blamed for it. Where the
// next block starts: in a descriptor-framed file, where the BDW says if a block clearly starts there, else where
// the bytes show one (block-word.ts); with one record per line, on the line that starts with a BDW and then an
// RDW that gives the rest of the line. Records are framed by their own RDWs (or lines) all along.
import { blockAt, blockStarts, blockWordIssue, NEED_MORE, recordAt, robustBytes } from './block-word.ts'
import { binaryWord, bodyScore, digits4, plausibleLength } from './detect.ts'
import type { Metro2Issue } from './metro2.model.ts'
import { CHARACTER_RECORD_LENGTH, PACKED_RECORD_LENGTH } from './metro2.model.ts'
import { snippet } from './read-error.ts'
import { LOOKAHEAD } from './record-word.ts'

/** Disagreeing words named one by one; past this many they are counted (a file of bad words stays one report). */
const MAX_NAMED = 100

export class BlockTally {
  /** Block descriptor words read. */
  blocks = 0
  /** Bytes of the current block the BDW leaves for more records; a BDW is due when none are left. */
  left = 0
  /** The BDW of the block the next record opens, 0 when it opens none (moov reports it on that record). */
  private word = 0
  /** The end of the block is not where its BDW says: every record boundary is looked at for the next block. */
  private searching = false
  /** A block was found where a record was due (the framer's own checks of that record's RDW showed it). */
  private forced = false
  /** The open block: its word as written, its value, where it is, its line (files of lines), the bytes it holds. */
  private open = false
  private text = ''
  private value = 0
  private offset = 0
  private line: number | undefined
  private found = 0
  private readonly issues: Metro2Issue[] = []
  private more = 0

  /**
   * A descriptor-framed file: 1 when a BDW starts at `p`, 0 when a record does, or NEED_MORE. Where the BDW leaves
   * room for a record, a record (one comparison per record); where it ends, a block if one clearly starts there
   * (once per block); anything else is settled from the bytes (blockAt, recordAt).
   */
  due(d: Uint8Array, p: number, to: number, final: boolean, packed: boolean): number {
    if (this.forced) {
      this.forced = false
      return 1
    }
    if (!this.searching) {
      if (this.left >= (packed ? PACKED_RECORD_LENGTH : CHARACTER_RECORD_LENGTH)) return 0
      if (this.left <= 0) {
        if (to - p < LOOKAHEAD && !final) return NEED_MORE
        if (blockStarts(d, p, to, packed)) return 1
      }
    }
    if (to - p < robustBytes(packed) && !final) return NEED_MORE
    // Where the BDW ends its block, a block unless a record clearly starts; elsewhere, a record unless a block does.
    const block = this.left <= 0 && !this.searching ? !recordAt(d, p, to, packed) : blockAt(d, p, to, packed)
    if (!block) this.searching = true
    return block ? 1 : 0
  }

  /** The framer found a block where the BDW left room for a record: the next due() says so. */
  force(): void {
    this.forced = true
  }

  /**
   * The BDW at `p` of a descriptor-framed file (a wrapped one read without its line breaks) opens a block. False
   * when it gives no length and no record follows it: nothing can frame the block.
   */
  read(d: Uint8Array, p: number, offset: number, packed: boolean): boolean {
    const bdw = packed ? binaryWord(d, p) : digits4(d, p)
    this.start(d, p, bdw, offset, undefined)
    this.searching = !plausibleLength(bdw - 4, packed)
    if (!this.searching) return true
    const rdw = packed ? binaryWord(d, p + 4) : digits4(d, p + 4)
    return plausibleLength(rdw, packed)
  }

  /** A BDW on a line of its own: 4 digits, then a line break (no record is 4 bytes long). */
  ownLine(d: Uint8Array, p: number, to: number): boolean {
    const b = d[p + 4]
    return p + 4 < to && (b === 10 || b === 13) && digits4(d, p) >= 0
  }

  /**
   * Whether the line [p, end) opens a block with a BDW (then it is opened). A line whose second word gives the rest
   * of it is a BDW and a record; otherwise, and when the first word gives the whole line too (moov's blocks of one
   * record: BDW = line length), how the record starts decides (bodyScore), ties going to what is due. A line that
   * is plainly a record, where no BDW is due, costs two 4-digit reads.
   */
  opens(d: Uint8Array, p: number, end: number, offset: number, line: number): boolean {
    const due = this.left <= 0
    const n = end - p
    const rdwFits = digits4(d, p) === n
    const bdwFits = digits4(d, p + 4) === n - 4
    if (rdwFits && !bdwFits && !due) return false
    let opens = bdwFits && !rdwFits
    if (!opens) {
      const inner = bodyScore(d, p + 8, end, false)
      const outer = bodyScore(d, p + 4, end, false)
      opens = due ? inner >= outer : inner > outer
    }
    if (opens) this.openAt(d, p, offset, line)
    return opens
  }

  /** A block of a file of lines opens with the word at `p`. */
  openAt(d: Uint8Array, p: number, offset: number, line: number): void {
    this.start(d, p, digits4(d, p), offset, line)
  }

  /** The BDW of the block this record opens, 0 when it opens none. */
  take(): number {
    const bdw = this.word
    this.word = 0
    return bdw
  }

  /** A record framed: `length` bytes of its block. One that runs past the BDW's end: the BDW is to be checked. */
  count(length: number): void {
    this.found += length
    this.left -= length
    if (this.left < 0) {
      this.left = 0
      this.searching = true
    }
  }

  /** The disagreeing words of the whole file, the last block's included. */
  end(): Metro2Issue[] {
    this.close()
    const out = [...this.issues]
    if (this.more > 0)
      out.push({
        segment: 'file',
        rule: 'descriptor.bdw',
        severity: 'error',
        message: `${this.more} more block descriptor words disagree with their blocks (the first ${MAX_NAMED} are named)`,
      })
    return out
  }

  /** The block before closes, checked against its word; one opens with the word `bdw` at `p`. */
  private start(d: Uint8Array, p: number, bdw: number, offset: number, line: number | undefined): void {
    this.close()
    this.blocks++
    this.word = Math.max(0, bdw)
    // A word that is no length leaves the next block to be found (descriptors) or looked for on every line.
    this.left = Math.max(0, bdw - 4)
    this.searching = false
    this.open = true
    this.text = snippet(d, p, 4, false)
    this.value = bdw
    this.offset = offset
    this.line = line
    this.found = 4
  }

  private close(): void {
    if (!this.open || this.found === this.value) return
    if (this.issues.length < MAX_NAMED)
      this.issues.push(blockWordIssue(this.text, this.value, this.offset, this.found, this.line))
    else this.more++
  }
}
