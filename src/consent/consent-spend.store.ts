// Spending a consent's use, in SQL: in a caller's transaction (authorise.ts) or in the lender report's write
// batch, where a consent that cannot serve fails the whole batch (CONSENT_UNUSABLE), so that nothing the read
// would have recorded is written without the use that allowed it.
import { sql } from 'kysely'
import { planned, type Planned } from '../platform/planned.ts'
import { CONSENT_UNUSABLE } from './consent-check.ts'
import type { Consent } from './consent.model.ts'
import { toConsent, type Row } from './consent.rows.ts'
import type { Purpose } from './jurisdiction.ts'

export interface ConsentUse {
  consumerKey: string
  consentId: string
  memberId: string
  purpose: Purpose
  now: Date
  /**
   * The use count the caller read and recorded as spent from (the lender report's audit event goes out with
   * the use, in its transaction): the use fails when another spender changed it first.
   */
  expectedUses?: number | undefined
}

/**
 * One use, atomically, as the CTE `used`: the conditional UPDATE takes the row lock, and a concurrent spender
 * that waited for it re-checks the condition on the committed row (READ COMMITTED), so a view-once consent
 * serves one read only. The last use marks the consent expired. `used` is empty when the consent cannot serve
 * this read now.
 */
export const spending = ({ consumerKey, consentId, memberId, purpose, now, expectedUses }: ConsentUse) =>
  sql`with used as (
      update consents set uses = uses + 1, updated_at = ${now},
          status = case when max_uses is not null and uses + 1 >= max_uses then 'expired' else status end
        where consumer_key = ${consumerKey} and consent_id = ${consentId} and member_id = ${memberId}
          and purpose = ${purpose} and status = 'active' and (max_uses is null or uses < max_uses)
          and valid_from <= ${now} and ${now} < valid_to
          ${expectedUses === undefined ? sql`` : sql`and uses = ${expectedUses}`}
        returning *)`

/**
 * The use's consent event, run after the use under its row lock. A statement of its own: its snapshot then
 * holds the events that a spender ahead of it committed, so max(seq) + 1 is free (inside the UPDATE's statement
 * it would still be the snapshot from before the wait).
 */
export const useEventWrite = ({ consumerKey, consentId, memberId, now }: ConsentUse): Planned<void> =>
  planned(
    sql`insert into consent_events (consumer_key, consent_id, seq, at, actor_kind, actor_id, action, from_status, to_status)
      select c.consumer_key, c.consent_id,
             coalesce((select max(seq) from consent_events e
                        where e.consumer_key = c.consumer_key and e.consent_id = c.consent_id), 0) + 1,
             ${now}, 'member', ${memberId}, 'use', 'active', c.status
        from consents c where c.consumer_key = ${consumerKey} and c.consent_id = ${consentId}`,
    () => undefined,
  )

/** The consent as one more use leaves it: what `spending` writes, the last use marking it expired. */
export const afterOneUse = (c: Consent, now: Date): Consent => {
  const uses = c.uses + 1
  return {
    ...c,
    uses,
    status: c.maxUses !== null && uses >= c.maxUses ? 'expired' : c.status,
    updatedAt: now.toISOString(),
  }
}

/** The use and its event, for a statement batch; the use fails the batch when the consent cannot serve. */
export const spendConsent = (use: ConsentUse): readonly [Planned<Consent>, Planned<void>] => [
  planned(
    sql<Row>`${spending(use)}
      select used.* from (select ob_require(exists (select 1 from used),
                                            ${`consent ${use.consentId} cannot serve this read`},
                                            ${CONSENT_UNUSABLE})) as checked
        left join used on true`,
    (rows) => toConsent(rows[0]!),
  ),
  useEventWrite(use),
]
