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
