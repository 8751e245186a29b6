// The minimum scoring criterion: a file is scored only when it holds at least one account of the consumer's own
// known on the date, a credit account or an alternative payment (utility, telecom, rent). The US bureaus' scores
// answer "not scorable" / "insufficient credit file" below their minimum scoring criteria (FICO: an account
// reported in the last six months and one at least six months old, collections and public records not counting
// as accounts), and SCHUFA gives no score where it holds too little on a person: a number made from nothing but
// missing values would be the scorecard's prior, presented as the consumer's risk. The bureau's scorecards never
// see such a file either: training takes only consumers with an account open at the observation date
// (bureau-outcome.ts). Age and recency are not required here: the thin-file segment exists to score young files.
// Pure.
import type { AttributeValues } from '../reports/index.ts'

/**
 * At least one account on the file as of the date: all_accounts counts credit accounts open or closed (not a
 * collection agency's, as in FICO's criterion), alternative_payment_accounts the utility, telecom and rent ones.
 */
export function isScorable(
  v: Pick<AttributeValues, 'all_accounts' | 'alternative_payment_accounts'>,
): boolean {
  return (v.all_accounts ?? 0) + (v.alternative_payment_accounts ?? 0) > 0
}

export const INSUFFICIENT_FILE =
  'not scorable: the file holds no credit account and no utility, telecom or rent account as of the date'
