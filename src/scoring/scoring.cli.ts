// `openbureau scorecard train | apply | report`: scorecards from CSV files, without a database; with a database
// (bureau.cli.ts), `train --from-bureau`, `promote`, `models` and `report --version`.
// apply streams (apply-csv.ts).
import type { Command } from 'commander'
import { checkOutputFile } from '../platform/output-path.ts'
import { applyCsv, modelColumns } from './apply-csv.ts'
import { wholeNumber } from '../platform/cli/arguments.ts'
import { TRAIN_OPTIONS as V, readModelFile, trend, trends, writeOutput } from './cli-input.ts'
import {
  modelsCommand,
  needs,
  noDatabase,
  promoteCommand,
  reportCommand,
  trainCommand,
  unused,
  type ScoringGetter,
} from './bureau.cli.ts'
import { readCsvTable } from './csv-table.ts'
import { renderValidationReport } from './report-html.ts'
import { DEFAULT_SCALING, scalingOf, type ScalingNames } from './scaling.ts'
import { splitTable } from './split.ts'
import type { TrendOption } from './binning.ts'
import { trainScorecard, type TrainOptions } from './train.ts'

interface TrainFlags {
  data: string
  target: string
  out: string
  fromBureau?: boolean
  asOf?: string
  validateAt?: string
  minRows?: number
  minBads?: number
  testShare?: number
  seed: number
  exclude?: string
  name?: string
  segment?: string
  minIv?: number
  maxCorrelation?: number
  maxPValue?: number
  fineBins?: number
  minBinShare?: number
  trend?: TrendOption
  pdo?: number
  baseScore?: number
  baseOdds?: number
  minScore?: number
  maxScore?: number
}

// The options of each way of training that the other ignores (--seed has a default, so it cannot be told apart).
const BUREAU_TRAINING_OPTIONS = ['asOf', 'validateAt', 'minRows', 'minBads'] as const
const CSV_TRAINING_OPTIONS = [
  'data',
  'target',
  'testShare',
  'exclude',
  'name',
  'segment',
  'minIv',
  'maxCorrelation',
  'maxPValue',
  'fineBins',
  'minBinShare',
  'trend',
  'pdo',
  'baseScore',
  'baseOdds',
  'minScore',
  'maxScore',
] as const

/** The scaling options by their flags, for the messages of scalingOf. */
const SCALING_FLAGS: ScalingNames = {
  pdo: '--pdo',
  baseScore: '--base-score',
  baseOdds: '--base-odds',
  minScore: '--min-score',
  maxScore: '--max-score',
}

async function train(flags: TrainFlags): Promise<void> {
  const defined = <T extends object>(o: T): Partial<T> =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
  const scaling = defined({
    pdo: flags.pdo,
    baseScore: flags.baseScore,
    baseOdds: flags.baseOdds,
    minScore: flags.minScore,
    maxScore: flags.maxScore,
  })
  // Checked before the data is read, naming the flags (a range without the base score, say).
  scalingOf({ ...DEFAULT_SCALING, ...scaling }, SCALING_FLAGS)
  await checkOutputFile(flags.out, [flags.data])
  const exclude = flags.exclude ? flags.exclude.split(',').map((s) => s.trim()) : []
  const table = await readCsvTable(flags.data, { target: flags.target, exclude })
  const split = flags.testShare === undefined ? undefined : splitTable(table, flags.testShare, flags.seed)
  const options: TrainOptions = {
    source: flags.data,
    exclude,
    ...defined({ name: flags.name, segment: flags.segment, maxPValue: flags.maxPValue }),
    binning: defined({ fineBins: flags.fineBins, minBinShare: flags.minBinShare, trend: flags.trend }),
    selection: defined({ minIv: flags.minIv, maxCorrelation: flags.maxCorrelation }),
    scaling,
    ...(split ? { test: split.test, split: { testShare: flags.testShare!, seed: flags.seed } } : {}),
  }
  const model = trainScorecard(split ? split.train : table, options)
  writeOutput(flags.out, JSON.stringify(model, null, 2) + '\n')
  const p = model.card.performance
  const test = p.test ? `, test AUC ${p.test.auc.toFixed(4)} on ${p.test.rows} rows` : ''
  process.stdout.write(
    `model written to ${flags.out}: ${model.attributes.length} attributes (${model.card.dropped.length} dropped), train AUC ${p.train.auc.toFixed(4)} on ${p.train.rows} rows${test}\n`,
  )
}

async function report(flags: {
  model: string
  data: string
  out: string
  reference?: string
}): Promise<void> {
  await checkOutputFile(flags.out, [flags.model, flags.data, ...(flags.reference ? [flags.reference] : [])])
  const model = readModelFile(flags.model)
  const { columns, kinds } = modelColumns(model)
  const data = await readCsvTable(flags.data, { target: model.target.name, columns, kinds })
  const reference = flags.reference ? await readCsvTable(flags.reference, { columns, kinds }) : undefined
  const html = renderValidationReport({
    model,
    data,
    dataName: flags.data,
    ...(reference && flags.reference ? { reference, referenceName: flags.reference } : {}),
  })
  writeOutput(flags.out, html)
  process.stdout.write(`report written to ${flags.out}\n`)
}

