// Scoring with a model: compiled once into per-attribute lookup tables (cut points, level -> bin, points,
// coefficient x WoE and points lost per bin), then applied to a table in blocks of rows, attribute by
// attribute, into preallocated typed arrays: no allocation per row. Reason objects are built only when
// asked for, row by row.
import { AppError } from '../platform/errors.ts'
import { branchlessBinIndex } from './bin-attribute.ts'
import {
  binOfLevel,
  binOfNumber,
  compileScorecard,
  type CompiledAttribute,
  type CompiledScorecard,
} from './compile-scorecard.ts'
import { REASON_SLOTS, describeReasons, type Reason } from './reasons.ts'
import type { ScorecardModel } from './scorecard.model.ts'
import type { Column, Table } from './table.ts'

export interface ScoredRows {
  readonly rowCount: number
  /** Whole points, clipped to the scaling's range. */
  readonly score: Int32Array
  readonly probabilityDefault: Float64Array
  /** Per row, REASON_SLOTS attribute indices into the model's attributes in rank order; -1 when empty. */
  readonly reasonIndex: Int32Array
  /** The reasons of one row, with texts and what would change the score. */
  reasons(row: number): Reason[]
  /** The reason codes of one row (up to five). */
  reasonCodes(row: number): string[]
}

type Binder = (row: number) => number

function binderFor(a: CompiledAttribute, column: Column): Binder {
  if (a.kind === 'numeric') {
    if (column.kind !== 'numeric') {
      throw new AppError('invalid_input', `column ${a.name} must be numeric for this model, but holds text`)
    }
    const values = column.values
    return (r) => binOfNumber(a, values[r]!)
  }
  const map = levelMap(a, column)
  if (column.kind === 'categorical') {
    const codes = column.codes
    return (r) => map[codes[r]! + 1]!
  }
  const values = column.values
  return (r) => (values[r]! !== values[r]! ? a.missingBin : binOfLevel(a, String(values[r])))
}

/** The bin of each level code of a column, shifted by one: entry 0 is the bin of code -1 (missing). */
function levelMap(a: CompiledAttribute, column: Column): Int32Array {
  if (column.kind !== 'categorical') return new Int32Array(0)
  return Int32Array.from([a.missingBin, ...column.levels.map((l) => a.levelBin.get(l) ?? a.unseenBin)])
}

function columnFor(table: Table, name: string): Column {
  const c = table.columns.find((x) => x.name === name)
  if (c) return c
  throw new AppError('invalid_input', `the data has no column ${JSON.stringify(name)}, which the model needs`)
}

// Rows per block: the block's reason keys (rows x attributes, Int32) stay in the L1/L2 cache.
const BLOCK = 256

/** Adds a numeric attribute's points, log odds and reason keys for the rows of a block. */
function accumulateNumeric(
  values: Float64Array,
  start: number,
  size: number,
  a: CompiledAttribute,
  key: Int32Array,
  j: number,
  p: number,
  points: Int32Array,
  logit: Float64Array,
  keys: Int32Array,
): void {
  const cuts = a.cuts
  const nc = cuts.length
  const missing = a.missingBin
  const pts = a.points
  const lg = a.logit
  if (nc <= 8) {
    // Up to eight cuts (most attributes): eight comparisons summed, without a branch that the values'
    // order could mispredict (about three times faster than a search on shuffled rows). Absent cuts are
    // +Infinity and never counted.
    const e = a.eight
    const c0 = e[0]!
    const c1 = e[1]!
    const c2 = e[2]!
    const c3 = e[3]!
    const c4 = e[4]!
    const c5 = e[5]!
    const c6 = e[6]!
    const c7 = e[7]!
    for (let r = 0; r < size; r++) {
      const x = values[start + r]!
      const counted =
        Number(x >= c0) +
        Number(x >= c1) +
        Number(x >= c2) +
        Number(x >= c3) +
        Number(x >= c4) +
        Number(x >= c5) +
        Number(x >= c6) +
        Number(x >= c7)
      const b = x === x ? counted : missing
      points[r] = points[r]! + pts[b]!
      logit[r] = logit[r]! + lg[b]!
      keys[r * p + j] = key[b]!
    }
    return
  }
  const padded = a.padded
  for (let r = 0; r < size; r++) {
    const x = values[start + r]!
    const b = x === x ? branchlessBinIndex(padded, x) : missing
    points[r] = points[r]! + pts[b]!
    logit[r] = logit[r]! + lg[b]!
    keys[r * p + j] = key[b]!
  }
}

