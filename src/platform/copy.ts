// Rendering of rows in PostgreSQL's COPY text format: tab between columns, \N for NULL, and backslash
// escapes for backslash, tab, newline and carriage return (PostgreSQL docs, "COPY", File Formats/Text).
export type CopyValue = string | number | bigint | boolean | Date | Uint8Array | null | undefined

const needsEscape = /[\\\t\n\r]/

function escapeText(s: string): string {
  if (!needsEscape.test(s)) return s
  return s.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  )
}

export function copyValue(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N'
  if (typeof v === 'string') return escapeText(v)
  if (typeof v === 'number' || typeof v === 'bigint') return String(v)
  if (typeof v === 'boolean') return v ? 't' : 'f'
  if (v instanceof Date) return v.toISOString()
  // bytea in hex form; the backslash itself is escaped for the text format.
  return '\\\\x' + Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')
}

// One flat string per line: join allocates it once, where += would build a chain of partial strings to flatten.
const rendered: string[] = []

export function copyLine(values: readonly CopyValue[]): string {
  rendered.length = values.length
  for (let i = 0; i < values.length; i++) rendered[i] = copyValue(values[i])
  return rendered.join('\t') + '\n'
}

const BACKSLASH = 92
const TAB = 9
const CR = 13
const NEWLINE = 10
const HEX = Buffer.from('0123456789abcdef', 'latin1')
const EMPTY = Buffer.alloc(0)
const NULL_BYTES = Buffer.from('\\N', 'latin1')
const BYTEA_PREFIX = Buffer.from('\\\\x', 'latin1')

/**
 * Rows written straight into bytes in the same COPY text format as copyLine, for bulk loads: no string per value,
 * line or piece, and the rendered rows wait for their COPY outside the JS heap, where the garbage collector does
 * not copy them from one generation to the next. Rows may span pieces: COPY data is one byte stream.
 */
export class CopyBuffer {
  private readonly done: Buffer<ArrayBuffer>[] = []
  // Allocated on the first row: many buffers of a bulk load stay empty.
  private buf: Buffer<ArrayBuffer> = EMPTY
  private at = 0
  /** Rows written since the last take. */
  rows = 0

  constructor(private readonly pieceBytes = 1 << 18) {}

  row(values: readonly CopyValue[]): void {
    for (let i = 0; i < values.length; i++) {
      if (i > 0) this.byte(TAB)
      this.value(values[i])
    }
    this.byte(NEWLINE)
    this.rows++
  }

  /** The rendered bytes, in pieces of about pieceBytes; the buffer is empty afterwards. */
  take(): Buffer<ArrayBuffer>[] {
    if (this.at > 0) this.done.push(this.buf.subarray(0, this.at))
    const out = this.done.splice(0)
    this.buf = EMPTY
    this.at = 0
    this.rows = 0
    return out
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return
    if (this.at > 0) this.done.push(this.buf.subarray(0, this.at))
    this.buf = Buffer.allocUnsafe(Math.max(this.pieceBytes, n))
    this.at = 0
  }

  private byte(b: number): void {
    this.room(1)
    this.buf[this.at++] = b
  }

  private bytes(b: Buffer): void {
    this.room(b.length)
    this.at += b.copy(this.buf, this.at)
  }

  private value(v: CopyValue): void {
    if (v === null || v === undefined) return this.bytes(NULL_BYTES)
    if (typeof v === 'string') return this.text(v)
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return this.integer(v)
    if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || v instanceof Date)
      return this.text(copyValue(v))
    this.hex(v)
  }

  private integer(v: number): void {
    let digits = 1
    for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++
    this.room(digits)
    for (let i = this.at + digits - 1, x = v; i >= this.at; i--, x = Math.floor(x / 10))
      this.buf[i] = 48 + (x % 10)
    this.at += digits
  }

  private text(s: string): void {
    // UTF-8 takes at most three bytes per UTF-16 unit; an escape doubles one byte.
    this.room(s.length * 3)
    // Byte by byte while the text is plain ASCII (almost every value): cheaper than a call into Buffer#write.
    const b = this.buf
    let at = this.at
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i)
      if (c >= 128 || c === BACKSLASH || c === TAB || c === NEWLINE || c === CR) {
        const rest = s.slice(i)
        this.at = at + b.write(needsEscape.test(rest) ? escapeText(rest) : rest, at, 'utf8')
        return
      }
      b[at++] = c
    }
    this.at = at
  }

  // bytea in hex form, its backslash escaped for the text format (as copyValue).
  private hex(v: Uint8Array): void {
    this.bytes(BYTEA_PREFIX)
    this.room(v.length * 2)
    const b = this.buf
    let at = this.at
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!
      b[at++] = HEX[x >> 4]!
      b[at++] = HEX[x & 15]!
    }
    this.at = at
  }
}
