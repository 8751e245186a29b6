// A validation report for people: a summary, the trailer comparison, then one line per issue in columns.
import type { ValidationReport } from './validate-file.ts'

/** Left-aligned columns, the last one left unpadded (messages are long). */
export function columns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)))
  return rows
    .map((row) =>
      row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '),
    )
    .join('\n')
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`

export function formatReport(name: string, report: ValidationReport): string {
  const lines = [
    `${name}: ${plural(report.records, 'record')}, ${report.accepted} accepted, ${report.rejected} rejected; ` +
      `${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}`,
  ]
  const { declared, mismatches } = report.trailer
  if (declared === null) lines.push('trailer: missing')
  else if (mismatches.length === 0) lines.push('trailer: every total matches the file')
  else {
    lines.push(`trailer: ${plural(mismatches.length, 'total')} differ from the file`)
    lines.push(
      columns([
        ['  TOTAL', 'DECLARED', 'COUNTED'],
        ...mismatches.map((m) => [`  ${m.field}`, String(m.declared), String(m.counted)]),
      ]),
    )
  }
  if (report.issues.length > 0) {
    lines.push('')
    lines.push(
      columns([
        ['RECORD', 'LINE', 'ACCOUNT', 'SEGMENT', 'FIELD', 'SEVERITY', 'RULE', 'MESSAGE'],
        ...report.issues.map((i) => [
          i.recordNo === undefined ? '-' : String(i.recordNo),
          String(i.line),
          i.account ?? '-',
          i.segment,
          i.field ?? '-',
          i.severity,
          i.rule,
          i.message,
        ]),
      ]),
    )
  }
  return `${lines.join('\n')}\n`
}
