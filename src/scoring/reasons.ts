// Reason codes (adverse-action "key factors"): the attributes where the consumer lost the most points
// against that attribute's best bin, the missing bin included, at most four (FCRA §609(f)(1)(C), 15 U.S.C.
// 1681g(f)(1)(C)), plus a fifth when an inquiries attribute lost points and no inquiries attribute is
// among the four (§609(f)(9): inquiries are added "without regard to the numerical limitation" only when
// they are a key factor that is not already listed; one inquiries reason among the four is that factor
// listed). Ties in points lost keep the model's attribute order (strongest IV first), so the same file
// always gives the same reasons.
//
// "What would change my score": for each reason, the nearest bin that gains points. For a numeric
// attribute that is the closest bin in value order that scores higher (with monotone WoE, the next bin
// towards the safe end); from the missing bin, and for a categorical attribute, the bin that gains the
// fewest points above the current one (the smallest step up). The missing bin is never a target: no one can
// move to "never late", so a reason may have nothing to advise (losing points against the missing bin only).
//
// A "months since the last X" attribute is missing when X never happened. Training does not make that bin score
// at least as well as the real bins, so it can score a point or two below the best one; but the absence of a
// late payment or an inquiry did not adversely affect the score, and naming it as a key factor would be
// inaccurate (FCRA §609(f)(1)(C), §615(a); Reg B §1002.9(b)(2)): such a value loses nothing and is never a
// reason, the §609(f)(9) inquiries one included.
import { ATTRIBUTES } from '../reports/index.ts'
import type { ModelAttribute } from './scorecard.model.ts'

export const INQUIRY_PATTERN = /inquir/i
export const MAX_REASONS = 4
/** Four reasons and the inquiries one. */
export const REASON_SLOTS = 5

/** The bureau attributes whose missing value means that the adverse event never happened. */
export const NEVER_HAPPENED: ReadonlySet<string> = new Set<string>(
  ATTRIBUTES.filter((d) => d.type === 'months' && d.name.startsWith('months_since_')).map((d) => d.name),
)

export interface Reason {
  readonly rank: number
  readonly attribute: string
  readonly code: string
  readonly text: string
  /** The consumer's bin. */
  readonly bin: string
  readonly pointsLost: number
  /** The nearest bin that scores higher, and how many points it would add; null when none does. */
  readonly improvement: { readonly bin: string; readonly points: number } | null
}

/** Per-attribute tables precomputed once per model, so that a reason costs lookups only. */
export interface ReasonAttribute {
  readonly name: string
  readonly code: string
  readonly text: string
  readonly inquiry: boolean
  readonly labels: readonly string[]
  readonly points: Int32Array
  /**
   * Per bin: points lost against the attribute's best bin, missing included (whole points, never negative); 0 for
   * the missing bin of an attribute whose missing value means the adverse event never happened.
   */
  readonly loss: Int32Array
  /** Per bin: the bin to aim for, or -1. */
  readonly improveTo: Int32Array
  readonly gain: Float64Array
}

export function reasonAttribute(attribute: ModelAttribute): ReasonAttribute {
  const bins = attribute.bins
  const points = Int32Array.from(bins, (b) => b.points)
  const missing = bins.length - 1
  // Points lost are measured against the attribute's best bin, the missing bin included: key factors are the
  // factors that adversely affected the score, in order of their effect (FCRA §609(f)(2)(B)), and where the
  // missing bin scores highest it is the absence of something adverse (months_since_last_delinquency: never
  // late, +5 against -17 for a late payment under 2 months ago). Measured against the best real bin instead, a
  // late payment was a key factor of 2 of 403 thick files with one, against 84 this way. Reaching the bin is
  // another question, answered by the improvement below, which never aims at the missing bin.
  const best = Math.max(...points)
  const neverHappened = NEVER_HAPPENED.has(attribute.name)
  const improveTo = new Int32Array(bins.length).fill(-1)
  const gain = new Float64Array(bins.length)
  // From "never happened" there is no reason, so nothing to advise either.
  for (let b = 0; b < (neverHappened ? missing : bins.length); b++) {
    const byDistance = attribute.kind === 'numeric' && b !== missing
    let target = -1
    let targetGain = 0
    for (let c = 0; c < missing; c++) {
      const g = points[c]! - points[b]!
      if (!(g > 0)) continue
      const dc = Math.abs(c - b)
      const dt = Math.abs(target - b)
      const better = target < 0 || (byDistance ? dc < dt || (dc === dt && g > targetGain) : g < targetGain)
      if (better) {
        target = c
        targetGain = g
      }
    }
    improveTo[b] = target
    gain[b] = targetGain
  }
  return {
    name: attribute.name,
    code: attribute.reasonCode,
    text: attribute.description,
    inquiry: INQUIRY_PATTERN.test(attribute.name),
    labels: bins.map((b) => b.label),
    points,
    loss: points.map((p, b) => (neverHappened && b === missing ? 0 : Math.max(0, best - p))),
    improveTo,
    gain,
  }
}

