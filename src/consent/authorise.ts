// Enforcement (DESIGN.md principle 2): may this member read this consumer's file for this purpose, now? The
// report calls it inside its own transaction, so the consent is spent, and the check recorded, together with
// the read. A refusal is a result, not an exception, so that the caller can commit its audit event.
import { z } from 'zod'
import type { Tx } from '../platform/db.ts'
import { CATEGORIES, unusableReason, type Category, type Consent } from './consent.model.ts'
import type { ConsentStore } from './consent.store.ts'
import type { ConsentAuditEvent } from './consent-audit-event.ts'
import { purposeRule, type Purpose } from './jurisdiction.ts'
import type { ProfileSettings } from './profile-settings.ts'

export interface AuthoriseInput {
  consumerKey: string
  memberId: string
  purpose: Purpose
  /** The artefact the member presents; without it, any usable consent of this member for this purpose serves. */
  consentId?: string | undefined
  now: Date
}

export type AuthoriseResult =
  | {
      allowed: true
      consent?: Consent
      categories: Category[]
      legalGround: string
      /** The profile's rule for the purpose, read in the same transaction: shown to other lenders. */
      hardInquiry: boolean
    }
  | { allowed: false; reason: string }

export interface AuthoriseDeps {
  store: Pick<ConsentStore, 'usable' | 'useConsent' | 'get' | 'expireDue'>
  profiles: Pick<ProfileSettings, 'current'>
  record: (tx: Tx | undefined, event: ConsentAuditEvent) => Promise<void>
}

const uuid = z.uuid()

export function createAuthorise({ store, profiles, record }: AuthoriseDeps) {
  return async function authorise(input: AuthoriseInput, tx: Tx): Promise<AuthoriseResult> {
    const { consumerKey, memberId, purpose, consentId, now } = input
    const base = {
      actor: { kind: 'member' as const, id: memberId },
      action: 'consent.checked' as const,
      purpose,
      target: consentId ?? null,
    }
    const refuse = async (reason: string, key: string | null = consumerKey): Promise<AuthoriseResult> => {
      await record(tx, { ...base, consumerKey: key, outcome: 'refused', reason })
      return { allowed: false, reason }
    }
    if (!uuid.safeParse(consumerKey).success) return refuse('the consumer key is not a UUID', null)
    if (consentId !== undefined && !uuid.safeParse(consentId).success)
      return refuse('the consent id is not a UUID')

    const { code, profile } = await profiles.current(tx)
    if (purpose === 'self_access')
      return refuse('self_access is the consumer’s own request, never a member’s')
    const rule = purposeRule(profile, purpose)
    if (rule === undefined) return refuse(`${purpose} is not a permissible purpose under ${code}`)

    if (!rule.consentRequired) {
      // The purpose itself is the legal ground (e.g. FCRA §604(a)(3)(A)); no artefact is consulted or spent.
      await record(tx, {
        ...base,
        consumerKey,
        outcome: 'allowed',
        details: { profile: code, legalGround: rule.legalGround },
      })
      return {
        allowed: true,
        categories: [...CATEGORIES],
        legalGround: rule.legalGround,
        hardInquiry: rule.hardInquiry,
      }
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
      if (consentId === undefined)
        return refuse(`${code} requires consent for ${purpose}: no usable consent of this member`)
      // Touching a consent marks its expiry (consent.model.ts effectiveStatus), then the true reason is told.
      await store.expireDue(tx, consumerKey, now, [consentId])
      const c = await store.get(tx, consumerKey, consentId, now)
      return refuse(
        unusableReason(c, memberId, purpose, now) ?? `consent ${consentId} was spent by a concurrent read`,
      )
    }
    const legalGround = `${rule.legalGround}; consent ${used.id}`
    await record(tx, {
      ...base,
      consumerKey,
      target: used.id,
      outcome: 'allowed',
      details: {
        profile: code,
        legalGround,
        uses: used.uses,
        spent: used.status === 'expired',
        categories: [...used.categories],
      },
    })
    return {
      allowed: true,
      consent: used,
      categories: [...used.categories],
      legalGround,
      hardInquiry: rule.hardInquiry,
    }
  }
}

export type Authorise = ReturnType<typeof createAuthorise>
