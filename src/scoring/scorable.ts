// The minimum scoring criterion: a file is scored only when it holds at least one account of the consumer's own
// known on the date, a credit account or an alternative payment (utility, telecom, rent). The US bureaus' scores
// answer "not scorable" / "insufficient credit file" below their minimum scoring criteria (FICO: an account
// reported in the last six months and one at least six months old, collections and public records not counting
// as accounts), and SCHUFA gives no score where it holds too little on a person: a number made from nothing but
// missing values would be the scorecard's prior, presented as the consumer's risk. The bureau's scorecards never
// see such a file either: training takes only consumers with an account open at the observation date
// (bureau-outcome.ts). Age and recency are not required here: the thin-file segment exists to score young files.
//
// The criterion and the segment are decided from the released attributes only: one whose categories the consent
// withholds counts as absent. Whether a score appears, and from which segment's champion, is itself something
// the lender learns, and "a score must not tell what the report would withhold" (champions.ts): a consumer whose
// only account is a telecom one must get, under an accounts-only consent, the same answer as one with no account
// at all. Refusing every score without alternative_payments would leak nothing either, but would refuse the
// consumers with credit accounts for no reason; reading only what is released leaks nothing by construction, as
// the answer is then a function of the released data and the consent. Pure.
import type { Category } from '../consent/index.ts'
import { ATTRIBUTES, type AttributeValues } from '../reports/index.ts'
import { segmentOf, type Segment } from './bureau-outcome.ts'

/** The attributes that decide the criterion and the segment (bureau-outcome.ts segmentOf). */
type CriterionAttributes = Pick<
  AttributeValues,
  'all_accounts' | 'alternative_payment_accounts' | 'oldest_account_age_months'
>

/**
 * At least one account on the file as of the date: all_accounts counts credit accounts open or closed (not a
 * collection agency's, as in FICO's criterion), alternative_payment_accounts the utility, telecom and rent ones.
 */
function isScorable(v: Pick<AttributeValues, 'all_accounts' | 'alternative_payment_accounts'>): boolean {
  return (v.all_accounts ?? 0) + (v.alternative_payment_accounts ?? 0) > 0
}

const INSUFFICIENT_FILE =
  'not scorable: the file holds no credit account and no utility, telecom or rent account as of the date'

/** The message does not state more than the consent releases (it depends on the consent, not on the file). */
const INSUFFICIENT_RELEASED =
  'not scorable: the released file holds no credit account as of the date (utility, telecom and rent accounts are not released)'

const CATEGORIES_OF = new Map<string, readonly Category[]>(ATTRIBUTES.map((d) => [d.name, d.categories]))
const released = (name: keyof CriterionAttributes, categories: readonly Category[]): boolean =>
  (CATEGORIES_OF.get(name) ?? []).every((c) => categories.includes(c))

export type Criterion =
  { ok: true; segment: Segment } | { ok: false; reason: 'insufficient_file' | 'categories'; message: string }

/**
 * The segment of a file that meets the criterion, both decided from the attributes the categories release.
 * Without the categories of the segment's attributes there is no segment to pick: no score, for every consumer.
 */
export function criterionOf(v: CriterionAttributes, categories: readonly Category[]): Criterion {
  const segmentBy = ['all_accounts', 'oldest_account_age_months'] as const
  const withheld = segmentBy.filter((a) => !released(a, categories))
  if (withheld.length > 0) {
    return {
      ok: false,
      reason: 'categories',
      message: `the file segment is decided by ${withheld.join(', ')}, which the released categories do not include`,
    }
  }
  const alternative = released('alternative_payment_accounts', categories)
  const shown = {
    all_accounts: v.all_accounts,
    alternative_payment_accounts: alternative ? v.alternative_payment_accounts : null,
  }
  if (!isScorable(shown)) {
    return {
      ok: false,
      reason: 'insufficient_file',
      message: alternative ? INSUFFICIENT_FILE : INSUFFICIENT_RELEASED,
    }
  }
  return { ok: true, segment: segmentOf(v) }
}
