// Score scaling: score = offset + factor x ln(odds of good), with factor = PDO / ln 2 (every PDO points
// double the odds) and offset = baseScore - factor x ln(baseOdds) (baseScore at baseOdds good:bad).
// The model's log odds of good is intercept + sum of coefficient x WoE, so each bin's points are
// factor x coefficient x WoE and the intercept's are offset + factor x intercept ("base points"); points
// are rounded (half up) to whole numbers so that a consumer can add them up. The score is clipped to the
// jurisdiction profile's range (default 300-850). The probability of default comes from the unrounded
// linear predictor, so rounding and clipping never move it.
import { AppError } from '../platform/errors.ts'
import type { Scaling } from './scorecard.model.ts'

export interface ScalingOptions {
  readonly pdo: number
  readonly baseScore: number
  /** Odds of good to bad at the base score (50 means 50:1). */
  readonly baseOdds: number
  readonly minScore: number
  readonly maxScore: number
}

export const DEFAULT_SCALING: ScalingOptions = {
  pdo: 20,
  baseScore: 600,
  baseOdds: 50,
  minScore: 300,
  maxScore: 850,
}

/** What each option is called where it was given: the field names here, the command's flags in the CLI. */
export type ScalingNames = Readonly<Record<keyof ScalingOptions, string>>

const FIELD_NAMES: ScalingNames = {
  pdo: 'pdo',
  baseScore: 'baseScore',
  baseOdds: 'baseOdds',
  minScore: 'minScore',
  maxScore: 'maxScore',
}

/**
 * The scaling, or an invalid_input error naming the options at fault: PDO and base odds must be positive, the
 * bounds whole numbers (a jurisdiction profile's score range is, and a model is promoted only on its profile's
 * range), and the range must contain the base score: outside it, every score would be clipped to one bound
 * while the model card still reported the model's discrimination.
 */
export function scalingOf(options: ScalingOptions, names: ScalingNames = FIELD_NAMES): Scaling {
  const { pdo, baseScore, baseOdds, minScore, maxScore } = options
  const problems: string[] = []
  if (!(pdo > 0)) problems.push(`${names.pdo} must be more than 0, got ${pdo}`)
  if (!(baseOdds > 0)) problems.push(`${names.baseOdds} must be more than 0, got ${baseOdds}`)
  for (const k of ['minScore', 'maxScore'] as const) {
    if (!Number.isInteger(options[k])) problems.push(`${names[k]} must be a whole number, got ${options[k]}`)
  }
  if (!(minScore < maxScore)) {
    problems.push(`${names.minScore} (${minScore}) must be below ${names.maxScore} (${maxScore})`)
  } else if (!(baseScore >= minScore && baseScore <= maxScore)) {
    problems.push(
      `the score range ${minScore}-${maxScore} (${names.minScore}, ${names.maxScore}) must contain the base score ${baseScore} (${names.baseScore}): scores would be clipped to one end of it`,
    )
  }
  if (problems.length > 0) throw new AppError('invalid_input', `invalid scaling: ${problems.join('; ')}`)
  const factor = pdo / Math.LN2
  return {
    pdo,
    baseScore,
    baseOdds,
    minScore,
    maxScore,
    factor,
    offset: baseScore - factor * Math.log(baseOdds),
  }
}

/** The whole points of one bin. */
export function binPoints(scaling: Scaling, coefficient: number, woe: number): number {
  return roundHalfUp(scaling.factor * coefficient * woe)
}

/** The whole points of the intercept. */
export function basePoints(scaling: Scaling, intercept: number): number {
  return roundHalfUp(scaling.offset + scaling.factor * intercept)
}

export function clipScore(scaling: Scaling, points: number): number {
  return Math.min(scaling.maxScore, Math.max(scaling.minScore, points))
}

/** Probability of default (bad) from the log odds of good. */
export function probabilityOfDefault(logOddsGood: number): number {
  return 1 / (1 + Math.exp(logOddsGood))
}

/** The exact (unrounded, unclipped) score of a log odds of good. */
export function exactScore(scaling: Scaling, logOddsGood: number): number {
  return scaling.offset + scaling.factor * logOddsGood
}

/** Math.round: halves go up (2.5 -> 3, -2.5 -> -2). */
function roundHalfUp(x: number): number {
  return Math.round(x)
}
