// Characters that change how text is shown rather than being shown: C0 and C1 controls (U+0085 is a line break,
// U+009B a terminal's escape), DEL, the line and paragraph separators, and the bidirectional embeddings,
// overrides and isolates (U+202A-U+202E, U+2066-U+2069) that reorder what follows (Unicode TR #9). A name an
// operator reads in a table or a log must hold none of them, lest it forge a row or hide its own text.
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

/** The first control character of `text` as U+XXXX, or undefined when it holds none. */
export function firstControlCharacter(text: string): string | undefined {
  const found = CONTROL_CHARACTER.exec(text)?.[0]
  return found === undefined
    ? undefined
    : `U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
}

// Characters that show nothing: Unicode's format characters (general category Cf: the zero-width space U+200B, the
// word joiner U+2060, the byte order mark U+FEFF, the direction marks U+200E, U+200F and U+061C, the soft hyphen)
// and the other default-ignorable ones of the Basic Multilingual Plane (Unicode Standard 5.21: the combining
// grapheme joiner U+034F, the Hangul fillers, the variation selectors U+FE00-U+FE0F). "OK-1" and "OK-1\u200b" look
// the same to an operator and are two keys: a number that names an account or a member must hold none (found by
// probing). A name may need some, and keeps them: ZWNJ and ZWJ (U+200C, U+200D) in Persian and Indic names, the
// zero-width space between Thai words, the direction marks in mixed-direction text.
const INVISIBLE_RANGES: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x0600, 0x0605],
  [0x061c, 0x061c],
  [0x06dd, 0x06dd],
  [0x070f, 0x070f],
  [0x0890, 0x0891],
  [0x08e2, 0x08e2],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xfff0, 0xfffb],
  [0x110bd, 0x110bd],
  [0x110cd, 0x110cd],
  [0x13430, 0x1343f],
  [0x1bca0, 0x1bca3],
  [0x1d173, 0x1d17a],
  [0xe0001, 0xe0001],
  [0xe0020, 0xe007f],
]

const unitEscape = (unit: number): string => `\\u${unit.toString(16).padStart(4, '0')}`
const bmpRanges = INVISIBLE_RANGES.filter(([, last]) => last <= 0xffff)
const bmpClass = bmpRanges.map(([a, b]) => unitEscape(a) + (a === b ? '' : '-' + unitEscape(b))).join('')
const astralPairs = INVISIBLE_RANGES.filter(([first]) => first > 0xffff).flatMap(([a, b]) =>
  Array.from({ length: b - a + 1 }, (_, i) => {
    const pair = String.fromCodePoint(a + i)
    return unitEscape(pair.charCodeAt(0)) + unitEscape(pair.charCodeAt(1))
  }),
)

/**
 * Text that holds no invisible character, as a pattern that means the same with and without the "u" flag (the
 * exported JSON Schema carries it, and a furnisher's validator may compile it either way; see WELL_FORMED in
 * jsonl.field-types.ts). Outside the Basic Multilingual Plane each character is its pair of \u escapes: one code
 * point with the flag, two code units without it. A range of pairs could not be written so, hence the list.
 */
export const NO_INVISIBLE_CHARACTER = new RegExp(`^(?:(?!${astralPairs.join('|')})[^${bmpClass}])*$`)

const INVISIBLE_CHARACTER = new RegExp(`[${bmpClass}]|${astralPairs.join('|')}`, 'u')

/** The first invisible character of `text` as U+XXXX, or undefined when it holds none. */
export function firstInvisibleCharacter(text: string): string | undefined {
  const found = INVISIBLE_CHARACTER.exec(text)?.[0]
  return found === undefined
    ? undefined
    : `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
}
