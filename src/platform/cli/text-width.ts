// How many terminal columns a string takes: a CJK ideograph, a Hangul syllable, a full-width form or an emoji
// takes two (Unicode Standard Annex #11, East Asian Width W and F; UTS #51 for emoji presentation); a
// combining mark, a variation selector, a zero-width character or a control takes none; the rest one. String
// length counts UTF-16 code units instead, which puts a table's columns out of line for such names.

const ZERO = /^[\p{Mn}\p{Me}\p{Cc}\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]$/u

// East Asian Wide and Fullwidth ranges (UAX #11, EastAsianWidth.txt), merged where adjacent, and the emoji blocks.
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f900, 0x1faff],
  [0x20000, 0x3fffd],
]

function codePointWidth(ch: string): number {
  if (ZERO.test(ch)) return 0
  const cp = ch.codePointAt(0) ?? 0
  if (WIDE_RANGES.some(([from, to]) => cp >= from && cp <= to)) return 2
  return 1
}

/** The columns `text` takes on a terminal. */
export function textWidth(text: string): number {
  // ASCII alone, the common case, is its length.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length
  let width = 0
  for (const ch of text) width += codePointWidth(ch)
  return width
}

/** `text` padded with spaces on the right to `width` terminal columns. */
export function padToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - textWidth(text)))
}
