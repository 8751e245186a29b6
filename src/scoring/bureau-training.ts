// Scorecards trained from the bureau's own history (issue: scoring): one candidate per segment from the
// population observed at a date, measured out of time on a later observation date with the outcomes after it
// (AUC, Gini, KS, and the PSI of its score distribution against the training population's), and stored in the
// registry with its card. A segment with too few rows or bads gets no model, and the result says so.
import { ATTRIBUTES } from '../reports/index.ts'
import { AppError } from '../platform/errors.ts'
import { applyScorecard } from './apply.ts'
import { compileScorecard } from './compile-scorecard.ts'
import {
  buildBureauDatasets,
  CANDIDATE_ATTRIBUTES,
  PROTECTED_NOTE,
  type DatasetSource,
  type Observation,
} from './bureau-dataset.ts'
import { addMonths, isIsoDate, OUTCOME_MONTHS, SEGMENTS, THIN_FILE, type Segment } from './bureau-outcome.ts'
import { applyPolicy, POLICY_EXCLUSIONS, POLICY_NOTE } from './bureau-policy.ts'
import { evaluateScorecard } from './evaluate.ts'
import { psi } from './metrics.ts'
import type { ModelRegistry } from './model-registry.ts'
import type { ModelPerformance } from './model-registry.store.ts'
import { DEFAULT_SCALING, type ScalingOptions } from './scaling.ts'
import type { ScorecardModel } from './scorecard.model.ts'
import { trainScorecard, type TrainOptions } from './train.ts'

export interface BureauTrainingInput {
  /** Observation date D: attributes as of D, outcomes in (D, D + 12 months]. */
  asOf: string
  /** A later observation date D2 to validate on, out of time: attributes as of D2, outcomes after D2. */
  validateAt?: string | undefined
  /** A segment with fewer training rows than this gets no model (default 200). */
  segmentMinRows?: number | undefined
  /** ... or fewer bads (default 20). */
  segmentMinBads?: number | undefined
}

export interface TrainedCandidate {
  version: string
  segment: Segment
  attributes: string[]
  performance: ModelPerformance
  model: ScorecardModel
}

export interface BureauTrainingResult {
  asOf: string
  validateAt: string | null
  population: Observation['counts']
  outOfTimePopulation: Observation['counts'] | null
  candidates: TrainedCandidate[]
  skipped: { segment: Segment; reason: string }[]
  timings: { datasetMs: number; trainMs: number }
}

export interface BureauTrainingDeps {
  source: DatasetSource
  registry: Pick<ModelRegistry, 'register'>
  /** The current jurisdiction profile's score range: the scale of every model trained now. */
  scoreRange: () => Promise<{ min: number; max: number }>
  clock: () => Date
}

const DESCRIPTIONS = Object.fromEntries(ATTRIBUTES.map((d) => [d.name, d.text]))

/**
 * What a thin file can tell: its utility, telecom and rent payments first, then the few credit attributes that
 * one account or none fills. The per-class counts, balances and limits of thick files are zeros or duplicates
 * there, and with few bads every extra candidate is a chance to fit noise.
 */
export const THIN_FILE_CANDIDATES: readonly string[] = [
  'alternative_on_time_share',
  'all_accounts',
  'open_accounts',
  'oldest_account_age_months',
  'accounts_opened_6m',
  'accounts_opened_12m',
  'revolving_utilisation',
  'max_revolving_utilisation',
  'total_balance',
  'total_limit',
  'past_due_amount',
  'currently_delinquent_accounts',
  'worst_status_12m',
  'worst_status_24m',
  'months_since_last_delinquency',
  'hard_inquiries_6m',
  'hard_inquiries_12m',
]

const policyExcluded = POLICY_EXCLUSIONS.map((e) => e.name)

/** Per segment: the thin file keeps only attributes significant at 5% (backward elimination), as it has few bads. */
const SEGMENT_OPTIONS: Record<Segment, Partial<TrainOptions>> = {
  thick: { exclude: policyExcluded },
  thin: {
    exclude: [
      ...policyExcluded,
      ...CANDIDATE_ATTRIBUTES.filter((n) => !THIN_FILE_CANDIDATES.includes(n) && !policyExcluded.includes(n)),
    ],
    maxPValue: 0.05,
  },
}

/** The profile's range, with the default base score, or the middle of the range when it lies outside. */
export function scalingFor(range: { min: number; max: number }): ScalingOptions {
  const inside = DEFAULT_SCALING.baseScore > range.min && DEFAULT_SCALING.baseScore < range.max
  return {
    ...DEFAULT_SCALING,
    minScore: range.min,
    maxScore: range.max,
    baseScore: inside ? DEFAULT_SCALING.baseScore : Math.round((range.min + range.max) / 2),
  }
}

/**
 * An observation date's outcome window must have ended by today: outcomes not yet furnished would count as good,
 * and a bad rate measured on an immature window understates the risk (a future date has no outcomes at all).
 */
function checkWindowEnded(option: string, date: string, today: string): void {
  const windowEnd = addMonths(date, OUTCOME_MONTHS)
  if (windowEnd > today)
    throw new AppError(
      'invalid_input',
      `${option} ${date}: its ${OUTCOME_MONTHS}-month outcome window ends ${windowEnd}, after today (${today}); outcomes not yet seen would count as good: choose a date on or before ${addMonths(today, -OUTCOME_MONTHS)}`,
    )
}