/**
 * Picks reasons without allocating: one selector per model. Each (attribute, bin) has a sort key,
 * loss x M + (M - 1 - attribute) with M a power of two above the attribute count, or 0 when the bin
 * loses nothing; a larger key is a larger loss, ties going to the earlier attribute. Scoring writes the
 * keys of a row's bins side by side and `select` keeps the four largest in four registers.
 */
export class ReasonSelector {
  /** Per attribute, per bin: the sort key. */
  readonly binKeys: readonly Int32Array[]
  private readonly mask: number
  private readonly inquiries: Int32Array
  /** Per attribute: 1 when it is an inquiries attribute. */
  private readonly isInquiry: Uint8Array

  constructor(attributes: readonly ReasonAttribute[]) {
    let shift = 1
    while (1 << shift <= attributes.length) shift++
    this.mask = (1 << shift) - 1
    this.binKeys = attributes.map((a, j) =>
      a.loss.map((l) => {
        if (l * 2 ** shift >= 2 ** 31)
          throw new RangeError(`attribute ${a.name}: ${l} points lost is too many to rank`)
        return l > 0 ? (l << shift) | (this.mask - j) : 0
      }),
    )
    this.inquiries = Int32Array.from(attributes.flatMap((a, j) => (a.inquiry ? [j] : [])))
    this.isInquiry = Uint8Array.from(attributes, (a) => (a.inquiry ? 1 : 0))
  }

  /** Whether the key is a loss of an inquiries attribute. */
  private inquiryKey(k: number): boolean {
    return k > 0 && this.isInquiry[this.mask - (k & this.mask)] === 1
  }

  /**
   * From the keys of attributes 0..width-1 at keys[base..], writes up to five attribute indices at
   * out[offset..offset+4] in rank order (-1 for an empty slot); returns how many.
   */
  select(keys: Int32Array, base: number, width: number, out: Int32Array, offset: number): number {
    let t0 = 0
    let t1 = 0
    let t2 = 0
    let t3 = 0
    for (let j = 0; j < width; j++) {
      const k = keys[base + j]!
      if (k <= t3) continue
      if (k > t1) {
        t3 = t2
        t2 = t1
        if (k > t0) {
          t1 = t0
          t0 = k
        } else t1 = k
      } else if (k > t2) {
        t3 = t2
        t2 = k
      } else t3 = k
    }
    const m = this.mask
    out[offset] = t0 > 0 ? m - (t0 & m) : -1
    out[offset + 1] = t1 > 0 ? m - (t1 & m) : -1
    out[offset + 2] = t2 > 0 ? m - (t2 & m) : -1
    out[offset + 3] = t3 > 0 ? m - (t3 & m) : -1
    let fifth = 0
    // The inquiries rule (§609(f)(9)): with four reasons and none of them about inquiries, the largest-losing
    // inquiries attribute. With fewer than four, any inquiries attribute that lost points is among them.
    if (
      t3 > 0 &&
      !this.inquiryKey(t0) &&
      !this.inquiryKey(t1) &&
      !this.inquiryKey(t2) &&
      !this.inquiryKey(t3)
    ) {
      for (let i = 0; i < this.inquiries.length; i++) {
        const k = keys[base + this.inquiries[i]!]!
        if (k > fifth) fifth = k
      }
    }
    out[offset + MAX_REASONS] = fifth > 0 ? m - (fifth & m) : -1
    return fifth > 0 ? REASON_SLOTS : t3 > 0 ? 4 : t2 > 0 ? 3 : t1 > 0 ? 2 : t0 > 0 ? 1 : 0
  }
}

/** The reasons as objects, from selected attribute indices and the consumer's bin in each attribute. */
export function describeReasons(
  attributes: readonly ReasonAttribute[],
  selected: ArrayLike<number>,
  binOf: (attribute: number) => number,
): Reason[] {
  const reasons: Reason[] = []
  for (let k = 0; k < selected.length; k++) {
    const j = selected[k]!
    if (j < 0) continue
    const a = attributes[j]!
    const b = binOf(j)
    const to = a.improveTo[b]!
    reasons.push({
      rank: reasons.length + 1,
      attribute: a.name,
      code: a.code,
      text: a.text,
      bin: a.labels[b]!,
      pointsLost: a.loss[b]!,
      improvement: to < 0 ? null : { bin: a.labels[to]!, points: a.gain[b]! },
    })
  }
  return reasons
}
