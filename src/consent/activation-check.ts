// What a transition into `active` must still hold at the moment it is made, beyond the lifecycle's own rules
// (consent.model.ts transition): checks that read the database, inside the transition's transaction.
import type { Tx } from '../platform/db.ts'
import type { Consent, TransitionResult } from './consent.model.ts'
import type { ConsentStore } from './consent.store.ts'
import { purposeRule } from './jurisdiction.ts'
import type { ProfileSettings } from './profile-settings.ts'

export function createActivationCheck(store: ConsentStore, profiles: Pick<ProfileSettings, 'current'>) {
  // A consent enters `active` only for a purpose that the jurisdiction profile in force offers: one requested
  // under another profile would be signed for a purpose that the bureau can no longer serve.
  async function outlawed(tx: Tx, c: Consent, t: TransitionResult): Promise<TransitionResult> {
    if (!t.ok || t.to !== 'active') return t
    const { code, profile } = await profiles.current(tx)
    if (purposeRule(profile, c.purpose) !== undefined) return t
    return {
      ok: false,
      code: 'unprocessable',
      reason: `${c.purpose} is not a purpose that the ${code} profile in force offers, so this consent cannot become active`,
    }
  }

  // The request checked that the consent it replaces is in force (consent-terms.ts supersedableReason); by the
  // approval another replacement may have been approved, or it was revoked or ran out. Approved anyway, two
  // signed artefacts would stand for one purpose, each saying it replaced the same one (found by probing).
  async function replacesNoLonger(
    tx: Tx,
    c: Consent,
    t: TransitionResult,
    now: Date,
  ): Promise<TransitionResult> {
    if (!t.ok || t.to !== 'active' || c.supersedes === null || c.status !== 'pending') return t
    const old = await store.get(tx, c.consumerKey, c.supersedes, now, true)
    const status = old?.status ?? 'gone'
    if (status === 'active' || status === 'paused') return t
    return {
      ok: false,
      code: 'conflict',
      reason: `consent ${c.id} would replace consent ${c.supersedes}, which is ${status} now: reject it; the member may ask again`,
    }
  }

  /** `t` as it stands once the checks have run: refused when one fails. */
  return async (tx: Tx, c: Consent, t: TransitionResult, now: Date): Promise<TransitionResult> =>
    replacesNoLonger(tx, c, await outlawed(tx, c, t), now)
}
