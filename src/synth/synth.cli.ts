// `openbureau synth`: a synthetic population as Metro 2 files, for demos, tests and benchmarks. Needs no
// database. Bad option values are AppError('invalid_input') (exit code 2 at the CLI root).
import { Option, type Command } from 'commander'
import { AppError } from '../platform/errors.ts'
import {
  PLANTED_ERROR_KINDS,
  plantedOutcomes,
  SYNTH_DEFAULTS,
  synthOptionsSchema,
  type SynthOptionsInput,
} from './synth.model.ts'
import { writeSynthFiles, type SynthResult } from './writeSynthFiles.ts'

export interface SynthCliStreams {
  stdout: { write(text: string): unknown }
  /** The clock that says which months have ended (default: the system's). */
  clock?: () => Date
}

interface RawOptions {
  consumers?: string
  accounts?: string
  furnishers: string
  months: string
  seed: string
  out: string
  format: 'fixed' | 'variable' | 'packed'
  errors: string
  truth?: string
  start: string
  force?: boolean
}

const LISTED_FILES = 40
const MAX_SEED = 0xffff_ffff

// Decimal digits only: Number() would also take '0x10', '1e1' and ' 3', which no one means as a count.
const WHOLE = /^\d+$/
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/

/** The command line as generator options; every bad value reported at once, in one message. */
export function synthOptionsFromCli(
  raw: RawOptions,
): SynthOptionsInput & { out: string; truth: string | undefined } {
  // An empty --out resolves to the current folder, and an empty --truth to a folder: refused, not written into.
  for (const [name, value] of [
    ['out', raw.out],
    ['truth', raw.truth],
  ] as const) {
    if (value !== undefined && value.trim() === '')
      throw new AppError('invalid_input', `--${name}: is empty; name a ${name === 'out' ? 'folder' : 'file'}`)
  }
  const problems: string[] = []
  const read = (name: string, text: string, form: RegExp, what: string): number => {
    if (!form.test(text)) problems.push(`--${name}: '${text}' is not ${what}`)
    return Number(text)
  }
  const whole = (name: string, text: string) => read(name, text, WHOLE, 'a whole number')
  const seedText = raw.seed
  const seed = Number(seedText)
  // A seed is refused rather than hashed: '1.5' or '-3' would otherwise name a population no one asked for.
  if (!WHOLE.test(seedText) || seedText.length > 10 || seed > MAX_SEED)
    problems.push(`--seed: '${seedText}' is not a whole number from 0 to ${MAX_SEED}`)
  if (raw.consumers !== undefined && raw.accounts !== undefined)
    problems.push('--consumers and --accounts: give one of them (--accounts stands instead of --consumers)')
  const input: SynthOptionsInput = {
    seed,
    consumers: raw.consumers === undefined ? SYNTH_DEFAULTS.consumers : whole('consumers', raw.consumers),
    furnishers: whole('furnishers', raw.furnishers),
    months: whole('months', raw.months),
    start: raw.start,
    format: raw.format,
    errorRate: read('errors', raw.errors, DECIMAL, 'a number such as 0.02'),
    ...(raw.accounts === undefined ? {} : { accounts: whole('accounts', raw.accounts) }),
  }
  const parsed = synthOptionsSchema.safeParse(input)
  if (!parsed.success) {
    const names: Record<string, string> = { errorRate: 'errors' }
    for (const i of parsed.error.issues) {
      const name = names[String(i.path[0])] ?? String(i.path[0])
      // A value already named as unreadable is not named again for its range.
      if (!problems.some((p) => p.startsWith(`--${name}:`))) problems.push(`--${name}: ${i.message}`)
    }
  }
  if (problems.length > 0) throw new AppError('invalid_input', problems.join('; '))
  return { ...input, out: raw.out, truth: raw.truth }
}

const count = (n: number) => n.toLocaleString('en-US')

const day = (year: number, month: number, date: number) =>
  `${year}-${String(month + 1).padStart(2, '0')}-${String(date).padStart(2, '0')}`

