// The bureau's rules for its own scorecards on top of what the data fits: alternative payment data can only help
// (DESIGN.md: the bureau exists to bring people without credit history in). Two effects of an outcome counted on
// every account would otherwise work against that: each utility, telecom or rent account reported is one more
// account that can go to collection, so their number would lower scores; and consumers without any would beat
// those who pay every bill on time. So the number of such accounts is not offered to training, and the missing
// bin of the on-time share never scores above its best bin. Performance is measured again after the change.
import { evaluateScorecard } from './evaluate.ts'
import { binPoints } from './scaling.ts'
import { parseScorecardModel, type ScorecardModel } from './scorecard.model.ts'
import type { Table } from './table.ts'

/** Not offered to training: a count of bill accounts measures exposure, not conduct. */
export const POLICY_EXCLUSIONS: readonly { readonly name: string; readonly why: string }[] = [
  {
    name: 'alternative_payment_accounts',
    why: 'each utility, telecom or rent account reported would be one more chance of a collection: a score falling with their number would punish reporting them',
  },
]

/** Attributes whose "none on file" must not score above their best reported value. */
export const ONLY_HELPS: readonly string[] = ['alternative_on_time_share']

export const POLICY_NOTE =
  'Alternative payment data can only help: the number of utility, telecom and rent accounts is not used, and having none never scores above paying them all on time (the missing bin of alternative_on_time_share is capped at its best bin).'

/** The model with ONLY_HELPS applied and its performance measured again on the same rows. */
export function applyPolicy(model: ScorecardModel, train: Table, test: Table | undefined): ScorecardModel {
  let changed = false
  const attributes = model.attributes.map((a) => {
    if (!ONLY_HELPS.includes(a.name)) return a
    const body = a.bins.slice(0, -1)
    const missing = a.bins[a.bins.length - 1]!
    const best = Math.max(...body.map((b) => b.woe))
    if (!(missing.woe > best)) return a
    changed = true
    const capped = { ...missing, woe: best, points: binPoints(model.scaling, a.coefficient, best) }
    return { ...a, bins: [...body, capped] }
  })
  if (!changed) return model
  const draft = { ...model, attributes }
  const performance = {
    train: evaluateScorecard(draft, train).performance,
    test: test ? evaluateScorecard(draft, test).performance : null,
  }
  return parseScorecardModel({ ...draft, card: { ...draft.card, performance } })
}
