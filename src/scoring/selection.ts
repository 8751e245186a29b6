// Attribute selection before the regression: enough information value to matter, and no near-duplicate
// of a stronger attribute (two WoE columns that move together split one effect between two coefficients,
// whose signs then become unstable and whose reason codes would name the same thing twice).
import type { AttributeBinning } from './bin-attribute.ts'
import type { DropReason } from './scorecard.model.ts'

export interface DroppedAttribute {
  readonly name: string
  readonly reason: DropReason
  readonly detail: string
}

export interface SelectionOptions {
  /** Minimum information value (0.02: below it an attribute is conventionally "not predictive"). */
  readonly minIv: number
  /** Maximum absolute Pearson correlation between the WoE columns of two kept attributes. */
  readonly maxCorrelation: number
}

export const DEFAULT_SELECTION: SelectionOptions = { minIv: 0.02, maxCorrelation: 0.7 }

/** The WoE of every training row's bin: the column the regression sees. */
export function woeColumn(binning: AttributeBinning): Float64Array {
  const woe = Float64Array.from(binning.bins, (b) => b.woe)
  const rows = binning.rowBins
  const out = new Float64Array(rows.length)
  for (let i = 0; i < rows.length; i++) out[i] = woe[rows[i]!]!
  return out
}

interface Moments {
  readonly mean: number
  /** sqrt of the sum of squared deviations. */
  readonly norm: number
}

function moments(a: Float64Array): Moments {
  let m = 0
  for (let i = 0; i < a.length; i++) m += a[i]!
  m /= a.length
  let ss = 0
  for (let i = 0; i < a.length; i++) ss += (a[i]! - m) * (a[i]! - m)
  return { mean: m, norm: Math.sqrt(ss) }
}

/** Correlation from precomputed moments: one pass, four accumulators (independent additions). */
function correlation(a: Float64Array, ma: Moments, b: Float64Array, mb: Moments): number {
  if (!(ma.norm > 0 && mb.norm > 0)) return 0
  const n = a.length
  const xa = ma.mean
  const xb = mb.mean
  let s0 = 0
  let s1 = 0
  let s2 = 0
  let s3 = 0
  let i = 0
  for (; i + 3 < n; i += 4) {
    s0 += (a[i]! - xa) * (b[i]! - xb)
    s1 += (a[i + 1]! - xa) * (b[i + 1]! - xb)
    s2 += (a[i + 2]! - xa) * (b[i + 2]! - xb)
    s3 += (a[i + 3]! - xa) * (b[i + 3]! - xb)
  }
  for (; i < n; i++) s0 += (a[i]! - xa) * (b[i]! - xb)
  return (s0 + s1 + (s2 + s3)) / (ma.norm * mb.norm)
}

/** Pearson correlation; 0 when either column is constant. */
export function pearson(a: Float64Array, b: Float64Array): number {
  return correlation(a, moments(a), b, moments(b))
}

/**
 * Keeps attributes with IV >= minIv, then, strongest first, each one whose WoE column correlates with
 * no already kept one beyond maxCorrelation. Returns the kept indices (strongest first) and the dropped.
 */
export function selectAttributes(
  binnings: readonly AttributeBinning[],
  woeOf: (index: number) => Float64Array,
  options: SelectionOptions,
): { kept: number[]; dropped: DroppedAttribute[] } {
  const dropped: DroppedAttribute[] = []
  const order = binnings.map((_, i) => i).sort((a, b) => binnings[b]!.iv - binnings[a]!.iv || a - b)
  const kept: number[] = []
  const cache = new Map<number, Moments>()
  const momentsOf = (i: number): Moments => {
    let m = cache.get(i)
    if (!m) cache.set(i, (m = moments(woeOf(i))))
    return m
  }
  for (const i of order) {
    const b = binnings[i]!
    if (!(b.iv >= options.minIv)) {
      dropped.push({ name: b.name, reason: 'low_iv', detail: `IV ${b.iv.toFixed(4)} < ${options.minIv}` })
      continue
    }
    const w = woeOf(i)
    let clash: { stronger: AttributeBinning; r: number } | undefined
    for (const k of kept) {
      const r = correlation(w, momentsOf(i), woeOf(k), momentsOf(k))
      if (Math.abs(r) > options.maxCorrelation) {
        clash = { stronger: binnings[k]!, r }
        break
      }
    }
    if (clash) {
      const { stronger, r } = clash
      const detail = `WoE correlation ${r.toFixed(3)} with ${stronger.name} (IV ${stronger.iv.toFixed(4)} against ${b.iv.toFixed(4)})`
      dropped.push({ name: b.name, reason: 'correlated', detail })
      continue
    }
    kept.push(i)
  }
  return { kept, dropped }
}
