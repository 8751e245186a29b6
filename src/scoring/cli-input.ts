// What the scorecard commands read from their command line: numbers and trends as commander parses them,
// the model file, and the one-line errors of a file that cannot be read or written (DESIGN.md "Errors").
import { readFileSync, writeFileSync } from 'node:fs'
import { InvalidArgumentError } from 'commander'
import { wholeNumber } from '../platform/cli/arguments.ts'
import { AppError } from '../platform/errors.ts'
import { outputPathError } from '../platform/output-path.ts'
import type { TrendOption } from './binning.ts'
import { parseScorecardModel, type ScorecardModel } from './scorecard.model.ts'

/** A parser for a number in a range: `min`/`max` included, `above`/`below` excluded. */
export function numberIn(r: {
  min?: number
  above?: number
  max?: number
  below?: number
}): (v: string) => number {
  const both = r.min !== undefined && r.max !== undefined
  const bounds = [
    both ? `from ${r.min} to ${r.max}` : '',
    r.min === undefined || both ? '' : `at least ${r.min}`,
    r.above === undefined ? '' : `more than ${r.above}`,
    r.max === undefined || both ? '' : `at most ${r.max}`,
    r.below === undefined ? '' : `below ${r.below}`,
  ].filter((b) => b !== '')
  const text = `must be a number ${bounds.join(' and ')}`
  return (v) => {
    const n = Number(v)
    const inRange =
      v.trim() !== '' &&
      Number.isFinite(n) &&
      (r.min === undefined || n >= r.min) &&
      (r.above === undefined || n > r.above) &&
      (r.max === undefined || n <= r.max) &&
      (r.below === undefined || n < r.below)
    if (!inRange) throw new InvalidArgumentError(text)
    return n
  }
}

/**
 * The ranges of `scorecard train`'s options, checked when commander reads them: one line naming the option and
 * its range, exit 2, rather than a degenerate model (every bin 0 points at --pdo 1e-9), an error in the names
 * of the internals (minBinShare), or a model refused as invalid after training (--max-score 1e21).
 */
export const TRAIN_OPTIONS = {
  // createRng takes the seed modulo 2^32: a larger or negative seed would alias another.
  seed: wholeNumber(0, 2 ** 32 - 1),
  testShare: numberIn({ above: 0, below: 1 }),
  minIv: numberIn({ min: 0 }),
  maxCorrelation: numberIn({ above: 0, max: 1 }),
  maxPValue: numberIn({ above: 0, max: 1 }),
  // bin-attribute.ts makes at most 250 quantile pre-bins.
  fineBins: wholeNumber(2, 250),
  // binning.ts: below half the rows per bin, or no split is possible.
  minBinShare: numberIn({ min: 0, below: 0.5 }),
  // Points are whole: with fewer than a point per doubling of the odds the bins' points round to nothing, and
  // past 1000 a bin's points outgrow what reasons can rank.
  pdo: numberIn({ min: 1, max: 1000 }),
  // Odds of good from 1:100 to 10000:1: beyond, no population's odds are near the base score.
  baseOdds: numberIn({ min: 0.01, max: 10000 }),
  // A score is a whole number (so is a jurisdiction profile's range); 0-100000 holds every bureau's scale
  // (300-850, 0-999, 0-1000) and keeps the base points a whole number the model format can hold.
  score: wholeNumber(0, 100000),
}

export const trends = ['ascending', 'descending', 'peak', 'valley', 'monotone', 'auto']
export const trend = (v: string): TrendOption => {
  if (!trends.includes(v)) throw new InvalidArgumentError(`one of ${trends.join(', ')}`)
  return v as TrendOption
}

export function readModelFile(path: string): ScorecardModel {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    throw new AppError('invalid_input', `cannot read the model file ${path}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new AppError('invalid_input', `${path} is not JSON`)
  }
  return parseScorecardModel(json)
}

export function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text)
  } catch (e) {
    throw outputPathError(path, e)
  }
}
