// Field conversion on bytes (CRRG "Recording Techniques"): character numbers and dates by char-code arithmetic,
// packed decimal (COMP-3) by nibbles, text as latin1 sliced from one decoded string per record. No regex and no
// intermediate arrays, so that the reader runs close to the speed of a hand-written loop over one layout.
import type { Spec } from './layouts.ts'
import type { Metro2Issue, SegmentName } from './metro2.model.ts'
import { dateOf, stampKeys, stampSlot, stampValues, timestampOf } from './date-text.ts'

interface Latin1Buffer extends Buffer {
  latin1Slice(start: number, end: number): string
}
// Buffer#latin1Slice is what Buffer#toString('latin1') calls, without the encoding dispatch.
const latin1 = (buf: Buffer, start: number, end: number): string =>
  (buf as Latin1Buffer).latin1Slice(start, end)

/** Fields whose value must not be echoed in an issue message (identifiers are never written in clear). */
const PRIVATE = new Set(['socialSecurityNumber', 'dateBirth', 'telephoneNumber'])

const EMPTY = Buffer.alloc(0)

/** Where buf[from, to) has a byte outside printable ASCII (0x20-0x7E), or -1. */
function nonPrintableAt(buf: Buffer, from: number, to: number): number {
  for (let i = from; i < to; i++) if (((buf[i] as number) - 32) >>> 0 > 94) return i
  return -1
}

/** One- and two-character codes (status, type, state, indicators), interned: most fields of a record are codes. */
const CODES: (string | undefined)[] = new Array<string | undefined>(65_536)
function code(c0: number, c1: number): string {
  const key = (c0 << 8) | c1
  return (CODES[key] ??= c1 === 32 ? String.fromCharCode(c0) : String.fromCharCode(c0, c1))
}

export class FieldReader {
  buf: Buffer = EMPTY
  /** Where the current segment starts in `buf`. */
  at = 0
  /** The record as latin1 text; `text[0]` is `buf[textAt]`. */
  text = ''
  textAt = 0
  segmentName: SegmentName | 'file' = 'base'
  issues: Metro2Issue[] | null = null
  /** The account number of the last unreadable record, when it could be read. */
  account: string | undefined = undefined
  private scratch = Buffer.alloc(4096)

  /** Points the reader at a record of `length` bytes from `start`; issues start afresh. */
  load(buf: Buffer, start: number, length: number): void {
    this.buf = buf
    this.at = start
    this.textAt = start
    this.text = (buf as Latin1Buffer).latin1Slice(start, start + length)
    this.issues = null
  }

  /** Copies the loaded record to a blank-filled buffer of `length` bytes, for a record that ends early. */
  padTo(length: number): void {
    const have = this.text.length
    if (this.scratch.length < length) this.scratch = Buffer.alloc(Math.max(length, this.scratch.length * 2))
    const s = this.scratch
    this.buf.copy(s, 0, this.textAt, this.textAt + have)
    s.fill(32, have, length)
    this.at -= this.textAt
    this.buf = s
    this.textAt = 0
    this.text = latin1(s, 0, length)
  }

  segment(name: SegmentName, at: number): void {
    this.segmentName = name
    this.at = this.textAt + at
  }

  issue(field: string | undefined, rule: string, severity: 'error' | 'warning', message: string): void {
    const issue: Metro2Issue = { segment: this.segmentName, rule, severity, message }
    if (field !== undefined) issue.field = field
    ;(this.issues ??= []).push(issue)
  }

  /** Alphanumeric: trailing blanks removed; a byte outside printable ASCII is an issue (syntax.text). */
  A(s: Spec): string {
    const b = this.at + s.start
    const e = this.textEnd(b, s.length)
    const bad = nonPrintableAt(this.buf, b, e)
    if (bad >= 0) this.notText(s, bad)
    return this.textOf(b, e)
  }

  /**
   * Alphanumeric as the bare scan converts it (scan-record.ts): trailing blanks removed, the bytes not checked.
   * The check is validation, not conversion, so the benchmark's baseline does not pay for it.
   */
  plainA(s: Spec): string {
    const b = this.at + s.start
    return this.textOf(b, this.textEnd(b, s.length))
  }

