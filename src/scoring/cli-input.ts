// What the scorecard commands read from their command line: numbers and trends as commander parses them,
// the model file, and the one-line errors of a file that cannot be read or written (DESIGN.md "Errors").
import { readFileSync, writeFileSync } from 'node:fs'
import { InvalidArgumentError } from 'commander'
import { AppError } from '../platform/errors.ts'
import { outputPathError } from '../platform/output-path.ts'
import type { TrendOption } from './binning.ts'
import { parseScorecardModel, type ScorecardModel } from './scorecard.model.ts'

export const number = (v: string): number => {
  const n = Number(v)
  if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('not a number')
  return n
}
export const integer = (v: string): number => {
  const n = number(v)
  if (!Number.isInteger(n)) throw new InvalidArgumentError('not an integer')
  return n
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
