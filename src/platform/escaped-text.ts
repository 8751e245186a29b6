// Text from outside (a furnished file's account number, an unknown property's name) shown to an operator or
// stored in a message: every control character (control-characters.ts: C0, C1, DEL, the line separators and the
// direction overrides) and every lone surrogate is written as its \uXXXX escape, so that an ESC, a BEL or a U+009B
// reaches a terminal as text, never as a command (it could clear the screen, retitle the window or forge a line).
import { CONTROL_CHARACTER } from './control-characters.ts'

// A lone surrogate is no character at all: PostgreSQL would store it as U+FFFD, and a terminal shows it as such.
const ESCAPED = new RegExp(
  `${CONTROL_CHARACTER.source}|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]`,
  'g',
)

/** `text` with its control characters and lone surrogates written as \uXXXX escapes (ESC is `\u001b`). */
export function escapeControlCharacters(text: string): string {
  return text.replace(ESCAPED, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
