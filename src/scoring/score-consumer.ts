// One consumer's score from their attributes: the segment picks the champion, the champion's compiled
// scorecard gives the score, the probability of default and the reasons, each with what would change it. A file
// below the minimum scoring criterion as the released categories show it (scorable.ts), no champion for the
// segment, a champion on another scale than the jurisdiction profile's range, or released categories that do
// not cover the champion's attributes: no score, and the reason why. Pure.
import type { Category } from '../consent/index.ts'
import { ATTRIBUTES, type AttributeValues, type ScoreReason } from '../reports/index.ts'
import { scoreRecord } from './score-record.ts'
import type { Segment } from './bureau-outcome.ts'
import { criterionOf, type Criterion } from './scorable.ts'
import type { Champion } from './champions.ts'
import type { Reason } from './reasons.ts'

export interface ScoreResult {
  value: number
  range: { min: number; max: number }
  probabilityDefault: number
  segment: Segment
  /** Up to four, plus a fifth when inquiries lost points and none of the four is about inquiries. */
  reasons: ScoreReason[]
  /** The reasons that can improve, the largest gain first: what would change the score. */
  whatIf: { attribute: string; from: string; to: string; points: number }[]
  modelVersion: string
}

export type NoScoreReason = 'insufficient_file' | 'no_champion' | 'scale_mismatch' | 'categories'

export type ScoreOutcome =
  | { ok: true; score: ScoreResult }
  /** segment is null for a file too thin to be put in any (insufficient_file), or whose segment is withheld. */
  | { ok: false; segment: Segment | null; reason: NoScoreReason; message: string }

const MISSING_MEANS = new Map(ATTRIBUTES.map((d) => [d.name as string, d.missing]))

/** A bin as a person reads it: the missing bin says what missing means for the attribute. */
function binText(attribute: string, label: string): string {
  return label === 'missing' ? `none (${MISSING_MEANS.get(attribute) ?? 'no value'})` : label
}

function reasonOf(r: Reason): ScoreReason {
  const bin = binText(r.attribute, r.bin)
  const { improvement } = r
  const to = improvement && binText(r.attribute, improvement.bin)
  return {
    rank: r.rank,
    attribute: r.attribute,
    code: r.code,
    text: r.text,
    bin,
    pointsLost: r.pointsLost,
    whatWouldChange:
      improvement && to !== null
        ? {
            bin: to,
            points: improvement.points,
            text: `${r.text}: from ${bin} to ${to} would add about ${improvement.points} points`,
          }
        : null,
  }
}

export interface ScoreContext {
  champions: ReadonlyMap<string, Champion>
  /** The jurisdiction profile's score range. */
  range: { min: number; max: number }
  /** The categories released with the score; all, for the consumer's own view. */
  categories: readonly Category[]
}

export const noChampion = (segment: Segment): ScoreOutcome => ({
  ok: false,
  segment,
  reason: 'no_champion',
  message: `no champion scorecard for the ${segment} file segment`,
})

/** The outcome of a file that has no segment: below the criterion, or without the categories that decide it. */
export const noSegment = (c: Criterion & { ok: false }): ScoreOutcome => ({
  ok: false,
  segment: null,
  reason: c.reason,
  message: c.message,
})

export function scoreAttributes(attributes: AttributeValues, ctx: ScoreContext): ScoreOutcome {
  // Decided from the released attributes only, so that whether a score appears tells nothing withheld.
  const criterion = criterionOf(attributes, ctx.categories)
  if (!criterion.ok) return noSegment(criterion)
  const { segment } = criterion
  const champion = ctx.champions.get(segment)
  if (champion === undefined) return noChampion(segment)
  if (champion.range.min !== ctx.range.min || champion.range.max !== ctx.range.max) {
    return {
      ok: false,
      segment,
      reason: 'scale_mismatch',
      message: `the champion ${champion.version} scores ${champion.range.min}-${champion.range.max}, the jurisdiction profile ${ctx.range.min}-${ctx.range.max}`,
    }
  }
  const missing = champion.categories.filter((c) => !ctx.categories.includes(c))
  if (missing.length > 0) {
    return {
      ok: false,
      segment,
      reason: 'categories',
      message: `the score uses ${missing.join(', ')}, which the released categories do not include`,
    }
  }
  const scored = scoreRecord(champion.compiled, attributes)
  const reasons = scored.reasons.map(reasonOf)
  const whatIf = scored.reasons
    .flatMap(({ attribute, bin, improvement }) =>
      improvement
        ? [
            {
              attribute,
              from: binText(attribute, bin),
              to: binText(attribute, improvement.bin),
              points: improvement.points,
            },
          ]
        : [],
    )
    .sort((a, b) => b.points - a.points)
  return {
    ok: true,
    score: {
      value: scored.score,
      range: { ...champion.range },
      probabilityDefault: scored.probabilityDefault,
      segment,
      reasons,
      whatIf,
      modelVersion: champion.version,
    },
  }
}
