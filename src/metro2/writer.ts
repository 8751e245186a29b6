// Writing Metro 2: fixed (every record padded to one length, RDW = that length), variable blocked (BDW + RDW,
// several records per block) and packed (366 layouts, COMP-3, binary descriptor words, blocked). The trailer is
// always computed from the records written (TrailerCounter), never taken from the input.
import { AppError } from '../platform/errors.ts'
import { encodeSegment, writeWord } from './field-writer.ts'
import { LAYOUTS } from './layouts.ts'
import type { DataRecord, HeaderRecord, Metro2File, Metro2Format, TrailerRecord } from './metro2.model.ts'
import { CHARACTER_RECORD_LENGTH, PACKED_RECORD_LENGTH, SEGMENT_LENGTHS } from './metro2.model.ts'
import { TrailerCounter } from './trailer-counter.ts'
import { MAX_CHARACTER_WORD, MAX_PACKED_WORD } from './detect.ts'

const SINGLE = ['k1', 'k2', 'k3', 'k4', 'l1', 'n1'] as const

export interface Metro2WriterOptions {
  format: Metro2Format
  /** A line break after every record: true or 'lf' for LF, 'crlf' for CR LF. Ignored by `packed` (binary). */
  lineBreaks?: boolean | 'lf' | 'crlf'
  /** `fixed` only: the length every record is padded to (default 426, the CRRG fixed length). */
  recordLength?: number
}

/** Length of a data record with its appended segments, descriptor word included. */
export function recordLength(record: DataRecord, packed: boolean): number {
  let n =
    (packed ? PACKED_RECORD_LENGTH : CHARACTER_RECORD_LENGTH) +
    record.j1.length * 100 +
    record.j2.length * 200
  for (const k of SINGLE) if (record[k] !== undefined) n += SEGMENT_LENGTHS[k]
  return n
}

/**
 * The longest data record a format can carry. Fixed: the RDW has 4 digits (CRRG "Record Descriptor Word"), so
 * 9,999. Variable: a block holds at least one whole record and its 4-digit BDW, 9,999 bytes with the BDW's own 4.
 * Packed: the CRRG caps a block at 32,760 bytes, BDW included.
 */
export function maxRecordLength(format: Metro2Format): number {
  if (format === 'fixed') return MAX_CHARACTER_WORD
  return (format === 'packed' ? MAX_PACKED_WORD : MAX_CHARACTER_WORD) - 4
}

const WHY: Record<Metro2Format, string> = {
  fixed: 'the record descriptor word has 4 digits',
  variable: 'the 4-digit block descriptor word caps a block, its own 4 bytes included, at 9999',
  packed: 'the CRRG caps a block, its 4-byte descriptor word included, at 32760',
}

/** Refuses a data record that no block or descriptor word of the format can hold, naming it and why. */
function checkLength(record: DataRecord, no: number, format: Metro2Format): number {
  const length = recordLength(record, format === 'packed')
  const max = maxRecordLength(format)
  if (length > max) {
    const appended = record.j1.length + record.j2.length + SINGLE.filter((k) => record[k]).length
    throw new AppError(
      'invalid_input',
      `record ${no} (data.${no - 1}, account '${record.base.consumerAccountNumber}') is ${length} bytes with its ` +
        `${appended} appended segments (${record.j1.length} J1, ${record.j2.length} J2): a ${format} record ` +
        `holds at most ${max}, as ${WHY[format]}`,
    )
  }
  return length
}

type Encode = (out: Buffer, at: number) => void

export class Metro2Writer {
  private readonly format: Metro2Format
  private readonly packed: boolean
  private readonly fixed: boolean
  private readonly size: number
  private readonly fixedLength: number
  private readonly maxBlock: number
  private readonly eol: Buffer
  private readonly counter = new TrailerCounter()
  private block: Buffer
  private used = 0
  private content = 0
  private blocks = 0
  private written = 0
  private recordNo = 0
  private finished = false
  /** The trailer written by finish(). */
  trailer: TrailerRecord | undefined

  constructor(options: Metro2WriterOptions) {
    if (!['fixed', 'variable', 'packed'].includes(options.format)) {
      throw new AppError(
        'invalid_input',
        `unknown Metro 2 format '${String(options.format)}': fixed, variable or packed`,
      )
    }
    this.format = options.format
    this.packed = options.format === 'packed'
    this.fixed = options.format === 'fixed'
    this.size = this.packed ? PACKED_RECORD_LENGTH : CHARACTER_RECORD_LENGTH
    const lb = options.lineBreaks
    this.eol = Buffer.from(this.packed || !lb ? '' : lb === 'crlf' ? '\r\n' : '\n')
    // CRRG: blocks of at most 32,760 bytes; a character BDW has four digits, so 9,999 there.
    this.maxBlock = this.packed ? MAX_PACKED_WORD : MAX_CHARACTER_WORD
    this.fixedLength = options.recordLength ?? CHARACTER_RECORD_LENGTH
    if (this.fixed && (this.fixedLength < CHARACTER_RECORD_LENGTH || this.fixedLength > MAX_CHARACTER_WORD)) {
      throw new AppError('invalid_input', `recordLength ${this.fixedLength} is not from 426 to 9999`)
    }
    this.block = Buffer.alloc(
      this.fixed ? 0 : this.maxBlock + Math.ceil(this.maxBlock / this.size) * this.eol.length,
    )
  }

