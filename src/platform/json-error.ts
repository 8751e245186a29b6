// What JSON.parse found wrong, told without quoting the text: V8's messages quote a slice of it ("Unexpected token
// ''', "'123-45-6789'" is not valid JSON"), which would put a national ID from a furnished line, or part of a key
// from a damaged secrets file, into a stored issue or a terminal (found by probing, twice).

/**
 * The kind of the error in JSON.parse's own words when they quote nothing ("Expected ',' or '}' after property
 * value"), with the column; otherwise only "an unexpected character" or "it ends inside a JSON value".
 */
export function jsonErrorKind(error: unknown): string {
  const text = error instanceof Error ? error.message : ''
  const at = / at position (\d+)/.exec(text)
  const kind = at ? text.slice(0, at.index).replace(/ in JSON$/, '') : ''
  let what: string
  if (/^Unexpected end of JSON input/.test(text)) what = 'it ends inside a JSON value'
  else if (at && !kind.startsWith('Unexpected token') && !/["\\]/.test(kind)) what = lowerFirst(kind)
  else what = 'an unexpected character'
  const column = at ? ` at column ${Number(at[1]) + 1}` : ''
  return `${what}${column}`
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1)
