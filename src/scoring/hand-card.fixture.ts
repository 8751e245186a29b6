// The model card of a scorecard built by hand in a test (reasons.test.ts, reasons-missing-bin.test.ts): every
// field the schema asks for, with `train` as the only performance; and the bins, attributes and model around it.
import { scalingOf } from './scaling.ts'
import { rangeLabel, type ModelAttribute, type ModelBin, type ScorecardModel } from './scorecard.model.ts'

export function handCard(train: Record<string, unknown>) {
  return {
    description: '',
    data: {
      source: '',
      description: '',
      period: null,
      rows: 1,
      trainRows: 1,
      testRows: 0,
      testShare: null,
      seed: null,
    },
    conventions: [],
    binning: { fineBins: 20, minBinShare: 0.05, trend: 'monotone', smoothing: 0.5, autoTrendMinGain: 0.1 },
    selection: { minIv: 0.02, maxCorrelation: 0.7, maxPValue: null },
    fit: { method: 'hand', iterations: 0, converged: true, logLikelihood: 0, ridge: 0 },
    candidates: [],
    dropped: [],
    performance: { train, test: null },
  }
}

/** A bin's statistics, of no importance but its points. */
const handStats = (points: number) => ({
  count: 10,
  events: 2,
  eventRate: 0.2,
  woe: points / 30,
  iv: 0.01,
  points,
})

export const handRange = (lower: number | null, upper: number | null, points: number): ModelBin => ({
  kind: 'range',
  lower,
  upper,
  label: rangeLabel(lower, upper),
  ...handStats(points),
})

export const handMissing = (points: number): ModelBin => ({
  kind: 'missing',
  label: 'missing',
  ...handStats(points),
})

/** A numeric attribute with cuts at 1 and 3 and the points of its three ranges and its missing bin. */
export const handNumeric = (name: string, points: [number, number, number, number]): ModelAttribute => ({
  name,
  description: `${name} text`,
  reasonCode: name.toUpperCase(),
  kind: 'numeric',
  trend: null,
  iv: 0.1,
  coefficient: 1,
  standardError: 0.1,
  zScore: 10,
  pValue: 0.001,
  bins: [
    handRange(null, 1, points[0]),
    handRange(1, 3, points[1]),
    handRange(3, null, points[2]),
    handMissing(points[3]),
  ],
})

/** A model file of `attributes`, scaled 300-850, as a test builds one by hand (not yet parsed). */
export function handModel(o: {
  name: string
  segment: string
  basePoints: number
  attributes: ModelAttribute[]
}): ScorecardModel {
  const performance = { rows: 1, events: 0, eventRate: 0, auc: 0.5, gini: 0, ks: 0 }
  return {
    format: 'openbureau.scorecard',
    formatVersion: 1,
    name: o.name,
    version: '1',
    segment: o.segment,
    createdAt: '2024-01-01T00:00:00.000Z',
    target: { name: 'bad', bad: '1', good: '0' },
    scaling: scalingOf({ pdo: 20, baseScore: 600, baseOdds: 50, minScore: 300, maxScore: 850 }),
    intercept: { coefficient: 1, standardError: 0.1, zScore: 10, pValue: 0 },
    basePoints: o.basePoints,
    attributes: o.attributes,
    card: {
      ...handCard({}),
      performance: { train: { ...performance, scoreBands: { cuts: [], shares: [1] } }, test: null },
    },
  }
}
