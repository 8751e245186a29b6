// The scorecard model file: a versionable JSON document (format "openbureau.scorecard", formatVersion 1)
// that holds everything needed to score and to explain a score, and its model card (data, choices,
// dropped attributes and why, performance). Apply reads only this file: no hidden state.
//
// Conventions (also written into every model card):
// - target 1 = bad (the event); WoE = ln(share of goods in the bin / share of bads in the bin), so a
//   higher WoE is a safer bin;
// - the logistic regression models the log odds of GOOD on the WoE columns, so every coefficient is
//   expected to be positive; points = factor x coefficient x WoE, higher score = lower risk;
// - numeric bins are half-open [lower, upper), null meaning unbounded; every attribute ends with a
//   bin for missing values.
import { z } from 'zod'
import { AppError } from '../platform/errors.ts'

export const SCORECARD_FORMAT = 'openbureau.scorecard'
export const SCORECARD_FORMAT_VERSION = 1

// Bounds on what scoring keeps in Int32Arrays (compile-scorecard.ts, reasons.ts, apply.ts): a bin's points, the
// base points, the score range, and their sum, basePoints plus one bin of each attribute. A value beyond 2^31
// would wrap (2^32 + 48 points scored as 48) or stop apply with a RangeError. At most 1,000,000 points a field
// and 1,000 attributes keep the sum below 2^31, and a reason's sort key too (points lost, at most 2,000,000 <
// 2^21, shifted left by at most 10 bits: ReasonSelector). A trained model's points are in the hundreds.
export const MAX_POINTS = 1_000_000
export const MAX_ATTRIBUTES = 1000

/** A whole number within ±MAX_POINTS; the message names the field, as the path says where it is. */
const boundedWhole = (field: string) => {
  const error = (issue: { input: unknown }) =>
    `${field} must be from -${MAX_POINTS} to ${MAX_POINTS}, got ${String(issue.input)}`
  return z.number().int().min(-MAX_POINTS, { error }).max(MAX_POINTS, { error })
}

const statsShape = {
  label: z.string(),
  count: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  /** null for a bin that training never saw a row in. */
  eventRate: z.number().min(0).max(1).nullable(),
  woe: z.number(),
  iv: z.number(),
  points: boundedWhole('points'),
}

export const binSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('range'),
    lower: z.number().nullable(),
    upper: z.number().nullable(),
    ...statsShape,
  }),
  z.object({ kind: z.literal('levels'), levels: z.array(z.string()), other: z.boolean(), ...statsShape }),
  z.object({ kind: z.literal('missing'), ...statsShape }),
])
export type ModelBin = z.infer<typeof binSchema>

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
/** A bin as binning produces it, before scaling gives it points. */
export type BinSummary = DistributiveOmit<ModelBin, 'points'>

export const shapeSchema = z.enum(['ascending', 'descending', 'peak', 'valley', 'flat'])
export type Shape = z.infer<typeof shapeSchema>

const nullableStat = z.number().nullable()

export const attributeSchema = z
  .object({
    name: z.string().min(1),
    description: z.string(),
    reasonCode: z.string().min(1),
    kind: z.enum(['numeric', 'categorical']),
    /** Shape of WoE over the numeric bins, in order; null for a categorical attribute. */
    trend: shapeSchema.nullable(),
    iv: z.number().nonnegative(),
    coefficient: z.number(),
    standardError: nullableStat,
    zScore: nullableStat,
    pValue: nullableStat,
    bins: z.array(binSchema).min(2),
  })
  .superRefine((a, ctx) => {
    const problem = checkBins(a.kind, a.bins)
    if (problem) ctx.addIssue({ code: 'custom', message: `attribute ${a.name}: ${problem}` })
  })
export type ModelAttribute = z.infer<typeof attributeSchema>

/** Numeric: ranges in order covering the line, then the missing bin. Categorical: disjoint levels, then missing. */
function checkBins(kind: 'numeric' | 'categorical', bins: readonly ModelBin[]): string | undefined {
  const last = bins[bins.length - 1]
  if (last?.kind !== 'missing') return 'the last bin must be the missing bin'
  const body = bins.slice(0, -1)
  if (kind === 'numeric') {
    if (!body.every((b) => b.kind === 'range')) return 'numeric bins must be ranges'
    const ranges = body
    if (ranges[0]!.lower !== null || ranges[ranges.length - 1]!.upper !== null)
      return 'ranges must be unbounded at both ends'
    for (let k = 0; k + 1 < ranges.length; k++) {
      const u = ranges[k]!.upper
      if (u === null || u !== ranges[k + 1]!.lower || (ranges[k]!.lower !== null && ranges[k]!.lower! >= u)) {
        return `ranges ${k} and ${k + 1} are not contiguous and increasing`
      }
    }
    return undefined
  }
  if (!body.every((b) => b.kind === 'levels')) return 'categorical bins must be level sets'
  const seen = new Set<string>()
  for (const b of body) {
    for (const l of b.levels) {
      if (seen.has(l)) return `level ${JSON.stringify(l)} is in two bins`
      seen.add(l)
    }
  }
  return body.filter((b) => b.kind === 'levels' && b.other).length > 1
    ? 'more than one "other" bin'
    : undefined
}

