// Model performance and stability measures. Convention: a higher `scores` value means more likely an
// event (pass the probability of default, or the negated score); labels are 1 for the event (bad).
// Everything runs on the two classes' scores sorted apart (typed-array sorts) and walked together value
// by value, so ties are exact and a million rows take a fraction of a second.

function sortedByClass(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
): { pos: Float64Array; neg: Float64Array } {
  let p = 0
  for (let i = 0; i < labels.length; i++) if (labels[i]) p++
  const pos = new Float64Array(p)
  const neg = new Float64Array(labels.length - p)
  for (let i = 0, a = 0, b = 0; i < labels.length; i++) {
    const s = scores[i]!
    // A NaN has no place in the order: walk() would never move past it.
    if (Number.isNaN(s)) throw new Error(`score ${i} is not a number: the metrics take finite scores only`)
    if (labels[i]) pos[a++] = s
    else neg[b++] = s
  }
  return { pos: pos.sort(), neg: neg.sort() }
}

/** Visits each distinct value in ascending order with how many events and non-events hold it. */
function walk(
  pos: Float64Array,
  neg: Float64Array,
  visit: (value: number, events: number, nonEvents: number) => void,
): void {
  let i = 0
  let k = 0
  while (i < pos.length || k < neg.length) {
    const v = i < pos.length && (k >= neg.length || pos[i]! <= neg[k]!) ? pos[i]! : neg[k]!
    let cp = 0
    let cn = 0
    while (i < pos.length && pos[i] === v) {
      i++
      cp++
    }
    while (k < neg.length && neg[k] === v) {
      k++
      cn++
    }
    visit(v, cp, cn)
  }
}

/** Area under the ROC curve: P(event scores higher than non-event) + half P(tie) (Mann-Whitney). */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const { pos, neg } = sortedByClass(scores, labels)
  if (pos.length === 0 || neg.length === 0) return Number.NaN
  let below = 0
  let sum = 0
  walk(pos, neg, (_, cp, cn) => {
    sum += cp * (below + cn / 2)
    below += cn
  })
  return sum / (pos.length * neg.length)
}

export function gini(aucValue: number): number {
  return 2 * aucValue - 1
}

export interface KsCurve {
  /** Distinct score values, ascending. */
  readonly thresholds: number[]
  /** Share of events with a score <= the threshold. */
  readonly events: number[]
  readonly nonEvents: number[]
}

/** Cumulative distributions of events and non-events over the score. */
export function ksCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): KsCurve {
  const { pos, neg } = sortedByClass(scores, labels)
  const curve: KsCurve = { thresholds: [], events: [], nonEvents: [] }
  let cp = 0
  let cn = 0
  walk(pos, neg, (v, p, n) => {
    cp += p
    cn += n
    curve.thresholds.push(v)
    curve.events.push(pos.length ? cp / pos.length : 0)
    curve.nonEvents.push(neg.length ? cn / neg.length : 0)
  })
  return curve
}

/** Kolmogorov-Smirnov statistic: the largest gap between the two cumulative distributions, and where. */
export function ks(scores: ArrayLike<number>, labels: ArrayLike<number>): { ks: number; threshold: number } {
  const c = ksCurve(scores, labels)
  let best = { ks: 0, threshold: Number.NaN }
  c.thresholds.forEach((t, i) => {
    const d = Math.abs(c.events[i]! - c.nonEvents[i]!)
    if (d > best.ks) best = { ks: d, threshold: t }
  })
  return best
}

export interface RocPoint {
  /** Flag as event when score >= threshold. */
  readonly threshold: number
  readonly falsePositiveRate: number
  readonly truePositiveRate: number
}

/** ROC points from (0, 0) to (1, 1), one per distinct score, thresholds descending. */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): RocPoint[] {
  const { pos, neg } = sortedByClass(scores, labels)
  const groups: [number, number, number][] = []
  walk(pos, neg, (v, cp, cn) => groups.push([v, cp, cn]))
  const points: RocPoint[] = [{ threshold: Infinity, falsePositiveRate: 0, truePositiveRate: 0 }]
  let tp = 0
  let fp = 0
  for (let k = groups.length - 1; k >= 0; k--) {
    const [v, cp, cn] = groups[k]!
    tp += cp
    fp += cn
    points.push({
      threshold: v,
      falsePositiveRate: neg.length ? fp / neg.length : 0,
      truePositiveRate: pos.length ? tp / pos.length : 0,
    })
  }
  return points
}

