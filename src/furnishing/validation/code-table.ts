// A Metro 2 code list as a lookup table indexed by character codes. Every code of the CRRG Chapter 5 exhibits that
// the rules check is one or two ASCII characters, so a code is found by one array read: no string hashing, no
// allocation, which matters because every field of every record is looked up (a valid file is millions of them).

/** Slots for the one-character codes (their ASCII code); the two-character codes follow. */
const ONE_CHAR_SLOTS = 128

export class CodeTable {
  private readonly values = new Int8Array(ONE_CHAR_SLOTS + ONE_CHAR_SLOTS * ONE_CHAR_SLOTS).fill(-1)
  /** The codes, one-character ones first, each length in character order (the JSON Schema's lists). */
  readonly codes: readonly string[]

  /** The codes with a small value each (0-127): a bit mask, a level; 0 when the table is only a set. */
  constructor(entries: Iterable<readonly [code: string, value: number]>) {
    const codes: string[] = []
    for (const [code, value] of entries) {
      codes.push(code)
      const slot = slotOf(code)
      if (slot < 0 || !Number.isInteger(value) || value < 0 || value > 127)
        throw new Error(`code "${code}" with value ${value} does not fit a CodeTable`)
      this.values[slot] = value
    }
    this.codes = [...new Set(codes)].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))
  }

  /** A plain set of codes, written as in the CRRG: separated by single spaces. */
  static of(codes: string): CodeTable {
    return new CodeTable(codes.split(' ').map((code) => [code, 0] as const))
  }

  /** The value of the code, or -1 when it is not in the list (a code of any other length is never in it). */
  get(code: string): number {
    // slotOf, written out: this is the hottest call of the validation.
    if (typeof code !== 'string') return -1
    const length = code.length
    if (length === 1) {
      const c = code.charCodeAt(0)
      return c < ONE_CHAR_SLOTS ? (this.values[c] ?? -1) : -1
    }
    if (length !== 2) return -1
    const c0 = code.charCodeAt(0)
    const c1 = code.charCodeAt(1)
    return (c0 | c1) < ONE_CHAR_SLOTS ? (this.values[ONE_CHAR_SLOTS + c0 * ONE_CHAR_SLOTS + c1] ?? -1) : -1
  }

  has(code: string): boolean {
    return this.get(code) >= 0
  }

  /** Whether the one-character code with this character code is in the list (NaN, past the end, is not). */
  hasCharCode(charCode: number): boolean {
    return charCode < ONE_CHAR_SLOTS && (this.values[charCode] ?? -1) >= 0
  }
}

/**
 * Where a code lives in the table, or -1 when it is not one or two ASCII characters. A value that is not a string
 * (a field missing from a record built outside the codec) is in no list, as it is in no Set.
 */
function slotOf(code: string): number {
  if (typeof code !== 'string') return -1
  if (code.length === 1) {
    const c = code.charCodeAt(0)
    return c < ONE_CHAR_SLOTS ? c : -1
  }
  if (code.length === 2) {
    const c0 = code.charCodeAt(0)
    const c1 = code.charCodeAt(1)
    return (c0 | c1) < ONE_CHAR_SLOTS ? ONE_CHAR_SLOTS + c0 * ONE_CHAR_SLOTS + c1 : -1
  }
  return -1
}
