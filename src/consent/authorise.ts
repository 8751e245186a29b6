// Enforcement (DESIGN.md principle 2): may this member read this consumer's file for this purpose, now? Run in
// the caller's transaction, so that the consent is spent, and the check recorded, together with the caller's
// work. A refusal is a result, not an exception, so that the caller can commit its audit event.
import type { Tx } from '../platform/db.ts'
import { unusableReason, type Consent } from './consent.model.ts'
import type { ConsentStore } from './consent.store.ts'
import { expiredEvents, type ConsentAuditEvent } from './consent-audit-event.ts'
import {
  allowedBy,
  refusedEvent,
  ruleOn,
  type AuthoriseInput,
  type AuthoriseResult,
} from './consent-check.ts'
import type { ProfileSettings } from './profile-settings.ts'

export type { AuthoriseInput, AuthoriseResult } from './consent-check.ts'

export interface AuthoriseDeps {
  store: Pick<ConsentStore, 'usable' | 'useConsent' | 'get' | 'expireDue'>
  profiles: Pick<ProfileSettings, 'current'>
  record: (tx: Tx | undefined, event: ConsentAuditEvent) => Promise<void>
}

export function createAuthorise({ store, profiles, record }: AuthoriseDeps) {
  /**
   * Why no consent could be spent for this read, told truly (the expiry of the presented one marked first, and
   * its consent.expired event put in `events` for the caller to record in `tx`).
   */
  async function unusable(
    tx: Tx,
    events: ConsentAuditEvent[],
    input: AuthoriseInput,
    code: string,
  ): Promise<string> {
    const { consumerKey, memberId, purpose, consentId, now } = input
    if (consentId === undefined)
      return `${code} requires consent for ${purpose}: no usable consent of this member`
    // Touching a consent marks its expiry (consent.model.ts effectiveStatus), then the true reason is told.
    // The expiry is a change of the consent, so it is in the audit log too (DESIGN.md principle 3).
    events.push(...expiredEvents(await store.expireDue(tx, consumerKey, now, [consentId]), consumerKey))
    const c = await store.get(tx, consumerKey, consentId, now)
    return unusableReason(c, memberId, purpose, now) ?? `consent ${consentId} was spent by a concurrent read`
  }

  async function authorise(input: AuthoriseInput, tx: Tx): Promise<AuthoriseResult> {
    const { consumerKey, memberId, purpose, consentId, now } = input
    const refuse = async (
      reason: string,
      key: string | null = consumerKey,
      held: readonly ConsentAuditEvent[] = [],
    ): Promise<AuthoriseResult> => {
      for (const e of [...held, refusedEvent(input, reason, key)]) await record(tx, e)
      return { allowed: false, reason }
    }
    const ruling = ruleOn(await profiles.current(tx), input)
    if (ruling.kind === 'refused') return refuse(ruling.reason, ruling.consumerKey)
    if (ruling.kind === 'allowed') {
      await record(tx, ruling.event)
      return ruling.result
    }
    const candidates =
      consentId !== undefined
        ? [consentId]
        : (await store.usable(tx, consumerKey, memberId, purpose, now)).map((c) => c.id)
    let used: Consent | undefined
    for (const id of candidates) {
      used = await store.useConsent(tx, consumerKey, id, memberId, purpose, now)
      if (used !== undefined) break
    }
    if (used === undefined) {
      const expired: ConsentAuditEvent[] = []
      return refuse(await unusable(tx, expired, input, ruling.code), consumerKey, expired)
    }
    const { result, event } = allowedBy(ruling, used, input)
    await record(tx, event)
    return result
  }

  return { authorise, unusable }
}