export interface ScoreBands {
  /** Band k holds cuts[k-1] <= score < cuts[k]. */
  readonly cuts: number[]
  readonly shares: number[]
}

/** Bands at the deciles (or other quantiles) of a score distribution; tied deciles collapse into one cut. */
export function scoreBands(scores: ArrayLike<number>, bands = 10): ScoreBands {
  const sorted = Float64Array.from(scores).sort()
  const cuts: number[] = []
  for (let q = 1; q < bands; q++) {
    const v = sorted[Math.floor((q * sorted.length) / bands)]
    if (v !== undefined && v > sorted[0]! && (cuts.length === 0 || v > cuts[cuts.length - 1]!)) cuts.push(v)
  }
  return { cuts, shares: bandShares(cuts, scores) }
}

export function bandShares(cuts: readonly number[], scores: ArrayLike<number>): number[] {
  const counts = new Float64Array(cuts.length + 1)
  for (let i = 0; i < scores.length; i++) {
    const x = scores[i]!
    let lo = 0
    let hi = cuts.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cuts[mid]! <= x) lo = mid + 1
      else hi = mid
    }
    counts[lo]!++
  }
  return Array.from(counts, (c) => (scores.length ? c / scores.length : 0))
}

/** Shares below this count as this in PSI, so that an empty band adds a large but finite term. */
export const PSI_FLOOR = 1e-4

export interface PsiResult {
  readonly psi: number
  readonly cuts: number[]
  readonly expected: number[]
  readonly actual: number[]
}

/** Population stability index of `actual` against reference bands: sum of (a - e) ln(a / e). */
export function psiAgainst(reference: ScoreBands, actual: ArrayLike<number>): PsiResult {
  const shares = bandShares(reference.cuts, actual)
  let psi = 0
  reference.shares.forEach((e0, k) => {
    const e = Math.max(e0, PSI_FLOOR)
    const a = Math.max(shares[k]!, PSI_FLOOR)
    psi += (a - e) * Math.log(a / e)
  })
  return { psi, cuts: reference.cuts, expected: reference.shares, actual: shares }
}

/** PSI between two score distributions, banded at the reference's deciles. */
export function psi(reference: ArrayLike<number>, actual: ArrayLike<number>, bands = 10): PsiResult {
  return psiAgainst(scoreBands(reference, bands), actual)
}

export interface CalibrationGroup {
  readonly count: number
  readonly meanPredicted: number
  readonly observedRate: number
}

/** Rows in `groups` equal-size groups by predicted probability (ascending): mean predicted against observed. */
export function calibration(
  predicted: ArrayLike<number>,
  labels: ArrayLike<number>,
  groups = 10,
): CalibrationGroup[] {
  const { pos, neg } = sortedByClass(predicted, labels)
  const n = pos.length + neg.length
  const out: CalibrationGroup[] = []
  let rank = 0
  let g = 0
  let sum = 0
  let events = 0
  let count = 0
  const place = (v: number, event: boolean) => {
    while (g < groups - 1 && rank >= Math.floor(((g + 1) * n) / groups)) {
      if (count > 0) out.push({ count, meanPredicted: sum / count, observedRate: events / count })
      g++
      sum = events = count = 0
    }
    sum += v
    count++
    if (event) events++
    rank++
  }
  // Rows tied on the prediction are interleaved evenly, so a group boundary inside a tie splits its
  // events and non-events in proportion rather than by label.
  walk(pos, neg, (v, cp, cn) => {
    const total = cp + cn
    for (let t = 0; t < total; t++)
      place(v, Math.floor(((t + 1) * cp) / total) > Math.floor((t * cp) / total))
  })
  if (count > 0) out.push({ count, meanPredicted: sum / count, observedRate: events / count })
  return out
}
