// The database side of `openbureau scorecard`: train from the bureau's history, promote, list models and write
// a stored model's validation report. Registered by scoring.cli.ts beside the CSV commands.
import { writeFileSync } from 'node:fs'
import { AppError } from '../platform/errors.ts'
import { renderTable } from '../platform/cli/table.ts'
import { checkOutputFile, outputPathError } from '../platform/output-path.ts'
import { SEGMENTS } from './bureau-outcome.ts'
import type { BureauTrainingResult } from './bureau-training.ts'
import type { ScoringService } from './scoring.service.ts'

export type ScoringGetter = () => Promise<
  Pick<ScoringService, 'trainFromBureau' | 'promote' | 'models' | 'validationReport'>
>

/** Without a database the bureau commands answer with this. */
export const noDatabase: ScoringGetter = () =>
  Promise.reject(new AppError('invalid_input', 'this command needs the bureau database'))

/** Fails naming the options a mode of a command needs and did not get. */
export function needs(flags: object, names: readonly string[], mode: string): void {
  const missing = names.filter((n) => (flags as Record<string, unknown>)[n] === undefined)
  if (missing.length > 0) {
    const opts = missing.map(optionName)
    throw new AppError('invalid_input', `${mode} needs ${opts.join(', ')}`)
  }
}

/** Fails naming the options given that a mode of a command does not use, where they would be silently ignored. */
export function unused(flags: object, names: readonly string[], mode: string): void {
  const given = names.filter((n) => (flags as Record<string, unknown>)[n] !== undefined)
  if (given.length > 0) {
    const opts = given.map(optionName)
    throw new AppError('invalid_input', `${mode} does not use ${opts.join(', ')}`)
  }
}

const optionName = (n: string): string => `--${n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`

const out = (s: string) => process.stdout.write(s)
const f4 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(4))

function write(path: string, text: string): void {
  try {
    writeFileSync(path, text)
  } catch (e) {
    throw outputPathError(path, e)
  }
}

/** model.json -> model.thick.json: one file per segment. */
export const segmentPath = (path: string, segment: string): string =>
  /\.json$/i.test(path) ? path.replace(/\.json$/i, `.${segment}.json`) : `${path}.${segment}.json`

export function renderTraining(r: BureauTrainingResult): string {
  const p = r.population
  const lines = [
    `observed at ${r.asOf}: ${p.consumers} consumers on file, ${p.withOpenAccount} with an open account, ${p.indeterminate} indeterminate (no reporting in the 12 months after) left out`,
    `data ${r.timings.datasetMs} ms, training ${r.timings.trainMs} ms`,
  ]
  const rows = r.candidates.map((c) => {
    const o = c.performance.outOfTime
    return [
      c.version,
      c.segment,
      `${c.performance.train.rows}/${c.performance.train.events}`,
      f4(c.performance.train.auc),
      o ? `${o.rows}/${o.events}` : '-',
      f4(o?.auc),
      f4(o?.gini),
      f4(o?.ks),
      f4(o?.psi),
      c.attributes.length,
    ]
  })
  const head = [
    'candidate',
    'segment',
    'rows/bads',
    'AUC',
    'oot rows/bads',
    'oot AUC',
    'Gini',
    'KS',
    'PSI',
    'attributes',
  ]
  return (
    [
      ...lines,
      '',
      renderTable(head, rows).trimEnd(),
      ...r.skipped.map((s) => `no ${s.segment} model: ${s.reason}`),
      r.candidates.length > 0
        ? `stored as candidates; make one the champion with: openbureau scorecard promote VERSION`
        : '',
    ].join('\n') + '\n'
  )
}

export async function trainCommand(
  scoring: ScoringGetter,
  flags: { asOf?: string; validateAt?: string; out?: string; minRows?: number; minBads?: number },
): Promise<void> {
  if (flags.asOf === undefined) throw new AppError('invalid_input', '--from-bureau needs --as-of DATE')
  if (flags.out !== undefined) {
    // Every file this run may write is checked before training stores its candidates in the registry, so a
    // bad path never leaves a run half-done (output-path.ts). --out itself must not be a folder: the files
    // would land beside it (DIR.thick.json), not in it.
    await checkOutputFile(flags.out)
    for (const segment of SEGMENTS) await checkOutputFile(segmentPath(flags.out, segment))
  }
  const r = await (
    await scoring()
  ).trainFromBureau({
    asOf: flags.asOf,
    validateAt: flags.validateAt,
    segmentMinRows: flags.minRows,
    segmentMinBads: flags.minBads,
  })
  out(renderTraining(r))
  if (flags.out !== undefined) {
    for (const c of r.candidates) {
      const path = segmentPath(flags.out, c.segment)
      write(path, JSON.stringify(c.model, null, 2) + '\n')
      out(`${c.version} written to ${path}\n`)
    }
  }
}

export async function promoteCommand(scoring: ScoringGetter, version: string): Promise<void> {
  const p = await (await scoring()).promote(version)
  out(
    p.unchanged
      ? `${version} already is the ${p.promoted.segment} champion\n`
      : `${version} is now the ${p.promoted.segment} champion${p.retired ? `; ${p.retired} retired` : ''}\n`,
  )
}

export async function modelsCommand(scoring: ScoringGetter, flags: { json?: boolean }): Promise<void> {
  const models = await (await scoring()).models()
  if (flags.json) {
    out(JSON.stringify(models, null, 2) + '\n')
    return
  }
  out(
    renderTable(
      ['version', 'segment', 'status', 'as of', 'created', 'AUC', 'oot AUC', 'KS', 'PSI'],
      models.map((m) => [
        m.version,
        m.segment,
        m.status,
        m.asOf,
        m.createdAt.slice(0, 19),
        f4(m.performance.train.auc),
        f4(m.performance.outOfTime?.auc),
        f4(m.performance.outOfTime?.ks),
        f4(m.performance.outOfTime?.psi),
      ]),
    ),
  )
}

export async function reportCommand(
  scoring: ScoringGetter,
  flags: { version: string; out: string; asOf?: string },
): Promise<void> {
  // Checked before the dataset is built, which takes the longest (output-path.ts).
  await checkOutputFile(flags.out)
  const r = await (await scoring()).validationReport({ version: flags.version, asOf: flags.asOf })
  write(flags.out, r.html)
  out(
    `report of ${flags.version} on the ${r.model.segment} file consumers observed at ${r.asOf} (outcomes to ${r.windowEnd}) written to ${flags.out}\n`,
  )
}
