// The consent tables' rows as read, and the consent they hold (consent.store.ts and consent-spend.store.ts both
// read them).
import type { Category, Consent, ConsentActor, ConsentStatus } from './consent.model.ts'
import type { Purpose } from './jurisdiction.ts'

export type EventAction =
  'request' | 'approve' | 'reject' | 'pause' | 'resume' | 'revoke' | 'supersede' | 'use' | 'expire'

export interface ConsentEventRow {
  seq: number
  at: string
  actorKind: ConsentActor['kind']
  actorId: string
  action: EventAction
  fromStatus: ConsentStatus | null
  toStatus: ConsentStatus
}

export interface Row {
  consumer_key: string
  consent_id: string
  member_id: string
  purpose: Purpose
  categories: Category[]
  valid_from: Date
  valid_to: Date
  max_uses: number | null
  uses: number
  mode: Consent['mode']
  store_days: number | null
  status: ConsentStatus
  supersedes: string | null
  created_at: Date
  updated_at: Date
  decided_at: Date | null
  jws: string | null
}

export const toConsent = (r: Row): Consent => ({
  id: r.consent_id,
  consumerKey: r.consumer_key,
  memberId: r.member_id,
  purpose: r.purpose,
  categories: r.categories,
  validFrom: r.valid_from.toISOString(),
  validTo: r.valid_to.toISOString(),
  maxUses: r.max_uses,
  uses: r.uses,
  mode: r.mode,
  storeDays: r.store_days,
  status: r.status,
  supersedes: r.supersedes,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  decidedAt: r.decided_at?.toISOString() ?? null,
  jws: r.jws,
})
