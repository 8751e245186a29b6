// Field encoding, driven by the layouts (CRRG "Recording Techniques"): text left-justified and blank-filled,
// numbers right-justified and zero-filled, absent dates zero-filled, packed fields as COMP-3 with sign F, and
// descriptor words as 4 digits (character) or a 2-byte big-endian length and 2 zero bytes (packed). A value that
// does not fit its field is refused: a writer that truncated would corrupt the file without a word.
import { AppError } from '../platform/errors.ts'
import { valueTypeOf, type Spec } from './layouts.ts'
import { isoDate } from './date-text.ts'

const refuse = (where: string, message: string): never => {
  throw new AppError('invalid_input', `${where}: ${message}`)
}

/**
 * Where `text` has its first character that Metro 2 text cannot hold, or -1. Character fields are ASCII (CRRG
 * "Recording Techniques", alphanumeric fields): a byte above 0x7F would make the file neither ASCII nor UTF-8,
 * and a control character (a CR or LF above all) would break line framing.
 */
export function nonAsciiAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x20 || c > 0x7e) return i
  }
  return -1
}

/** Names the character at `i`, as a person sees it and by code point, for an error message. */
export function describeCharacter(text: string, i: number): string {
  const c = text.codePointAt(i) ?? 0
  const code = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`
  return c < 0x20 || (c >= 0x7f && c < 0xa0) ? code : `'${String.fromCodePoint(c)}' (${code})`
}

function writeText(out: Buffer, at: number, s: Spec, v: unknown, where: string): void {
  const text = v === undefined ? '' : v
  if (typeof text !== 'string') return refuse(where, 'must be a string')
  if (text.length > s.length) refuse(where, `${text.length} characters where the field holds ${s.length}`)
  const bad = nonAsciiAt(text)
  if (bad >= 0)
    refuse(
      where,
      `character ${describeCharacter(text, bad)} cannot be written: Metro 2 text is printable ASCII`,
    )
  out.write(text, at + s.start, 'ascii')
}

function writeDigits(out: Buffer, at: number, length: number, value: number): void {
  let v = value
  for (let i = at + length - 1; i >= at; i--) {
    out[i] = 48 + (v % 10)
    v = Math.floor(v / 10)
  }
}

/** COMP-3: 2n-1 digits then the sign nibble F (CRRG packed format). */
function writePacked(out: Buffer, at: number, length: number, value: number): void {
  let v = value
  out[at + length - 1] = ((v % 10) << 4) | 0xf
  v = Math.floor(v / 10)
  for (let i = at + length - 2; i >= at; i--) {
    const lo = v % 10
    v = Math.floor(v / 10)
    out[i] = ((v % 10) << 4) | lo
    v = Math.floor(v / 10)
  }
}

const digitAt = (t: string, i: number): number => {
  const d = t.charCodeAt(i) - 48
  return d >= 0 && d <= 9 ? d : NaN
}
const num = (t: string, from: number, to: number): number => {
  let v = 0
  for (let i = from; i < to; i++) v = v * 10 + digitAt(t, i)
  return v
}

/** 'YYYY-MM-DD' to MMDDYYYY as a number; NaN when it is not a real date in that form. */
export function dateNumber(t: string): number {
  if (t.length !== 10 || t[4] !== '-' || t[7] !== '-') return NaN
  const y = num(t, 0, 4)
  const m = num(t, 5, 7)
  const d = num(t, 8, 10)
  return Number.isNaN(y + m + d) || isoDate(y, m, d) === '' ? NaN : m * 1e6 + d * 1e4 + y
}

/** 'YYYY-MM-DDTHH:MM:SS' to MMDDYYYYHHMMSS as a number; NaN when it is not a real timestamp in that form. */
export function timestampNumber(t: string): number {
  if (t.length !== 19 || t[10] !== 'T' || t[13] !== ':' || t[16] !== ':') return NaN
  const h = num(t, 11, 13)
  const mi = num(t, 14, 16)
  const s = num(t, 17, 19)
  return h > 23 || mi > 59 || s > 59 ? NaN : dateNumber(t.slice(0, 10)) * 1e6 + h * 1e4 + mi * 100 + s
}

/** Writes the fields of one segment at `at` (the area must be blank-filled); `id` replaces any identifier value. */
export function encodeSegment(
  out: Buffer,
  at: number,
  layout: readonly Spec[],
  values: object,
  segment: string,
  id: string,
): void {
  const record = values as Record<string, unknown>
  for (const s of layout) {
    if (s.reserved) continue
    const where = `${segment}.${s.name}`
    const type = valueTypeOf(s)
    if (type === 'W') continue
    if (s.name === 'segmentIdentifier' || s.name === 'recordIdentifier') {
      writeText(out, at, s, id, where)
      continue
    }
    const v = record[s.name]
    if (type === 'A') {
      writeText(out, at, s, v, where)
      continue
    }
    const packed = s.type === 'P'
    const capacity = 10 ** (packed ? 2 * s.length - 1 : s.length)
    let n: number
    if (type === 'N') {
      n = v === undefined ? 0 : typeof v === 'number' ? v : NaN
      if (!Number.isSafeInteger(n) || n < 0 || n >= capacity)
        refuse(where, `${String(v)} is not a whole number from 0 to ${capacity - 1}`)
    } else if (v === null || v === undefined) {
      n = 0
    } else {
      n = typeof v !== 'string' ? NaN : type === 'D' ? dateNumber(v) : timestampNumber(v)
      if (Number.isNaN(n))
        refuse(
          where,
          type === 'D'
            ? 'must be a date YYYY-MM-DD or null'
            : 'must be a timestamp YYYY-MM-DDTHH:MM:SS or null',
        )
    }
    if (packed) writePacked(out, at + s.start, s.length, n)
    else writeDigits(out, at + s.start, s.length, n)
  }
}

/** A record or block descriptor word. */
export function writeWord(out: Buffer, at: number, value: number, packed: boolean): void {
  if (packed) {
    out[at] = value >> 8
    out[at + 1] = value & 0xff
    out[at + 2] = 0
    out[at + 3] = 0
  } else writeDigits(out, at, 4, value)
}