/** Adds a categorical attribute's points, log odds and reason keys for the rows of a block. */
function accumulateCategorical(
  codes: Int32Array,
  map: Int32Array,
  start: number,
  size: number,
  a: CompiledAttribute,
  key: Int32Array,
  j: number,
  p: number,
  points: Int32Array,
  logit: Float64Array,
  keys: Int32Array,
): void {
  const pts = a.points
  const lg = a.logit
  for (let r = 0; r < size; r++) {
    const b = map[codes[start + r]! + 1]!
    points[r] = points[r]! + pts[b]!
    logit[r] = logit[r]! + lg[b]!
    keys[r * p + j] = key[b]!
  }
}

/** Scores every row of a table: scores, probabilities of default and reasons. */
export function applyScorecard(model: ScorecardModel | CompiledScorecard, table: Table): ScoredRows {
  const compiled = 'format' in model ? compileScorecard(model) : model
  const attrs = compiled.attributes
  const p = attrs.length
  const n = table.rowCount
  const columns = attrs.map((a) => columnFor(table, a.name))
  const maps = attrs.map((a, j) => levelMap(a, columns[j]!))
  const score = new Int32Array(n)
  const probabilityDefault = new Float64Array(n)
  const reasonIndex = new Int32Array(n * REASON_SLOTS)
  const selector = compiled.selector
  const points = new Int32Array(BLOCK)
  const logit = new Float64Array(BLOCK)
  const keys = new Int32Array(BLOCK * p)
  const { minScore, maxScore } = compiled.scaling
  for (let start = 0; start < n; start += BLOCK) {
    const size = Math.min(BLOCK, n - start)
    points.fill(compiled.basePoints, 0, size)
    logit.fill(compiled.intercept, 0, size)
    for (let j = 0; j < p; j++) {
      const a = attrs[j]!
      const c = columns[j]!
      if (a.kind === 'numeric' && c.kind === 'numeric') {
        accumulateNumeric(c.values, start, size, a, selector.binKeys[j]!, j, p, points, logit, keys)
      } else if (a.kind === 'categorical' && c.kind === 'categorical') {
        accumulateCategorical(
          c.codes,
          maps[j]!,
          start,
          size,
          a,
          selector.binKeys[j]!,
          j,
          p,
          points,
          logit,
          keys,
        )
      } else {
        const bin = binderFor(a, c)
        for (let r = 0; r < size; r++) {
          const b = bin(start + r)
          points[r] = points[r]! + a.points[b]!
          logit[r] = logit[r]! + a.logit[b]!
          keys[r * p + j] = selector.binKeys[j]![b]!
        }
      }
    }
    for (let r = 0; r < size; r++) {
      const total = points[r]!
      score[start + r] = total < minScore ? minScore : total > maxScore ? maxScore : total
      // probabilityOfDefault (scaling.ts), written out so the hot loop makes no call.
      probabilityDefault[start + r] = 1 / (1 + Math.exp(logit[r]!))
      selector.select(keys, r * p, p, reasonIndex, (start + r) * REASON_SLOTS)
    }
  }
  const binders = attrs.map((a, j) => binderFor(a, columns[j]!))
  const reasonAttrs = attrs.map((a) => a.reason)
  return {
    rowCount: n,
    score,
    probabilityDefault,
    reasonIndex,
    reasons: (row) =>
      describeReasons(reasonAttrs, reasonIndex.subarray(row * REASON_SLOTS, (row + 1) * REASON_SLOTS), (j) =>
        binders[j]!(row),
      ),
    reasonCodes(row) {
      const codes: string[] = []
      for (let k = 0; k < REASON_SLOTS; k++) {
        const j = reasonIndex[row * REASON_SLOTS + k]!
        if (j >= 0) codes.push(reasonAttrs[j]!.code)
      }
      return codes
    },
  }
}
