// The one exception of the reader: the input cannot be read as Metro 2 at all (not a Metro 2 file, a descriptor
// word that frames nothing, a file cut inside a record, a line or record far longer than any Metro 2 record).
// One bad record is never an exception: it is an `unreadable` event and reading goes on (DESIGN.md principle 5).
// It is an AppError('invalid_input') so that the CLI exits 2 and the HTTP API answers 400 without extra mapping.
import { AppError } from '../platform/errors.ts'

export class Metro2ReadError extends AppError {
  constructor(
    message: string,
    /** Byte offset in the input where the problem was found. */
    readonly offset: number,
  ) {
    super('invalid_input', `${message} (at byte offset ${offset})`, { offset })
    this.name = 'Metro2ReadError'
  }
}

/** A short printable rendering of some bytes for an error message: non-printable bytes as \xNN. */
export function snippet(bytes: Uint8Array, start: number, length = 20, more = true): string {
  let out = ''
  const end = Math.min(bytes.length, start + length)
  for (let i = start; i < end; i++) {
    const b = bytes[i] ?? 0
    out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`
  }
  return `'${out}${more && end < bytes.length ? '…' : ''}'`
}

/** Runs of alike bytes that describeStart names, how far it looks for them, and for a control byte. */
const MAX_RUNS = 6
const MAX_LOOK = 256
const BINARY_LOOK = 20

/** The kind of a byte, as describeStart names it; punctuation is shown as itself, as no name or number is. */
function byteKind(b: number): string {
  if (b >= 0x30 && b <= 0x39) return 'digit'
  if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) return 'letter'
  if (b === 0x20) return 'blank'
  if (b === 0x09) return 'tab'
  if (b === 0x0a || b === 0x0d) return 'line break'
  if (b >= 0x80) return 'non-ASCII byte'
  return `'${String.fromCharCode(b)}'`
}

const isControl = (b: number): boolean => (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f

/**
 * What the input holds from `start`, for the message that says it is no Metro 2: the kinds of its bytes ("text
 * that starts with 9 digits, ',', 8 letters"), or for binary data (a control byte among the first 20) the kinds
 * of its first 4 bytes, in hex those that are not printable. Never the text itself: the message is logged and
 * stored with the batch, and a file sent by mistake may hold names, national IDs and dates of birth, which
 * DESIGN.md principle 4 keeps out of storage in clear.
 */
export function describeStart(bytes: Uint8Array, start: number): string {
  const end = Math.min(bytes.length, start + MAX_LOOK)
  if (start >= end) return 'nothing'
  for (let i = start; i < Math.min(end, start + BINARY_LOOK); i++) {
    if (isControl(bytes[i] ?? 0)) {
      const first = Array.from(bytes.subarray(start, Math.min(end, start + 4)), (b) =>
        b >= 0x20 && b < 0x7f ? `a ${byteKind(b)}` : `0x${hex(b)}`,
      )
      return `binary data (its first bytes: ${first.join(', ')})`
    }
  }
  const runs: string[] = []
  let i = start
  while (i < end && runs.length < MAX_RUNS) {
    const kind = byteKind(bytes[i] ?? 0)
    let n = 1
    while (i + n < end && byteKind(bytes[i + n] ?? 0) === kind) n++
    const punctuation = kind.startsWith("'")
    runs.push(n === 1 ? (punctuation ? kind : `1 ${kind}`) : `${n} ${punctuation ? `× ${kind}` : `${kind}s`}`)
    i += n
  }
  return `text that starts with ${runs.join(', ')}${i < bytes.length ? ', …' : ''}`
}

const hex = (b: number): string => b.toString(16).padStart(2, '0')