export const performanceSchema = z.object({
  rows: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  eventRate: z.number(),
  auc: z.number(),
  gini: z.number(),
  ks: z.number(),
  /** Score bands for stability monitoring (PSI): cuts at the deciles of the score, and each band's share. */
  scoreBands: z.object({ cuts: z.array(z.number()), shares: z.array(z.number()) }),
})
export type Performance = z.infer<typeof performanceSchema>

export const dropReasonSchema = z.enum(['low_iv', 'correlated', 'wrong_sign', 'separated', 'insignificant'])
export type DropReason = z.infer<typeof dropReasonSchema>

export const scalingSchema = z
  .object({
    pdo: z.number().positive(),
    baseScore: z.number(),
    baseOdds: z.number().positive(),
    minScore: boundedWhole('minScore'),
    maxScore: boundedWhole('maxScore'),
    /** pdo / ln 2 */
    factor: z.number(),
    /** baseScore - factor x ln(baseOdds) */
    offset: z.number(),
  })
  .superRefine((s, ctx) => {
    // As scalingOf requires of a new model: a range that is empty or reversed clips every score to one value.
    if (!(s.minScore < s.maxScore))
      ctx.addIssue({
        code: 'custom',
        path: ['minScore'],
        message: `must be below maxScore (${s.maxScore}), got ${s.minScore}`,
      })
  })
export type Scaling = z.infer<typeof scalingSchema>

export const modelCardSchema = z.object({
  description: z.string(),
  data: z.object({
    source: z.string(),
    description: z.string(),
    period: z.object({ from: z.string(), to: z.string() }).nullable(),
    rows: z.number().int().nonnegative(),
    trainRows: z.number().int().nonnegative(),
    testRows: z.number().int().nonnegative(),
    testShare: z.number().nullable(),
    seed: z.number().int().nullable(),
  }),
  conventions: z.array(z.string()),
  binning: z.object({
    fineBins: z.number().int(),
    minBinShare: z.number(),
    trend: z.string(),
    smoothing: z.number(),
    autoTrendMinGain: z.number(),
  }),
  selection: z.object({ minIv: z.number(), maxCorrelation: z.number(), maxPValue: z.number().nullable() }),
  fit: z.object({
    method: z.string(),
    iterations: z.number().int(),
    converged: z.boolean(),
    logLikelihood: z.number(),
    ridge: z.number(),
  }),
  candidates: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(['numeric', 'categorical']),
      iv: z.number(),
      bins: z.number().int(),
      selected: z.boolean(),
    }),
  ),
  dropped: z.array(z.object({ name: z.string(), reason: dropReasonSchema, detail: z.string() })),
  performance: z.object({ train: performanceSchema, test: performanceSchema.nullable() }),
})
export type ModelCard = z.infer<typeof modelCardSchema>

export const scorecardModelSchema = z.object({
  format: z.literal(SCORECARD_FORMAT),
  formatVersion: z.literal(SCORECARD_FORMAT_VERSION),
  name: z.string().min(1),
  version: z.string().min(1),
  /** The population the model is for, e.g. "main" or "thin-file"; each segment is a model of its own. */
  segment: z.string().min(1),
  createdAt: z.iso.datetime(),
  target: z.object({ name: z.string(), bad: z.string(), good: z.string() }),
  scaling: scalingSchema,
  intercept: z.object({
    coefficient: z.number(),
    standardError: nullableStat,
    zScore: nullableStat,
    pValue: nullableStat,
  }),
  /** The intercept's points: score = basePoints + the points of each attribute's bin, clipped to the range. */
  basePoints: boundedWhole('basePoints'),
  attributes: z
    .array(attributeSchema)
    .min(1)
    .max(MAX_ATTRIBUTES, { error: `a model has at most ${MAX_ATTRIBUTES} attributes` })
    .superRefine((attributes, ctx) => {
      // Each attribute is one column, scored once: a second entry would add its points twice and repeat its
      // reason among the key factors.
      const first = new Map<string, number>()
      attributes.forEach((a, k) => {
        const earlier = first.get(a.name)
        if (earlier === undefined) first.set(a.name, k)
        else
          ctx.addIssue({
            code: 'custom',
            path: [k, 'name'],
            message: `attribute ${JSON.stringify(a.name)} is already attributes.${earlier}`,
          })
      })
    }),
  card: modelCardSchema,
})
export type ScorecardModel = z.infer<typeof scorecardModelSchema>

/** Reads a model file's JSON; an invalid file is an error that lists every problem. */
export function parseScorecardModel(json: unknown): ScorecardModel {
  const parsed = scorecardModelSchema.safeParse(json)
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues
    .slice(0, 20)
    .map((i) => `${i.path.join('.') || '(model)'}: ${i.message}`)
  throw new AppError(
    'invalid_input',
    `not a valid scorecard model:\n  ${problems.join('\n  ')}`,
    parsed.error.issues,
  )
}

/** A bin's label as people read it: "< 12", "[12, 24)", ">= 24". */
export function rangeLabel(lower: number | null, upper: number | null): string {
  if (lower === null && upper === null) return 'any value'
  if (lower === null) return `< ${upper}`
  if (upper === null) return `>= ${lower}`
  return `[${lower}, ${upper})`
}

/** The plain-language default description of an attribute: "CheckingAccountStatus" -> "Checking account status". */
export function describeAttribute(name: string): string {
  const words = name
    .replace(/[_.-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim()
    .toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}