/**
 * Today as the earlier of the local and the UTC day: `metro2 validate` checks dates against the local day and
 * ingestion against the UTC day of receipt (rule cross.future_date), and the files must pass both.
 */
export function synthToday(now: Date): string {
  const local = day(now.getFullYear(), now.getMonth(), now.getDate())
  const utc = day(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  return local < utc ? local : utc
}

export function describeSynthResult(result: SynthResult, io: SynthCliStreams): void {
  const out = io.stdout
  out.write(`wrote ${result.files.length} Metro 2 files to ${result.out}\n`)
  for (const f of result.files.slice(0, LISTED_FILES)) {
    out.write(
      `  ${f.file}  ${count(f.records)} records (${count(f.j1)} J1, ${count(f.j2)} J2), ${count(f.bytes)} bytes\n`,
    )
  }
  if (result.files.length > LISTED_FILES)
    out.write(`  ... and ${result.files.length - LISTED_FILES} more (see the manifest)\n`)
  out.write(
    `consumers ${count(result.consumers)}, accounts ${count(result.accounts)}, records ${count(result.records)}\n`,
  )
  const byKind = PLANTED_ERROR_KINDS.map(
    (k) => [k, result.errors.filter((e) => e.kind === k).length] as const,
  ).filter(([, n]) => n > 0)
  const outcomes = plantedOutcomes(result.errors)
  out.write(
    `errors planted: ${count(result.errors.length)}${byKind.length > 0 ? ` (${byKind.map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}\n`,
  )
  // invalid_ssn breaks no validation rule: say what ingestion will do rather than count it as a rejection.
  if (result.errors.length > 0)
    out.write(
      `  ingestion rejects ${count(outcomes.rejected)} of them and accepts ${count(outcomes.accepted_with_warning)} with a warning (see the manifest)\n`,
    )
  out.write(`manifest: ${result.manifest}\n`)
  if (result.truth !== undefined) out.write(`truth: ${result.truth}\n`)
}

export function registerSynthCommand(
  program: Command,
  io: SynthCliStreams = { stdout: process.stdout },
): void {
  program
    .command('synth')
    .description(
      'generate a synthetic population and its monthly Metro 2 files (one per furnisher and month)',
    )
    .requiredOption('--out <dir>', 'folder for the files, manifest.json included')
    // No commander default: --consumers given with --accounts must be seen, to be refused.
    .option('--consumers <n>', `consumers in the population (default: ${SYNTH_DEFAULTS.consumers})`)
    .option(
      '--accounts <n>',
      'instead of --consumers: generate consumers until exactly N accounts are reported',
    )
    .option(
      '--furnishers <k>',
      'furnishers (banks, fintech lenders, utilities, telcos in rotation)',
      String(SYNTH_DEFAULTS.furnishers),
    )
    .option(
      '--months <m>',
      'months reported, one file per furnisher and month',
      String(SYNTH_DEFAULTS.months),
    )
    .option(
      '--start <YYYY-MM>',
      'first month reported; the last (start + months - 1) must have ended by today',
      SYNTH_DEFAULTS.start,
    )
    .option(
      '--seed <s>',
      `seed, a whole number from 0 to ${MAX_SEED}: the same seed and options give byte-identical files`,
      String(SYNTH_DEFAULTS.seed),
    )
    .addOption(
      new Option('--format <format>', 'Metro 2 format')
        .choices(['fixed', 'variable', 'packed'])
        .default('fixed'),
    )
    .option(
      '--errors <rate>',
      'share of records with a deliberate error, listed in the manifest with what ingestion does with it (0: clean files)',
      String(SYNTH_DEFAULTS.errorRate),
    )
    .option('--truth <file>', 'also write the hidden traits and outcomes per consumer (JSON)')
    .option(
      '--force',
      'replace the files of an earlier run in the --out folder (refused without it); other files are kept',
    )
    .action(async (raw: RawOptions) => {
      const options = synthOptionsFromCli(raw)
      const today = synthToday((io.clock ?? (() => new Date()))())
      const previousRun = raw.force === true ? 'replace' : 'refuse'
      describeSynthResult(await writeSynthFiles({ ...options, previousRun, today }), io)
    })
}
