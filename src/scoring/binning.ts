// Exact optimal binning: given the goods and bads of ordered fine bins, the partition into contiguous
// bins that maximises information value under a shape constraint on the weight of evidence and a minimum
// bin size. IV is a sum over bins, so dynamic programming over (start, end) of the last bin is exact
// (the same optimum as enumerating every partition; binning.test.ts checks it against brute force).
//
// Weight of evidence, smoothed: WoE = ln(((goods + a) / G) / ((bads + a) / B)), with a = `smoothing`
// (default 0.5) added to the bin's counts only. The totals G and B stay unsmoothed so that IV remains a
// sum of per-bin terms (what the DP needs), and a bin without bads (or goods) keeps a finite WoE.
// IV of a bin = ((goods + a) / G - (bads + a) / B) x WoE, never negative.
import type { Shape } from './scorecard.model.ts'

/** A constraint on WoE across the ordered bins; peak and valley allow one turn. */
export type Trend = 'ascending' | 'descending' | 'peak' | 'valley'
/** 'monotone': the better of ascending and descending. 'auto': also peak and valley, when worth it. */
export type TrendOption = Trend | 'monotone' | 'auto'

export interface BinningOptions {
  /** Number of quantile pre-bins of a numeric attribute (at most 250). */
  readonly fineBins: number
  /** Minimum share of all rows in each bin (the missing bin excepted). */
  readonly minBinShare: number
  readonly trend: TrendOption
  readonly smoothing: number
  /** Under 'auto', a one-turn shape is kept only when it raises IV by at least this fraction. */
  readonly autoTrendMinGain: number
}

export const DEFAULT_BINNING: BinningOptions = {
  fineBins: 20,
  minBinShare: 0.05,
  trend: 'monotone',
  smoothing: 0.5,
  autoTrendMinGain: 0.1,
}

export function weightOfEvidence(
  goods: number,
  bads: number,
  totalGoods: number,
  totalBads: number,
  smoothing: number,
): number {
  return Math.log((goods + smoothing) / totalGoods) - Math.log((bads + smoothing) / totalBads)
}

export function informationValue(
  goods: number,
  bads: number,
  totalGoods: number,
  totalBads: number,
  smoothing: number,
): number {
  const g = (goods + smoothing) / totalGoods
  const b = (bads + smoothing) / totalBads
  return (g - b) * Math.log(g / b)
}

export interface BinCounts {
  readonly goods: ArrayLike<number>
  readonly bads: ArrayLike<number>
  readonly totalGoods: number
  readonly totalBads: number
  /** Minimum rows (goods + bads) per bin. */
  readonly minCount: number
  readonly smoothing: number
}

export interface Partition {
  /** Exclusive end (in fine bins) of each bin, increasing; the last is the number of fine bins. */
  readonly ends: readonly number[]
  readonly iv: number
  readonly woe: readonly number[]
}

const START = -1

/** The IV-maximal partition whose WoE follows `trend` strictly; undefined when none meets the minimum size. */
export function optimalPartition(counts: BinCounts, trend: Trend): Partition | undefined {
  const { goods, bads, totalGoods, totalBads, minCount, smoothing } = counts
  const f = goods.length
  if (f === 0) return undefined
  const sign = trend === 'ascending' || trend === 'peak' ? 1 : -1
  const turns = trend === 'peak' || trend === 'valley'
  const m = f + 1
  const pg = new Float64Array(m)
  const pb = new Float64Array(m)
  for (let i = 0; i < f; i++) {
    pg[i + 1] = pg[i]! + goods[i]!
    pb[i + 1] = pb[i]! + bads[i]!
  }
  // Segment [i, j) of fine bins: its WoE and IV, or NaN when it is too small to be a bin.
  const W = new Float64Array(m * m).fill(Number.NaN)
  const V = new Float64Array(m * m).fill(Number.NaN)
  for (let i = 0; i < f; i++) {
    for (let j = i + 1; j <= f; j++) {
      const g = pg[j]! - pg[i]!
      const b = pb[j]! - pb[i]!
      if (g + b < minCount) continue
      W[i * m + j] = weightOfEvidence(g, b, totalGoods, totalBads, smoothing)
      V[i * m + j] = informationValue(g, b, totalGoods, totalBads, smoothing)
    }
  }
  // rise[i*m+j]: best IV of [0, j) ending with bin [i, j), WoE moving in `sign` direction throughout;
  // fall[...]: the same after the one allowed turn. from*: the start of the previous bin (and phase).
  const rise = new Float64Array(m * m).fill(-Infinity)
  const fall = new Float64Array(m * m).fill(-Infinity)
  const fromRise = new Int32Array(m * m).fill(START)
  const fromFall = new Int32Array(m * m).fill(START)
  for (let j = 1; j <= f; j++) {
    for (let i = 0; i < j; i++) {
      const v = V[i * m + j]!
      if (Number.isNaN(v)) continue
      if (i === 0) {
        rise[j] = v
        continue
      }
      const w = W[i * m + j]!
      let bestRise = -Infinity
      let bestFall = -Infinity
      let kRise = START
      let kFall = START
      for (let k = 0; k < i; k++) {
        const prev = W[k * m + i]!
        if (Number.isNaN(prev)) continue
        const d = sign * (w - prev)
        const r = rise[k * m + i]!
        if (d > 0) {
          if (r > bestRise) {
            bestRise = r
            kRise = k
          }
        } else if (d < 0 && turns) {
          // Phase encoded in the sign of the stored start: k for a rise predecessor, -(k + 2) for a fall one.
          if (r > bestFall) {
            bestFall = r
            kFall = k
          }
          const s = fall[k * m + i]!
          if (s > bestFall) {
            bestFall = s
            kFall = -(k + 2)
          }
        }
      }
      if (bestRise > -Infinity) {
        rise[i * m + j] = bestRise + v
        fromRise[i * m + j] = kRise
      }
      if (bestFall > -Infinity) {
        fall[i * m + j] = bestFall + v
        fromFall[i * m + j] = kFall
      }
    }
  }
  let best = -Infinity
  let bestStart = START
  let bestFallPhase = false
  for (let i = 0; i < f; i++) {
    if (rise[i * m + f]! > best) {
      best = rise[i * m + f]!
      bestStart = i
      bestFallPhase = false
    }
    if (fall[i * m + f]! > best) {
      best = fall[i * m + f]!
      bestStart = i
      bestFallPhase = true
    }
  }
  if (bestStart === START) return undefined
  const ends: number[] = []
  let j = f
  let i = bestStart
  let inFall = bestFallPhase
  while (true) {
    ends.push(j)
    if (i === 0) break
    const from = (inFall ? fromFall : fromRise)[i * m + j]!
    j = i
    if (from >= 0) {
      i = from
      inFall = false
    } else {
      i = -from - 2
      inFall = true
    }
  }
  ends.reverse()
  return { ends, iv: best, woe: woesOf(ends, pg, pb, counts) }
}

