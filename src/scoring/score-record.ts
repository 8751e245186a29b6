// One consumer's score, as an API request carries the attributes (numbers, texts or null for missing), with
// the reasons that lowered it the most.
import { AppError } from '../platform/errors.ts'
import { binOfLevel, binOfNumber, type CompiledScorecard } from './compile-scorecard.ts'
import { REASON_SLOTS, describeReasons, type Reason } from './reasons.ts'
import { clipScore, probabilityOfDefault } from './scaling.ts'
import { isMissing, notANumber, parseNumber } from './table.ts'

export interface ScoredRecord {
  readonly score: number
  readonly probabilityDefault: number
  readonly reasons: Reason[]
}

/** Scores one consumer's attributes (as an API request carries them): numbers, texts or null for missing. */
export function scoreRecord(
  compiled: CompiledScorecard,
  record: Readonly<Record<string, string | number | null | undefined>>,
): ScoredRecord {
  const bins = compiled.attributes.map((a) => {
    // Own properties only: an attribute named `__proto__` that the record leaves out is missing, not
    // Object.prototype read as a value.
    const raw = Object.hasOwn(record, a.name) ? record[a.name] : undefined
    if (raw === null || raw === undefined) return a.missingBin
    if (a.kind === 'categorical') {
      const text = String(raw).trim()
      return isMissing(text) ? a.missingBin : binOfLevel(a, text)
    }
    if (typeof raw === 'number') {
      if (Number.isFinite(raw)) return binOfNumber(a, raw)
      if (Number.isNaN(raw)) return a.missingBin
      throw new AppError('invalid_input', `attribute ${a.name} must be a finite number, got ${raw}`)
    }
    const text = String(raw).trim()
    if (isMissing(text)) return a.missingBin
    const x = parseNumber(text)
    if (!Number.isNaN(x)) return binOfNumber(a, x)
    throw new AppError('invalid_input', `attribute ${a.name} must be a number, got ${notANumber(text)}`)
  })
  const p = bins.length
  let points = compiled.basePoints
  let logit = compiled.intercept
  const keys = new Int32Array(p)
  compiled.attributes.forEach((a, j) => {
    points += a.points[bins[j]!]!
    logit += a.logit[bins[j]!]!
    keys[j] = compiled.selector.binKeys[j]![bins[j]!]!
  })
  const reasonAttrs = compiled.attributes.map((a) => a.reason)
  const selected = new Int32Array(REASON_SLOTS)
  compiled.selector.select(keys, 0, p, selected, 0)
  return {
    score: clipScore(compiled.scaling, points),
    probabilityDefault: probabilityOfDefault(logit),
    reasons: describeReasons(reasonAttrs, selected, (j) => bins[j]!),
  }
}
