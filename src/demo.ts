// `npm run demo`: on the embedded database, registers a few furnishers and a lender, generates a small
// synthetic population with its monthly Metro 2 files, ingests them month by month and prints one file.
// Run it again and it says that the files were already applied.
import { createReadStream } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { wholeNumber } from './platform/cli/arguments.ts'
import { AppError } from './platform/errors.ts'
import type { App } from './app.ts'
import type { Modules } from './modules.ts'
import { renderIngestResult } from './furnishing/index.ts'
import { renderConsumerFile } from './reports/index.ts'
import {
  furnisherMember,
  monthsEndedBy,
  plantedOutcomes,
  SYNTH_DEFAULTS,
  synthConsumer,
  synthFurnishers,
  synthOptionsSchema,
  writeSynthFiles,
} from './synth/index.ts'

const say = (s: string) => process.stdout.write(s + '\n')

export interface DemoOptions {
  consumers: number
  furnishers: number
  months: number
  seed: number
}

// The demo's bounds are the generator's own: a value it would refuse is refused first, by the demo's option name,
// before the database is opened (found by probing: `--months 500` registered the furnishers, then failed inside
// the generator with a stack trace).
const demoOptionsSchema = synthOptionsSchema.pick({
  consumers: true,
  furnishers: true,
  months: true,
  seed: true,
})

/** A commander parser for one of the demo's numbers, within the generator's bounds for it. */
function demoNumber(name: keyof DemoOptions): (value: string) => number {
  const n = synthOptionsSchema.shape[name].unwrap()
  return wholeNumber(n.minValue ?? 0, n.maxValue ?? Number.MAX_SAFE_INTEGER)
}

// The demo's files start in the generator's default month; the day is UTC's, as ingestion's (rule cross.future_date).
const DEMO_START = SYNTH_DEFAULTS.start
const utcToday = () => new Date().toISOString().slice(0, 10)

/** Refuses (invalid input, one line) options that the generator would refuse, or months that have not ended. */
export function checkDemoOptions(o: DemoOptions, today: string): void {
  const parsed = demoOptionsSchema.safeParse(o)
  if (!parsed.success)
    throw new AppError(
      'invalid_input',
      parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '),
    )
  // The generator would name its own --start, which the demo does not have: said here in the demo's terms.
  const most = monthsEndedBy(DEMO_START, today)
  if (o.months > most)
    throw new AppError(
      'invalid_input',
      `--months ${o.months}: the demo's files start in ${DEMO_START}, and at most ${most} months from then have ended by today (${today})`,
    )
}