export function registerScorecardCommands(scorecard: Command, scoring: ScoringGetter = noDatabase): void {
  scorecard
    .command('train')
    .description(
      'train a scorecard from a CSV file and write the model (JSON, with its model card); or, with --from-bureau, thick- and thin-file candidates from the bureau history, stored in the registry',
    )
    .option('--data <file>', 'CSV file with a header row')
    .option('--target <column>', 'the 0/1 outcome column (1 = bad)')
    .option(
      '--out <file>',
      'where to write the model JSON (with --from-bureau: model.json -> model.thick.json, ...)',
    )
    .option('--from-bureau', "train from the bureau's own history instead of a CSV file")
    .option(
      '--as-of <date>',
      'with --from-bureau: the observation date (attributes as of it, outcomes 12 months after)',
    )
    .option(
      '--validate-at <date>',
      'with --from-bureau: a later observation date to validate on, out of time',
    )
    .option(
      '--min-rows <n>',
      'with --from-bureau: fewest rows a segment needs for a model (default 200)',
      wholeNumber(1),
    )
    .option(
      '--min-bads <n>',
      'with --from-bureau: fewest bads a segment needs for a model (default 20)',
      wholeNumber(1),
    )
    .option(
      '--test-share <share>',
      'hold out this share of rows (stratified) to measure the model on, more than 0 and below 1',
      V.testShare,
    )
    .option('--seed <n>', 'seed of the train/test split, 0 to 4294967295', V.seed, 42)
    .option('--exclude <columns>', 'comma-separated columns that are not attributes (ids, dates)')
    .option('--name <name>', 'model name')
    .option('--segment <segment>', 'population segment, e.g. thin-file')
    .option('--min-iv <iv>', 'minimum information value of an attribute, at least 0 (default 0.02)', V.minIv)
    .option(
      '--max-correlation <r>',
      'maximum |correlation| between WoE columns, more than 0, at most 1 (default 0.7)',
      V.maxCorrelation,
    )
    .option(
      '--max-p-value <p>',
      'drop attributes less significant than this, one at a time; more than 0, at most 1',
      V.maxPValue,
    )
    .option('--fine-bins <n>', 'quantile pre-bins per numeric attribute, 2 to 250 (default 20)', V.fineBins)
    .option(
      '--min-bin-share <share>',
      'minimum share of rows per bin, at least 0 and below 0.5 (default 0.05)',
      V.minBinShare,
    )
    .option('--trend <trend>', `WoE shape: ${trends.join(', ')} (default monotone)`, trend)
    .option('--pdo <points>', 'points to double the odds, 1 to 1000 (default 20)', V.pdo)
    .option(
      '--base-score <score>',
      'score at the base odds: a whole number, 0 to 100000 (default 600)',
      V.score,
    )
    .option('--base-odds <odds>', 'good:bad odds at the base score, 0.01 to 10000 (default 50)', V.baseOdds)
    .option(
      '--min-score <score>',
      'lowest score: a whole number, 0 to 100000, at most --base-score (default 300)',
      V.score,
    )
    .option(
      '--max-score <score>',
      'highest score: a whole number, 0 to 100000, at least --base-score (default 850)',
      V.score,
    )
    .action(async (flags: TrainFlags) => {
      if (flags.fromBureau) {
        unused(flags, CSV_TRAINING_OPTIONS, 'training with --from-bureau')
        return trainCommand(scoring, flags)
      }
      unused(flags, BUREAU_TRAINING_OPTIONS, 'training from a CSV file (without --from-bureau)')
      needs(flags, ['data', 'target', 'out'], 'training from a CSV file')
      return train(flags)
    })
  scorecard
    .command('apply')
    .description('score every row of a CSV file: score, probability of default and four reason codes per row')
    .requiredOption('--model <file>', 'model JSON')
    .requiredOption('--data <file>', 'CSV file with the model attributes as columns')
    .requiredOption('--out <file>', 'output CSV')
    .action((flags: { model: string; data: string; out: string }) => applyCsv(flags))
  scorecard
    .command('report')
    .description(
      'write a self-contained HTML validation report of a model on labelled data (--model, --data), or of a stored model on the bureau data (--version)',
    )
    .option('--model <file>', 'model JSON')
    .option('--data <file>', 'CSV file with the attributes and the target column')
    .requiredOption('--out <file>', 'output HTML')
    .option('--reference <file>', 'another population (CSV) to measure score stability against')
    .option('--version <version>', 'a stored model version, validated on the bureau data')
    .option(
      '--as-of <date>',
      'with --version: the observation date (default: its out-of-time date, else its training date)',
    )
    .action(
      async (flags: {
        model?: string
        data?: string
        out: string
        reference?: string
        version?: string
        asOf?: string
      }) => {
        if (flags.version !== undefined) {
          unused(flags, ['model', 'data', 'reference'], 'a report on a stored model (--version)')
          return reportCommand(scoring, { ...flags, version: flags.version })
        }
        unused(flags, ['asOf'], 'a report on a CSV file (without --version)')
        needs(flags, ['model', 'data'], 'a report on a CSV file')
        return report({ ...flags, model: flags.model!, data: flags.data! })
      },
    )
  scorecard
    .command('promote <version>')
    .description(
      'make a stored model the champion of its segment (the one in use); the previous one is retired',
    )
    .action((version: string) => promoteCommand(scoring, version))
  scorecard
    .command('models')
    .description('the stored models: version, segment, status and performance')
    .option('--json', 'print JSON')
    .action((flags: { json?: boolean }) => modelsCommand(scoring, flags))
}
