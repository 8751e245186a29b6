// Rendering of rows in PostgreSQL's COPY text format: tab between columns, \N for NULL, and backslash
// escapes for backslash, tab, newline and carriage return (PostgreSQL docs, "COPY", File Formats/Text).
export type CopyValue = string | number | bigint | boolean | Date | Uint8Array | null | undefined

const needsEscape = /[\\\t\n\r]/

function escapeText(s: string): string {
  if (!needsEscape.test(s)) return s
  return s.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  )
}

export function copyValue(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N'
  if (typeof v === 'string') return escapeText(v)
  if (typeof v === 'number' || typeof v === 'bigint') return String(v)
  if (typeof v === 'boolean') return v ? 't' : 'f'
  if (v instanceof Date) return v.toISOString()
  // bytea in hex form; the backslash itself is escaped for the text format.
  return '\\\\x' + Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')
}

// One flat string per line: join allocates it once, where += would build a chain of partial strings to flatten.
const rendered: string[] = []

export function copyLine(values: readonly CopyValue[]): string {
  rendered.length = values.length
  for (let i = 0; i < values.length; i++) rendered[i] = copyValue(values[i])
  return rendered.join('\t') + '\n'
}
