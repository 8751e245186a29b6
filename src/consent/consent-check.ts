// The pure parts of enforcement (DESIGN.md principle 2): what the jurisdiction profile rules of a member's read
// before any consent is touched, and the audit events of the check. authorise.ts runs them in a caller's
// transaction; the lender report runs them around its own statement batches.
import { z } from 'zod'
import type { JurisdictionCode } from '../config.ts'
import { hasSqlState } from '../platform/errors.ts'
import { CATEGORIES, type Category, type Consent } from './consent.model.ts'
import type { ConsentAuditEvent } from './consent-audit-event.ts'
import { purposeRule, type Purpose } from './jurisdiction.ts'
import type { CurrentProfile } from './profile-settings.ts'

export interface AuthoriseInput {
  consumerKey: string
  memberId: string
  purpose: Purpose
  /** The artefact the member presents; without it, any usable consent of this member for this purpose serves. */
  consentId?: string | undefined
  now: Date
}

export interface Allowed {
  allowed: true
  consent?: Consent
  categories: Category[]
  legalGround: string
  /** The profile's rule for the purpose: shown to other lenders when hard. */
  hardInquiry: boolean
}

export type AuthoriseResult = Allowed | { allowed: false; reason: string }

export type Ruling =
  | { kind: 'refused'; reason: string; consumerKey: string | null }
  /** The purpose itself is the legal ground; no artefact is consulted or spent. */
  | { kind: 'allowed'; result: Allowed; event: ConsentAuditEvent }
  /** A consent must be spent: the presented one, or else any usable one of this member for this purpose. */
  | { kind: 'consent'; code: JurisdictionCode; legalGround: string; hardInquiry: boolean }

/** The SQLSTATE of a statement batch whose consent could not be spent (migrations/0009_require.sql). */
export const CONSENT_UNUSABLE = 'OB001'

export const isConsentUnusable = (e: unknown): boolean => hasSqlState(e, CONSENT_UNUSABLE)

const uuid = z.uuid()

function checked(input: AuthoriseInput) {
  return {
    actor: { kind: 'member' as const, id: input.memberId },
    action: 'consent.checked' as const,
    purpose: input.purpose,
    target: input.consentId ?? null,
  }
}

export function refusedEvent(
  input: AuthoriseInput,
  reason: string,
  consumerKey: string | null,
): ConsentAuditEvent {
  return { ...checked(input), consumerKey, outcome: 'refused', reason }
}

export function ruleOn({ code, profile }: CurrentProfile, input: AuthoriseInput): Ruling {
  const { consumerKey, purpose, consentId } = input
  const refused = (reason: string, key: string | null = consumerKey): Ruling => ({
    kind: 'refused',
    reason,
    consumerKey: key,
  })
  if (!uuid.safeParse(consumerKey).success) return refused('the consumer key is not a UUID', null)
  if (consentId !== undefined && !uuid.safeParse(consentId).success)
    return refused('the consent id is not a UUID')
  if (purpose === 'self_access') return refused('self_access is the consumer’s own request, never a member’s')
  const rule = purposeRule(profile, purpose)
  if (rule === undefined) return refused(`${purpose} is not a permissible purpose under ${code}`)
  // A consent the member presents governs the read even where the purpose alone would do (consent first,
  // DESIGN.md principle 2): the categories the consumer narrowed it to and its uses are kept, and a revoked,
  // spent or other-purpose consent refuses the read instead of being set aside without a word.
  if (rule.consentRequired || consentId !== undefined)
    return { kind: 'consent', code, legalGround: rule.legalGround, hardInquiry: rule.hardInquiry }
  // E.g. FCRA §604(a)(3)(A): the purpose is the ground.
  return {
    kind: 'allowed',
    result: {
      allowed: true,
      categories: [...CATEGORIES],
      legalGround: rule.legalGround,
      hardInquiry: rule.hardInquiry,
    },
    event: {
      ...checked(input),
      consumerKey,
      outcome: 'allowed',
      details: { profile: code, legalGround: rule.legalGround },
    },
  }
}

/** The read allowed by the consent just spent, and the event that says so. */
export function allowedBy(
  ruling: Extract<Ruling, { kind: 'consent' }>,
  used: Consent,
  input: AuthoriseInput,
): { result: Allowed; event: ConsentAuditEvent } {
  const legalGround = `${ruling.legalGround}; consent ${used.id}`
  return {
    result: {
      allowed: true,
      consent: used,
      categories: [...used.categories],
      legalGround,
      hardInquiry: ruling.hardInquiry,
    },
    event: {
      ...checked(input),
      consumerKey: input.consumerKey,
      target: used.id,
      outcome: 'allowed',
      details: {
        profile: ruling.code,
        legalGround,
        uses: used.uses,
        spent: used.status === 'expired',
        categories: [...used.categories],
      },
    },
  }
}
