// Plain-text tables for terminals: columns padded to their widest cell, measured in terminal columns (a CJK
// name takes two a character). Cells often hold what others sent (a furnished file's account numbers, its
// unknown property names, member names): every control character and direction override in them is shown
// escaped (\u001b), so that no cell can move the cursor, clear the screen or forge a row.
import { escapeControlCharacters } from '../escaped-text.ts'
import { padToWidth, textWidth } from './text-width.ts'

export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly (string | number | null | undefined)[])[],
): string {
  const cell = (c: string | number | null | undefined) =>
    c === null || c === undefined ? '' : escapeControlCharacters(String(c))
  const head = headers.map(cell)
  const cells = rows.map((r) => r.map(cell))
  // A fold, not Math.max(...): spread arguments overflow the stack past about 100,000 rows.
  const widths = head.map((h, i) => cells.reduce((w, r) => Math.max(w, textWidth(r[i] ?? '')), textWidth(h)))
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => padToWidth(c, widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') + '\n'
}