  /** Where the field at `b` of `length` bytes ends once its trailing blanks are removed. */
  private textEnd(b: number, length: number): number {
    const buf = this.buf
    let e = b + length
    while (e > b && buf[e - 1] === 32) e--
    return e
  }

  private textOf(b: number, e: number): string {
    if (e === b) return ''
    if (e - b <= 2) return code(this.buf[b] as number, e - b === 2 ? (this.buf[b + 1] as number) : 32)
    const t = this.textAt
    return this.text.slice(b - t, e - t)
  }

  /** Unsigned number; blank fill reads as 0. */
  N(s: Spec): number {
    if (s.type === 'P') return this.packed(s, 'N')
    const buf = this.buf
    let v = 0
    for (let i = this.at + s.start, e = i + s.length; i < e; i++) {
      const d = (buf[i] as number) - 48
      if (d >>> 0 > 9) return this.notDigits(s, 'syntax.numeric', 'is not a number', 0)
      v = v * 10 + d
    }
    return v
  }

  /** Date MMDDYYYY as 'YYYY-MM-DD'; zero or blank fill reads as null. */
  D(s: Spec): string | null {
    if (s.type === 'P') return this.date(this.packed(s, 'D'), s)
    const buf = this.buf
    let v = 0
    for (let i = this.at + s.start, e = i + 8; i < e; i++) {
      const d = (buf[i] as number) - 48
      if (d >>> 0 > 9) return this.notDigits(s, 'syntax.date', 'is not a date MMDDYYYY', null)
      v = v * 10 + d
    }
    return v === 0 ? null : this.date(v, s)
  }

  /** Timestamp MMDDYYYYHHMMSS as 'YYYY-MM-DDTHH:MM:SS'; zero or blank fill reads as null. */
  T(s: Spec): string | null {
    if (s.type === 'P') return this.packedTimestamp(s)
    const buf = this.buf
    const p = this.at + s.start
    let day = 0
    let time = 0
    for (let i = p; i < p + 14; i++) {
      const d = (buf[i] as number) - 48
      if (d >>> 0 > 9) return this.notDigits(s, 'syntax.date', 'is not a timestamp MMDDYYYYHHMMSS', null)
      if (i < p + 8) day = day * 10 + d
      else time = time * 10 + d
    }
    if (day === 0 && time === 0) return null
    const key = day * 1e6 + time
    const slot = stampSlot(key)
    if (stampKeys[slot] === key) return stampValues[slot] ?? null
    if (!this.time(day, time, s)) return null
    const stamp = timestampOf(buf, p)
    stampKeys[slot] = key
    stampValues[slot] = stamp
    return stamp
  }

  private packedTimestamp(s: Spec): string | null {
    const v = this.packed(s, 'T')
    if (v <= 0) return null
    const slot = stampSlot(v)
    if (stampKeys[slot] === v) return stampValues[slot] ?? null
    const day = Math.floor(v / 1e6)
    const time = v % 1e6
    if (!this.time(day, time, s)) return null
    const c = String(v).padStart(14, '0')
    const stamp = `${c.slice(4, 8)}-${c.slice(0, 2)}-${c.slice(2, 4)}T${c.slice(8, 10)}:${c.slice(10, 12)}:${c.slice(12, 14)}`
    stampKeys[slot] = v
    stampValues[slot] = stamp
    return stamp
  }

  /** Whether day (MMDDYYYY) and time (HHMMSS) are real; an issue when not. */
  private time(day: number, time: number, s: Spec): boolean {
    if (dateOf(day) === '') return this.bad(s, 'syntax.date', 'is not a real date', false)
    if (time >= 240000 || Math.floor(time / 100) % 100 > 59 || time % 100 > 59)
      return this.bad(s, 'syntax.date', 'is not a time HHMMSS', false)
    return true
  }

