// Dates and time stamps of Metro 2 fields as ISO text (CRRG "Recording Techniques": dates MMDDYYYY, time stamps
// MMDDYYYYHHMMSS), each string built flat from char codes once and interned.

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
/**
 * Interned dates by their MMDDYYYY value, '' for no such date: a file repeats its dates, so most lookups hit. A
 * direct-mapped cache (one slot per hash, last one wins): cheaper than a Map lookup, and bounded.
 */
const DATE_SLOTS = 8192
const dateKeys = new Float64Array(DATE_SLOTS).fill(-1)
const dateValues: string[] = new Array<string>(DATE_SLOTS).fill('')

function dayExists(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1) return false
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 1 : 0
  return d <= (DAYS[m] ?? 0) + leap
}

const digit = (n: number): number => 48 + (n % 10)

function flatDate(y: number, m: number, d: number): string {
  return String.fromCharCode(
    digit(Math.floor(y / 1000)),
    digit(Math.floor(y / 100)),
    digit(Math.floor(y / 10)),
    digit(y),
    45,
    digit(Math.floor(m / 10)),
    digit(m),
    45,
    digit(Math.floor(d / 10)),
    digit(d),
  )
}

/** 'YYYY-MM-DD' for MMDDYYYY, or '' when that day does not exist. */
export function dateOf(mmddyyyy: number): string {
  const slot = (mmddyyyy ^ (mmddyyyy >>> 13)) & (DATE_SLOTS - 1)
  if (dateKeys[slot] === mmddyyyy) return dateValues[slot] ?? ''
  const y = mmddyyyy % 10000
  const m = Math.floor(mmddyyyy / 1e6)
  const d = Math.floor(mmddyyyy / 1e4) % 100
  // Built from char codes, not a template: a template makes a rope that every comparison (validation compares
  // dates as strings) must walk, while this is one flat string.
  const s = dayExists(y, m, d) ? flatDate(y, m, d) : ''
  dateKeys[slot] = mmddyyyy
  dateValues[slot] = s
  return s
}

/** 'YYYY-MM-DD' for a valid date, or '' when the date does not exist. */
export function isoDate(y: number, m: number, d: number): string {
  return Number.isInteger(y + m + d) && y >= 0 && y <= 9999 && m >= 0 && m <= 99 && d >= 0 && d <= 99
    ? dateOf(m * 1e6 + d * 1e4 + y)
    : ''
}

/** Interned time stamps by their MMDDYYYYHHMMSS value (a batch often stamps many records alike), direct-mapped. */
const STAMP_SLOTS = 4096
export const stampKeys = new Float64Array(STAMP_SLOTS).fill(-1)
export const stampValues: string[] = new Array<string>(STAMP_SLOTS).fill('')
export const stampSlot = (v: number): number => (v % 4093) | 0

/** 'YYYY-MM-DDTHH:MM:SS' from the 14 digit codes MMDDYYYYHHMMSS (one allocation, no concatenation). */
export function timestampOf(c: Buffer, p: number): string {
  return String.fromCharCode(
    c[p + 4] ?? 48,
    c[p + 5] ?? 48,
    c[p + 6] ?? 48,
    c[p + 7] ?? 48,
    45,
    c[p] ?? 48,
    c[p + 1] ?? 48,
    45,
    c[p + 2] ?? 48,
    c[p + 3] ?? 48,
    84,
    c[p + 8] ?? 48,
    c[p + 9] ?? 48,
    58,
    c[p + 10] ?? 48,
    c[p + 11] ?? 48,
    58,
    c[p + 12] ?? 48,
    c[p + 13] ?? 48,
  )
}
