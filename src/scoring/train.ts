// Training a scorecard: bin every attribute, select by IV and correlation, fit the logistic regression on
// WoE columns, drop attributes whose coefficient has the wrong sign or runs away (a separation), and, if
// asked, the insignificant ones, one at a time with a refit after each, scale to points, measure, and write
// it all into the model and its card. A segment (e.g. thin files) is simply another call on its rows.
import { AppError } from '../platform/errors.ts'
import { binAttribute, type AttributeBinning } from './bin-attribute.ts'
import { DEFAULT_BINNING, type BinningOptions } from './binning.ts'
import { evaluateScorecard } from './evaluate.ts'
import { fitLogistic, type LogisticFit } from './logistic.ts'
import { DEFAULT_SCALING, basePoints, binPoints, scalingOf, type ScalingOptions } from './scaling.ts'
import {
  SCORECARD_FORMAT,
  SCORECARD_FORMAT_VERSION,
  describeAttribute,
  parseScorecardModel,
  type ModelAttribute,
  type ScorecardModel,
} from './scorecard.model.ts'
import {
  DEFAULT_SELECTION,
  selectAttributes,
  woeColumn,
  type DroppedAttribute,
  type SelectionOptions,
} from './selection.ts'
import type { Table } from './table.ts'

export interface TrainOptions {
  readonly name?: string
  readonly version?: string
  /** The population this model is for ("main", "thin-file", ...). */
  readonly segment?: string
  readonly description?: string
  /** Where the data came from (a file name, a snapshot id). */
  readonly source?: string
  readonly dataDescription?: string
  /** The observation period of the data. */
  readonly period?: { readonly from: string; readonly to: string }
  readonly createdAt?: Date
  /** Columns that are not attributes (identifiers, dates). */
  readonly exclude?: readonly string[]
  /** Plain-language text per attribute, shown as the reason text; default derived from the name. */
  readonly descriptions?: Readonly<Record<string, string>>
  /** Reason code per attribute; default the attribute's name. */
  readonly reasonCodes?: Readonly<Record<string, string>>
  readonly binning?: Partial<BinningOptions>
  readonly selection?: Partial<SelectionOptions>
  /** Backward elimination: while the least significant attribute's p-value exceeds this, drop it and refit. */
  readonly maxPValue?: number
  readonly scaling?: Partial<ScalingOptions>
  /** Held-out rows, measured into the card (never used to fit). */
  readonly test?: Table
  /** How train and test were split, recorded in the card. */
  readonly split?: { readonly testShare: number; readonly seed: number }
}

const conventions = (smoothing: number): string[] => [
  'target: 1 = bad (the event), 0 = good',
  `WoE = ln((goods in bin + ${smoothing}) / total goods) - ln((bads in bin + ${smoothing}) / total bads); higher WoE = safer`,
  'the logistic regression models ln(odds of good) = intercept + sum(coefficient x WoE); every coefficient must be positive',
  'points = round(factor x coefficient x WoE); base points = round(offset + factor x intercept); score = base points + sum of points, clipped',
  'probability of default = 1 / (1 + exp(linear predictor)), from unrounded coefficients',
  'numeric bins are [lower, upper); missing values have their own bin (WoE 0 when training saw none)',
  'unseen categorical levels fall in the "other" bin, else in the missing bin',
]