  writeHeader(header: HeaderRecord): Uint8Array {
    const layout = LAYOUTS.header[this.packed ? 'packed' : 'character']
    return this.put(this.size, (out, at) => encodeSegment(out, at, layout, header, 'header', 'HEADER'))
  }

  writeRecord(record: DataRecord): Uint8Array {
    const no = ++this.recordNo
    const bytes = this.put(checkLength(record, no, this.format), (out, at) =>
      this.encodeData(out, at, record, `record ${no}`),
    )
    this.counter.add(record)
    return bytes
  }

  /** Writes the trailer, totals counted from the records written, and whatever is left of the last block. */
  finish(): Uint8Array {
    const size = this.size
    let blockCount: number
    if (this.fixed) blockCount = this.written + 1
    else blockCount = this.blocks + (this.used > 0 ? 1 : 0) + (this.fits(size) ? 0 : 1)
    const trailer = this.counter.result(blockCount)
    trailer.recordDescriptorWord = this.fixed ? this.fixedLength : size
    const layout = LAYOUTS.trailer[this.packed ? 'packed' : 'character']
    const bytes = this.put(size, (out, at) => encodeSegment(out, at, layout, trailer, 'trailer', 'TRAILER'))
    this.finished = true
    this.trailer = trailer
    if (this.fixed) return bytes
    const last = this.flush()
    return bytes.length === 0 ? last : Buffer.concat([bytes, last])
  }

  private encodeData(out: Buffer, at: number, record: DataRecord, where: string): void {
    encodeSegment(
      out,
      at,
      LAYOUTS.base[this.packed ? 'packed' : 'character'],
      record.base,
      `${where}: base`,
      '',
    )
    let q = at + this.size
    for (const j of record.j1) {
      encodeSegment(out, q, LAYOUTS.j1.character, j, `${where}: j1`, 'J1')
      q += SEGMENT_LENGTHS.j1
    }
    for (const j of record.j2) {
      encodeSegment(out, q, LAYOUTS.j2.character, j, `${where}: j2`, 'J2')
      q += SEGMENT_LENGTHS.j2
    }
    for (const k of SINGLE) {
      const segment = record[k]
      if (segment === undefined) continue
      encodeSegment(out, q, LAYOUTS[k].character, segment, `${where}: ${k}`, k.toUpperCase())
      q += SEGMENT_LENGTHS[k]
    }
  }

  private fits(length: number): boolean {
    return this.used > 0 && this.content + length <= this.maxBlock
  }

  private put(length: number, encode: Encode): Uint8Array {
    if (this.finished) throw new AppError('conflict', 'Metro2Writer: finish() was already called')
    if (this.fixed) {
      if (length > this.fixedLength) {
        throw new AppError(
          'invalid_input',
          `a ${length}-byte record does not fit the fixed length ${this.fixedLength}; set recordLength`,
        )
      }
      const out = Buffer.alloc(this.fixedLength + this.eol.length, 32)
      writeWord(out, 0, this.fixedLength, false)
      encode(out, 0)
      this.eol.copy(out, this.fixedLength)
      this.written++
      return out
    }
    const flushed = this.used > 0 && !this.fits(length) ? this.flush() : Buffer.alloc(0)
    if (this.used === 0) {
      this.used = 4
      this.content = 4
    }
    const at = this.used
    this.block.fill(32, at, at + length)
    writeWord(this.block, at, length, this.packed)
    encode(this.block, at)
    this.used += length
    this.content += length
    this.eol.copy(this.block, this.used)
    this.used += this.eol.length
    return flushed
  }

  private flush(): Buffer {
    if (this.used === 0) return Buffer.alloc(0)
    writeWord(this.block, 0, this.content, this.packed)
    const out = Buffer.from(this.block.subarray(0, this.used))
    this.blocks++
    this.used = 0
    this.content = 0
    return out
  }
}

/**
 * A whole file in memory. `fixed` pads every record to the longest one; the input's trailer is ignored and a
 * trailer counted from `file.data` is written.
 */
export function writeMetro2(
  file: Metro2File,
  options: Omit<Metro2WriterOptions, 'recordLength'>,
): Uint8Array {
  let longest = CHARACTER_RECORD_LENGTH
  if (options.format === 'fixed')
    for (const [i, r] of file.data.entries()) longest = Math.max(longest, checkLength(r, i + 1, 'fixed'))
  const writer = new Metro2Writer(
    options.format === 'fixed' ? { ...options, recordLength: longest } : options,
  )
  const chunks: Uint8Array[] = []
  if (file.header) chunks.push(writer.writeHeader(file.header))
  for (const r of file.data) {
    const bytes = writer.writeRecord(r)
    if (bytes.length > 0) chunks.push(bytes)
  }
  chunks.push(writer.finish())
  return Buffer.concat(chunks)
}