export async function runDemo(app: App, mods: Modules, o: DemoOptions): Promise<void> {
  const today = utcToday()
  checkDemoOptions(o, today)
  say(
    `OpenBureau demo: ${app.config.databaseUrl ? 'PostgreSQL server' : `embedded PGlite in ${app.config.dataDir}`}`,
  )
  const known = new Set((await mods.members.list()).map((m) => m.id))
  for (const f of synthFurnishers(o.furnishers)) {
    if (known.has(f.memberId)) continue
    await mods.members.add(furnisherMember(f, ['furnisher', 'user']))
    say(`registered furnisher ${f.memberId} (${f.kind}, Metro 2 id ${f.identificationNumber})`)
  }
  if (!known.has('demo-lender')) {
    await mods.members.add({
      id: 'demo-lender',
      name: 'Demo Lender',
      kind: 'fintech_lender',
      roles: ['user'],
      metro2Ids: [],
    })
    say('registered lender demo-lender')
  }

  const out = join(app.config.dataDir, 'demo-files')
  const synth = await writeSynthFiles({
    out,
    consumers: o.consumers,
    furnishers: o.furnishers,
    months: o.months,
    seed: o.seed,
    start: DEMO_START,
    // The demo's own folder: a rerun replaces its earlier files, and months not yet ended are refused by name.
    previousRun: 'replace',
    today,
  })
  // Not every planted problem is a rejection (an SSN SSA never issues is kept with a warning): say which is which.
  const planted = plantedOutcomes(synth.errors)
  say(
    `generated ${synth.consumers} consumers, ${synth.accounts} accounts, ${synth.files.length} Metro 2 files in ${out} (${synth.errors.length} deliberate problems planted: ${planted.rejected} errors to be rejected, ${planted.accepted_with_warning} to be accepted with a warning)`,
  )
  let rejected = 0
  let applied = 0

  const byMonth = [...synth.files].sort(
    (a, b) => a.month.localeCompare(b.month) || a.file.localeCompare(b.file),
  )
  for (const f of byMonth) {
    const r = await mods.furnishing.ingest.ingest({ source: createReadStream(f.path), fileName: f.file })
    const first = renderIngestResult(r).split('\n')
    say(`${f.file}: ${r.status === 'applied' ? first.slice(0, 2).join('; ') : first[0]}`)
    if (r.status === 'applied') {
      applied++
      rejected += r.counts.rejected
    }
    // Each rejected record and why (the planted errors): the full list is in `openbureau batch ID`.
    if (r.status === 'applied')
      for (const i of r.issues.filter((x) => x.severity === 'error').slice(0, 5))
        say(`  rejected record ${i.recordNo ?? '?'} (account ${i.account ?? '?'}): ${i.rule}: ${i.message}`)
  }

  // On a second run the files are duplicates and nothing is rejected again: the totals only compare on the first.
  if (applied === synth.files.length)
    say(`records rejected in all: ${rejected} (planted errors to be rejected: ${planted.rejected})`)

  // The first consumer of the population who has a file: their whole file, as they would see it.
  for (let i = 0; i < o.consumers; i++) {
    const c = synthConsumer(o.seed, i)
    const ssn = String(c.identity.socialSecurityNumber).padStart(9, '0')
    const key = await mods.identity.findConsumerByNationalId('us-ssn', ssn)
    const file = key && (await mods.reports.files.byConsumerKey(key))
    if (!file) continue
    // The bureau's operator read (decrypted) the file, as `openbureau file` does, and records the same event
    // (DESIGN.md principle 3): the consumer sees in their own log who read it. Before it is shown.
    await mods.audit.appendNow({
      actor: { kind: 'operator', id: 'cli' },
      action: 'file.operator_access',
      consumerKey: file.consumerKey,
      outcome: 'allowed',
    })
    if (file.tradelines.length < 2) continue
    say(
      `\nThe file of consumer #${i} (SSN ${ssn.slice(0, 3)}-${ssn.slice(3, 5)}-${ssn.slice(5)}, synthetic):\n`,
    )
    process.stdout.write(renderConsumerFile(file, await mods.rights.inForce(file.consumerKey)))
    say(`\nSee it as JSON: npx openbureau file --national-id ${ssn} --id-type us-ssn --json`)
    break
  }
  const batches = await mods.furnishing.batches.list({ limit: 1000 })
  const audit = await mods.audit.verify()
  say(
    `\n${batches.length} batches stored (npx openbureau batches); audit log ${audit.ok ? `intact, ${audit.events} events` : 'BROKEN'} (npx openbureau audit verify)`,
  )
}

export function registerDemoCommand(
  program: Command,
  app: { get(): Promise<App> },
  mods: () => Promise<Modules>,
): void {
  program
    .command('demo')
    .description('generate a small synthetic population, ingest its Metro 2 files and show one consumer file')
    .option('--consumers <n>', 'consumers to generate', demoNumber('consumers'), 300)
    .option('--furnishers <n>', 'furnishers', demoNumber('furnishers'), 3)
    .option('--months <n>', `months of files, from ${DEMO_START}`, demoNumber('months'), 4)
    .option('--seed <n>', 'random seed', demoNumber('seed'), 42)
    .action(async (o: DemoOptions) => {
      // Before the database is opened: a refused run leaves it as it was.
      checkDemoOptions(o, utcToday())
      await runDemo(await app.get(), await mods(), o)
    })
}
