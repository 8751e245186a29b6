// A model compiled once into per-attribute lookup tables: cut points (padded for the branchless search), level
// -> bin, points and coefficient x WoE per bin, and the reason selector. applyScorecard and scoreRecord use it.
import { branchlessBinIndex, padCuts } from './bin-attribute.ts'
import { ReasonSelector, reasonAttribute, type ReasonAttribute } from './reasons.ts'
import type { Scaling, ScorecardModel } from './scorecard.model.ts'

export interface CompiledAttribute {
  readonly name: string
  readonly kind: 'numeric' | 'categorical'
  /** Numeric: the bin of x is the number of cuts <= x. */
  readonly cuts: Float64Array
  /** The cuts padded for the branchless search. */
  readonly padded: Float64Array
  /** The first eight cuts, +Infinity where there are fewer: the unrolled search of up to eight cuts. */
  readonly eight: Float64Array
  readonly levelBin: ReadonlyMap<string, number>
  /** Categorical: the bin of a level training never saw (the "other" bin, else the missing bin). */
  readonly unseenBin: number
  readonly missingBin: number
  readonly points: Int32Array
  /** Coefficient x WoE of each bin: its share of the log odds of good. */
  readonly logit: Float64Array
  readonly reason: ReasonAttribute
}

export interface CompiledScorecard {
  readonly model: ScorecardModel
  readonly scaling: Scaling
  readonly basePoints: number
  readonly intercept: number
  readonly attributes: readonly CompiledAttribute[]
  readonly selector: ReasonSelector
}

export function compileScorecard(model: ScorecardModel): CompiledScorecard {
  const attributes = model.attributes.map((a): CompiledAttribute => {
    const missingBin = a.bins.length - 1
    const cuts: number[] = []
    const levelBin = new Map<string, number>()
    let unseenBin = missingBin
    a.bins.forEach((b, k) => {
      if (b.kind === 'range' && b.upper !== null) cuts.push(b.upper)
      if (b.kind === 'levels') {
        for (const l of b.levels) levelBin.set(l, k)
        if (b.other) unseenBin = k
      }
    })
    return {
      name: a.name,
      kind: a.kind,
      cuts: Float64Array.from(cuts),
      padded: padCuts(cuts),
      eight: Float64Array.from({ length: 8 }, (_, k) => cuts[k] ?? Infinity),
      levelBin,
      unseenBin,
      missingBin,
      points: Int32Array.from(a.bins, (b) => b.points),
      logit: Float64Array.from(a.bins, (b) => a.coefficient * b.woe),
      reason: reasonAttribute(a),
    }
  })
  return {
    model,
    scaling: model.scaling,
    basePoints: model.basePoints,
    intercept: model.intercept.coefficient,
    attributes,
    selector: new ReasonSelector(attributes.map((a) => a.reason)),
  }
}

export function binOfNumber(a: CompiledAttribute, x: number): number {
  return x !== x ? a.missingBin : branchlessBinIndex(a.padded, x)
}

export function binOfLevel(a: CompiledAttribute, level: string): number {
  return a.levelBin.get(level) ?? a.unseenBin
}
