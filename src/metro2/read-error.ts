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