export function trainScorecard(table: Table, options: TrainOptions = {}): ScorecardModel {
  const target = table.target
  if (!target) throw new AppError('invalid_input', 'training needs data with a target column')
  const binning: BinningOptions = { ...DEFAULT_BINNING, ...options.binning }
  const selection: SelectionOptions = { ...DEFAULT_SELECTION, ...options.selection }
  if (
    !(binning.fineBins >= 2) ||
    !(binning.minBinShare >= 0 && binning.minBinShare < 0.5) ||
    !(binning.smoothing > 0)
  ) {
    throw new AppError(
      'invalid_input',
      'binning needs fineBins >= 2, 0 <= minBinShare < 0.5 and smoothing > 0',
    )
  }
  const scaling = scalingOf({ ...DEFAULT_SCALING, ...options.scaling })
  const excluded = new Set(options.exclude ?? [])
  const columns = table.columns.filter((c) => !excluded.has(c.name))
  if (columns.length === 0) throw new AppError('invalid_input', 'the data has no attribute column')

  const binnings = columns.map((c) => binAttribute(c, target.values, binning))
  const woeCache = new Map<number, Float64Array>()
  const woeOf = (i: number): Float64Array => {
    let w = woeCache.get(i)
    if (!w) woeCache.set(i, (w = woeColumn(binnings[i]!)))
    return w
  }
  const selected = selectAttributes(binnings, woeOf, selection)
  const dropped: DroppedAttribute[] = [...selected.dropped]
  const active = [...selected.kept]
  if (active.length === 0) {
    throw new AppError(
      'unprocessable',
      `no attribute reaches the minimum information value ${selection.minIv}`,
    )
  }

  const good = new Uint8Array(target.values.length)
  for (let i = 0; i < good.length; i++) good[i] = 1 - target.values[i]!
  let fit = fitLogistic(active.map(woeOf), good)
  for (;;) {
    const drop = nextToDrop(fit, active, binnings, options.maxPValue)
    if (!drop) break
    dropped.push(drop.dropped)
    const start = Array.from(fit.coefficients).filter((_, k) => k !== drop.position + 1)
    active.splice(drop.position, 1)
    if (active.length === 0) {
      throw new AppError(
        'unprocessable',
        'every attribute was dropped for a wrong sign or insignificance; see the data',
      )
    }
    fit = fitLogistic(active.map(woeOf), good, { start })
  }

  const attributes = active.map((i, k): ModelAttribute => {
    const b = binnings[i]!
    const coefficient = fit.coefficients[k + 1]!
    return {
      name: b.name,
      description: options.descriptions?.[b.name] ?? describeAttribute(b.name),
      reasonCode: options.reasonCodes?.[b.name] ?? b.name,
      kind: b.kind,
      trend: b.trend,
      iv: b.iv,
      coefficient,
      standardError: finite(fit.standardErrors[k + 1]!),
      zScore: finite(fit.zScores[k + 1]!),
      pValue: finite(fit.pValues[k + 1]!),
      bins: b.bins.map((bin) => ({ ...bin, points: binPoints(scaling, coefficient, bin.woe) })),
    }
  })
  const events = target.values.reduce((s, v) => s + v, 0)
  const activeNames = new Set(attributes.map((a) => a.name))
  const draft: ScorecardModel = {
    format: SCORECARD_FORMAT,
    formatVersion: SCORECARD_FORMAT_VERSION,
    name: options.name ?? 'scorecard',
    version: options.version ?? '1',
    segment: options.segment ?? 'main',
    createdAt: (options.createdAt ?? new Date()).toISOString(),
    target: { name: target.name, bad: target.bad, good: target.good },
    scaling,
    intercept: {
      coefficient: fit.coefficients[0]!,
      standardError: finite(fit.standardErrors[0]!),
      zScore: finite(fit.zScores[0]!),
      pValue: finite(fit.pValues[0]!),
    },
    basePoints: basePoints(scaling, fit.coefficients[0]!),
    attributes,
    card: {
      description: options.description ?? '',
      data: {
        source: options.source ?? '',
        description:
          options.dataDescription ??
          `${table.rowCount} rows, ${events} bads (${((100 * events) / table.rowCount).toFixed(1)}%)`,
        period: options.period ? { from: options.period.from, to: options.period.to } : null,
        rows: table.rowCount + (options.test?.rowCount ?? 0),
        trainRows: table.rowCount,
        testRows: options.test?.rowCount ?? 0,
        testShare: options.split?.testShare ?? null,
        seed: options.split?.seed ?? null,
      },
      conventions: conventions(binning.smoothing),
      binning: { ...binning },
      selection: {
        minIv: selection.minIv,
        maxCorrelation: selection.maxCorrelation,
        maxPValue: options.maxPValue ?? null,
      },
      fit: {
        method: 'Newton-Raphson (IRLS) with step-halving',
        iterations: fit.iterations,
        converged: fit.converged,
        logLikelihood: fit.logLikelihood,
        ridge: fit.ridge,
      },
      candidates: binnings.map((b) => ({
        name: b.name,
        kind: b.kind,
        iv: b.iv,
        bins: b.bins.length,
        selected: activeNames.has(b.name),
      })),
      dropped,
      performance: {
        train: {
          rows: 0,
          events: 0,
          eventRate: 0,
          auc: 0,
          gini: 0,
          ks: 0,
          scoreBands: { cuts: [], shares: [] },
        },
        test: null,
      },
    },
  }
  const train = evaluateScorecard(draft, table).performance
  const test = options.test ? evaluateScorecard(draft, options.test).performance : null
  return parseScorecardModel({ ...draft, card: { ...draft.card, performance: { train, test } } })
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null
}

