// `openbureau metro2 validate FILE [--json] [--today YYYY-MM-DD]` and `openbureau metro2 rules [--json]`.
// validate exits 0 when the file has no error, 1 when errors were found and reported, and 2 when the input
// cannot be read as Metro 2 at all: the codec's Metro2ReadError and an unreadable file are AppError
// ('invalid_input'), which the CLI root prints as one line and maps to exit code 2, never a stack trace.
import type { Command } from 'commander'
import { isAppError } from '../platform/errors.ts'
import { inputFileError, openInputFile } from '../platform/input-file.ts'
import { RULE_CATALOGUE } from './ingest-rules.ts'
import { formatReport, validateMetro2, type ValidationReport } from './validation/index.ts'
import { columns } from './validation/format-report.ts'

export interface ValidateOptions {
  json?: boolean
  today?: string
}

/** The local calendar day: the CLI is the one place that reads the clock, and passes the day down. */
function localToday(): string {
  const d = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** Exactly the keys of the report that `validate --json` promises. */
const asJson = (r: ValidationReport) =>
  JSON.stringify({
    records: r.records,
    accepted: r.accepted,
    rejected: r.rejected,
    warnings: r.warnings,
    issues: r.issues,
    trailer: { declared: r.trailer.declared, counted: r.trailer.counted, mismatches: r.trailer.mismatches },
  })

async function validate(file: string, options: ValidateOptions): Promise<void> {
  const { stream } = await openInputFile(file)
  let report: ValidationReport
  try {
    report = await validateMetro2(stream, { today: options.today ?? localToday() })
  } catch (e) {
    // A Metro2ReadError (not Metro 2 at all) is already an AppError; a failing disk read becomes one.
    throw isAppError(e) ? e : inputFileError(file, e)
  } finally {
    stream.destroy()
  }
  process.stdout.write(options.json ? `${asJson(report)}\n` : formatReport(file, report))
  process.exitCode = report.errors > 0 ? 1 : 0
}

function rules(options: { json?: boolean }): void {
  if (options.json) process.stdout.write(`${JSON.stringify(RULE_CATALOGUE, null, 2)}\n`)
  else
    process.stdout.write(
      `${columns([['ID', 'SEVERITY', 'DESCRIPTION'], ...RULE_CATALOGUE.map((r) => [r.id, r.severity, r.description])])}\n`,
    )
}

export function registerValidateCommands(metro2: Command): void {
  metro2
    .command('validate')
    .description(
      'check a Metro 2 file against the furnishing rules: every problem of every record, and the trailer',
    )
    .argument('<file>', 'Metro 2 file (fixed, variable or packed)')
    .option('--json', 'print the report as JSON')
    .option('--today <date>', 'the validation day YYYY-MM-DD that no date may pass (default: today)')
    .action((file: string, options: ValidateOptions) => validate(file, options))
  metro2
    .command('rules')
    .description('list every rule an issue can cite: the syntax, validation and ingestion rules')
    .option('--json', 'print the catalogue as JSON')
    .action((options: { json?: boolean }) => rules(options))
}