  private date(mmddyyyy: number, s: Spec): string | null {
    if (mmddyyyy <= 0) return null
    const iso = dateOf(mmddyyyy)
    return iso === '' ? this.bad(s, 'syntax.date', 'is not a real date', null) : iso
  }

  /** Packed decimal: 2n-1 digits and a sign nibble. -1 after an issue. Returns 0 for an all-zero or blank field. */
  private packed(s: Spec, as: 'N' | 'D' | 'T'): number {
    const buf = this.buf
    const p = this.at + s.start
    let v = 0
    let sign = 0
    let any = 0
    for (let i = 0; i < s.length; i++) {
      const b = buf[p + i] ?? 0
      any |= b
      const hi = b >> 4
      const lo = b & 15
      if (hi > 9) return this.badPacked(s, as)
      v = v * 10 + hi
      if (i < s.length - 1) {
        if (lo > 9) return this.badPacked(s, as)
        v = v * 10 + lo
      } else sign = lo
    }
    // IBM packed decimal (z/Architecture Principles of Operation, "Decimal Instructions"): A, C, E and F are
    // plus signs, B and D minus; C and F are the preferred ones, the others still valid.
    if (sign === 0xf || sign === 0xc || sign === 0xa || sign === 0xe) {
      // A date is 0MMDDYYYY, a timestamp 0MMDDYYYYHHMMSS: the first digit is a zero.
      if (as !== 'N' && v >= 10 ** (2 * s.length - 2))
        return this.bad(s, 'syntax.date', 'is not a packed date', -1)
      return v
    }
    if (sign === 0xd || sign === 0xb)
      return this.bad(s, 'syntax.sign', 'is negative in an unsigned field', as === 'N' ? 0 : -1)
    if (any === 0) return 0
    return this.badPacked(s, as)
  }

  private badPacked(s: Spec, as: 'N' | 'D' | 'T'): number {
    const buf = this.buf
    const p = this.at + s.start
    let blank = true
    for (let i = p; i < p + s.length; i++) if (buf[i] !== 0x20 && buf[i] !== 0x40) blank = false
    return blank ? 0 : this.bad(s, 'syntax.packed', 'is not packed decimal', as === 'N' ? 0 : -1)
  }

  /**
   * Alphanumeric fields are printable ASCII (CRRG "Recording Techniques"; the writer refuses anything else,
   * field-writer.ts): a byte above 0x7E is no character of the file's one encoding, a control byte none at all.
   * Only the byte is shown, never the text: names and addresses are personal data.
   */
  private notText(s: Spec, i: number): void {
    const byte = (this.buf[i] ?? 0).toString(16).toUpperCase().padStart(2, '0')
    const where = `record position ${i - this.textAt + 1} (character ${i - this.at - s.start + 1} of the field)`
    this.issue(s.name, 'syntax.text', 'error', `byte 0x${byte} at ${where} is not printable ASCII`)
  }

  /** A field with non-digits: blank fill is fine (the value is empty), anything else is an issue. */
  private notDigits<V>(s: Spec, rule: string, what: string, empty: V): V {
    const buf = this.buf
    const p = this.at + s.start
    for (let i = p; i < p + s.length; i++) if (buf[i] !== 32) return this.bad(s, rule, what, empty)
    return empty
  }

  private bad<V>(s: Spec, rule: string, what: string, value: V): V {
    const shown = PRIVATE.has(s.name) ? 'the value' : this.raw(s)
    this.issue(s.name, rule, 'error', `${shown} ${what}`)
    return value
  }

  private raw(s: Spec): string {
    // A packed field's bytes are nibbles, not characters: shown in hex (00 00 19 41 4A), the bad nibble shows.
    if (s.type === 'P') {
      const bytes = this.buf.subarray(this.at + s.start, this.at + s.start + s.length)
      return `packed ${[...bytes].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ')}`
    }
    let out = ''
    for (let i = this.at + s.start; i < this.at + s.start + s.length; i++) {
      const b = this.buf[i] ?? 0
      out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`
    }
    return `'${out}'`
  }
}