/**
 * A WoE column's coefficient is near 1 when its bins carry their own weight of evidence; one far above it is the
 * fit running after a (quasi-)separation: the likelihood keeps rising as the coefficient grows (Albert and
 * Anderson 1984), and one bin would be worth more points than the whole scale.
 */
const MAX_WOE_COEFFICIENT = 4

/**
 * The next attribute to drop: a wrong sign first (the most negative z), then the largest coefficient above
 * MAX_WOE_COEFFICIENT, then the largest p above the limit.
 */
function nextToDrop(
  fit: LogisticFit,
  active: readonly number[],
  binnings: readonly AttributeBinning[],
  maxPValue: number | undefined,
): { position: number; dropped: DroppedAttribute } | undefined {
  // A separated attribute first: its runaway coefficient pulls the others' down, so the attributes it leaves with a
  // wrong sign are often good ones (found by probing: a copy of the target beside the German data made three
  // attributes drop as wrong-signed before the copy itself was dropped, and AUC fell from 0.84 to 0.80).
  let largest = -1
  for (let k = 0; k < active.length; k++) {
    const c = fit.coefficients[k + 1]!
    if (c > MAX_WOE_COEFFICIENT && (largest < 0 || c > fit.coefficients[largest + 1]!)) largest = k
  }
  if (largest >= 0) {
    const c = fit.coefficients[largest + 1]!
    const detail = `coefficient ${c.toPrecision(4)} on its WoE, above ${MAX_WOE_COEFFICIENT}: its bins all but separate the outcome (a bin with almost no bads or goods), and its points would run away from the scale`
    return {
      position: largest,
      dropped: { name: binnings[active[largest]!]!.name, reason: 'separated', detail },
    }
  }
  let worst = -1
  for (let k = 0; k < active.length; k++) {
    if (fit.coefficients[k + 1]! <= 0 && (worst < 0 || fit.zScores[k + 1]! < fit.zScores[worst + 1]!))
      worst = k
  }
  if (worst >= 0) {
    const c = fit.coefficients[worst + 1]!
    const detail = `coefficient ${c.toPrecision(4)} (z ${fit.zScores[worst + 1]!.toFixed(2)}) is not positive: a safer bin would lose points`
    return {
      position: worst,
      dropped: { name: binnings[active[worst]!]!.name, reason: 'wrong_sign', detail },
    }
  }
  if (maxPValue === undefined) return undefined
  let least = -1
  for (let k = 0; k < active.length; k++) {
    if (fit.pValues[k + 1]! > maxPValue && (least < 0 || fit.pValues[k + 1]! > fit.pValues[least + 1]!))
      least = k
  }
  if (least < 0) return undefined
  const detail = `p-value ${fit.pValues[least + 1]!.toPrecision(3)} > ${maxPValue}`
  return {
    position: least,
    dropped: { name: binnings[active[least]!]!.name, reason: 'insignificant', detail },
  }
}