function woesOf(ends: readonly number[], pg: Float64Array, pb: Float64Array, c: BinCounts): number[] {
  let start = 0
  return ends.map((end) => {
    const w = weightOfEvidence(
      pg[end]! - pg[start]!,
      pb[end]! - pb[start]!,
      c.totalGoods,
      c.totalBads,
      c.smoothing,
    )
    start = end
    return w
  })
}

/** The one-bin partition: the fallback when no partition meets the minimum bin size. */
export function singleBin(counts: BinCounts): Partition {
  let g = 0
  let b = 0
  for (let i = 0; i < counts.goods.length; i++) {
    g += counts.goods[i]!
    b += counts.bads[i]!
  }
  const { totalGoods: G, totalBads: B, smoothing: s } = counts
  return {
    ends: [counts.goods.length],
    iv: informationValue(g, b, G, B, s),
    woe: [weightOfEvidence(g, b, G, B, s)],
  }
}

function better(a: Partition | undefined, b: Partition | undefined): Partition | undefined {
  if (!a) return b
  if (!b) return a
  return b.iv > a.iv ? b : a
}

/** The optimal partition under a trend option; never undefined (falls back to one bin). */
export function bestPartition(counts: BinCounts, option: TrendOption, autoTrendMinGain: number): Partition {
  if (option !== 'monotone' && option !== 'auto') return optimalPartition(counts, option) ?? singleBin(counts)
  const monotone = better(optimalPartition(counts, 'ascending'), optimalPartition(counts, 'descending'))
  if (option === 'monotone') return monotone ?? singleBin(counts)
  // A shape with a turn is harder to explain to a consumer ("more of X is better, until it is worse"),
  // so it must earn its place by a clear gain in IV.
  const turned = better(optimalPartition(counts, 'peak'), optimalPartition(counts, 'valley'))
  if (turned && (!monotone || turned.iv > monotone.iv * (1 + autoTrendMinGain))) return turned
  return monotone ?? singleBin(counts)
}

/** The shape that a sequence of WoE values actually has. */
export function shapeOf(woe: readonly number[]): Shape {
  if (woe.length < 2) return 'flat'
  let turnsUp = 0
  let turnsDown = 0
  let dir = 0
  for (let k = 1; k < woe.length; k++) {
    const d = Math.sign(woe[k]! - woe[k - 1]!)
    if (d === 0) continue
    if (dir !== 0 && d !== dir) {
      if (d > 0) turnsUp++
      else turnsDown++
    }
    dir = d
  }
  const first = Math.sign(woe[1]! - woe[0]!)
  if (turnsUp === 0 && turnsDown === 0) return dir > 0 ? 'ascending' : dir < 0 ? 'descending' : 'flat'
  if (turnsUp === 0 && turnsDown === 1 && first > 0) return 'peak'
  if (turnsDown === 0 && turnsUp === 1 && first < 0) return 'valley'
  return 'flat'
}