function checkDates(input: BureauTrainingInput, today: string): void {
  if (!isIsoDate(input.asOf))
    throw new AppError('invalid_input', `--as-of must be a date (YYYY-MM-DD), got ${input.asOf}`)
  if (input.validateAt !== undefined) {
    if (!isIsoDate(input.validateAt))
      throw new AppError(
        'invalid_input',
        `--validate-at must be a date (YYYY-MM-DD), got ${input.validateAt}`,
      )
    if (input.validateAt <= input.asOf)
      throw new AppError(
        'invalid_input',
        `the validation date ${input.validateAt} must come after ${input.asOf}`,
      )
  }
  checkWindowEnded('--as-of', input.asOf, today)
  if (input.validateAt !== undefined) checkWindowEnded('--validate-at', input.validateAt, today)
}

function dataDescription(o: Observation, segment: Segment, oot: Observation | undefined): string {
  const c = o.counts
  const thin = `thin file = fewer than ${THIN_FILE.minAccounts} credit accounts or the oldest under ${THIN_FILE.minOldestMonths} months old`
  const test = oot
    ? ` Test rows are out of time: observed at ${oot.asOf}, outcomes in (${oot.asOf}, ${oot.windowEnd}] (${oot.counts.indeterminate} indeterminate left out).`
    : ''
  return (
    `The bureau's own history. Population: consumers with an account open at ${o.asOf} (${c.withOpenAccount} of ${c.consumers} on file), attributes as of that date (nothing later read). ` +
    `Outcome (bad): a new 90+ days past due, charge-off or collection in (${o.asOf}, ${o.windowEnd}], on any account, utilities and telecoms included; an account already so at ${o.asOf} does not count again. ` +
    `${c.indeterminate} consumers without any reporting in the window were left out as indeterminate. ` +
    `Segment ${segment} (${thin}): ${c.rows[segment]} rows, ${c.bads[segment]} bads.${test} ${PROTECTED_NOTE} ${POLICY_NOTE}`
  )
}

export async function trainFromBureau(
  deps: BureauTrainingDeps,
  input: BureauTrainingInput,
): Promise<BureauTrainingResult> {
  checkDates(input, deps.clock().toISOString().slice(0, 10))
  const minRows = input.segmentMinRows ?? 200
  const minBads = input.segmentMinBads ?? 20
  const scaling = scalingFor(await deps.scoreRange())
  const t0 = performance.now()
  const dates = input.validateAt === undefined ? [input.asOf] : [input.asOf, input.validateAt]
  const [train, oot] = await buildBureauDatasets(deps.source, dates)
  const t1 = performance.now()
  const candidates: TrainedCandidate[] = []
  const skipped: BureauTrainingResult['skipped'] = []
  for (const segment of SEGMENTS) {
    const rows = train!.counts.rows[segment]
    const bads = train!.counts.bads[segment]
    if (rows < minRows || bads < minBads || bads === rows) {
      skipped.push({
        segment,
        reason: `${rows} rows and ${bads} bads: at least ${minRows} rows and ${minBads} bads (and some goods) are needed`,
      })
      continue
    }
    const table = train!.tables[segment]
    const test = oot?.tables[segment]
    const usableTest = test !== undefined && test.rowCount > 0 ? test : undefined
    const options: TrainOptions = {
      name: `openbureau-${segment}`,
      segment,
      description: `${segment === 'thin' ? 'Thin-file scorecard (candidates: alternative payments and the few credit attributes a thin file has; attributes kept only if significant at 5%)' : 'Thick-file scorecard'} from the bureau's history observed at ${input.asOf}: probability of a new 90+ days past due, charge-off or collection within ${OUTCOME_MONTHS} months.`,
      source: `openbureau bureau history (tradeline snapshots and inquiries) as of ${input.asOf}`,
      dataDescription: dataDescription(train!, segment, oot),
      period: { from: input.asOf, to: train!.windowEnd },
      createdAt: deps.clock(),
      descriptions: DESCRIPTIONS,
      scaling,
      ...SEGMENT_OPTIONS[segment],
      ...(usableTest ? { test: usableTest } : {}),
    }
    const model = applyPolicy(trainScorecard(table, options), table, usableTest)
    const compiled = compileScorecard(model)
    const trainPerf = model.card.performance.train
    let outOfTime: ModelPerformance['outOfTime'] = null
    if (usableTest && oot) {
      const { scored, performance: p } = evaluateScorecard(compiled, usableTest)
      const base = applyScorecard(compiled, table)
      const stability = psi(Float64Array.from(base.score), Float64Array.from(scored.score))
      outOfTime = {
        asOf: oot.asOf,
        windowEnd: oot.windowEnd,
        rows: p.rows,
        events: p.events,
        eventRate: p.eventRate,
        auc: p.auc,
        gini: p.gini,
        ks: p.ks,
        psi: stability.psi,
      }
    }
    const measured: ModelPerformance = {
      train: {
        rows: trainPerf.rows,
        events: trainPerf.events,
        eventRate: trainPerf.eventRate,
        auc: trainPerf.auc,
        gini: trainPerf.gini,
        ks: trainPerf.ks,
      },
      outOfTime,
      population: {
        consumers: train!.counts.consumers,
        withOpenAccount: train!.counts.withOpenAccount,
        indeterminate: train!.counts.indeterminate,
        rows,
        bads,
      },
    }
    const stored = await deps.registry.register({ model, asOf: input.asOf, performance: measured })
    candidates.push({
      version: stored.version,
      segment,
      attributes: model.attributes.map((a) => a.name),
      performance: measured,
      model: stored.model,
    })
  }
  return {
    asOf: input.asOf,
    validateAt: input.validateAt ?? null,
    population: train!.counts,
    outOfTimePopulation: oot?.counts ?? null,
    candidates,
    skipped,
    timings: { datasetMs: Math.round(t1 - t0), trainMs: Math.round(performance.now() - t1) },
  }
}
