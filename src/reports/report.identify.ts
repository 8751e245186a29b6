// Who the report is about and whether this principal may ask at all: the two checks before any of the file is
// read. Each says why it refuses, for the audit log; the lender only ever hears "not found" (report.service.ts).
import type { IdentityService } from '../identity/index.ts'
import type { Purpose } from '../consent/index.ts'
import { keyStandingRead, type KeyStanding } from '../members/index.ts'
import type { Db } from '../platform/db.ts'
import { runPlannedShared } from '../platform/planned.ts'
import type { Principal } from '../platform/http/index.ts'
import type { MatchMethod, ReportRequest } from './report.model.ts'

export type Match =
  { ok: true; consumerKey: string; method: MatchMethod } | { ok: false; reason: string; method: MatchMethod }

/** The national-ID token first; without one, name, birth date and postcode, which must match one consumer only. */
export async function identifyConsumer(
  identity: Pick<IdentityService, 'findConsumerByNationalId' | 'findConsumerByDemographics'>,
  r: ReportRequest,
): Promise<Match> {
  if (r.nationalId !== undefined) {
    const key = await identity.findConsumerByNationalId(r.nationalId.type, r.nationalId.value)
    return key === undefined
      ? { ok: false, method: 'id_token', reason: 'no consumer holds this national ID' }
      : { ok: true, method: 'id_token', consumerKey: key }
  }
  const m = await identity.findConsumerByDemographics({
    surname: r.surname ?? '',
    firstName: r.firstName ?? '',
    birthDate: r.birthDate ?? '',
    postcode: r.postcode ?? '',
    country: r.country,
  })
  const method = 'name_birth_postcode'
  if (m.match === 'unique') return { ok: true, method, consumerKey: m.consumerKey }
  return m.match === 'none'
    ? { ok: false, method, reason: 'no consumer matches the name, birth date and postcode' }
    : { ok: false, method, reason: `the name, birth date and postcode match ${m.candidates} consumers` }
}

/** Why this principal may not have any report, or undefined when it may ask. */
export function memberRefusal(p: Principal): string | undefined {
  if (p.kind !== 'member') return `a ${p.kind} is not a member: reports go to members with the user role`
  if (p.memberStatus === 'suspended') return `member ${p.id} is suspended`
  if (!p.roles.includes('user')) return `member ${p.id} does not have the user role`
  return undefined
}

/**
 * Why a principal that passed memberRefusal may not have a report after all, from its key and member as they
 * stand now (keyStandingRead, sent with the report's reads): its principal may come from the members' key cache,
 * which another process's revocation or suspension reaches only by its notice.
 */
export function standingRefusal(p: Principal, standing: KeyStanding): string | undefined {
  if (standing === 'revoked') return `API key ${p.keyId ?? ''} of member ${p.id} is revoked`
  if (standing === 'suspended') return `member ${p.id} is suspended`
  return undefined
}

/** Why a member's key that authenticated is revoked by now, or undefined: for a report that found no one. */
export async function revokedKeyRefusal(db: Db, p: Principal): Promise<string | undefined> {
  if (p.kind !== 'member' || p.keyId === undefined) return undefined
  const [standing] = await runPlannedShared(db, [keyStandingRead(p.id, p.keyId)] as const)
  return standing === 'revoked' ? standingRefusal(p, standing) : undefined
}

const ACCOUNT_PURPOSES: ReadonlySet<Purpose> = new Set(['account_review', 'collection'])

/**
 * Why this member may not name an account review or a collection as its purpose, or undefined. FCRA
 * §604(a)(3)(A) allows them for "review or collection of an account of the consumer": the member's own, one it
 * furnishes on this file. Anyone else could name them to read any file with a soft inquiry that other lenders
 * never see (found by probing: a lender with no account on the file read it whole as an account review).
 */
export function accountPurposeRefusal(
  purpose: Purpose,
  memberId: string,
  tradelines: readonly { furnisher_id: string }[],
): string | undefined {
  if (!ACCOUNT_PURPOSES.has(purpose) || tradelines.some((t) => t.furnisher_id === memberId)) return undefined
  return `the consumer holds no account with ${memberId}, so it has no ${purpose} to make (FCRA §604(a)(3)(A))`
}

/**
 * Why a security freeze stops this report, or undefined. FCRA §605A(i): a freeze stops reports for new credit.
 * Account reviews and collections go on only for a member with which the consumer has an account, one it
 * furnishes on this file (§605A(i)(4)(A)); anyone else could name those purposes to read a frozen file.
 */
export function freezeRefusal(
  frozen: boolean,
  purpose: Purpose,
  memberId: string,
  tradelines: readonly { furnisher_id: string }[],
): string | undefined {
  if (!frozen) return undefined
  const freeze = 'file frozen: a security freeze is in force (FCRA §605A(i))'
  if (purpose === 'credit_application') return `${freeze}, and a credit application is not exempt`
  if (accountPurposeRefusal(purpose, memberId, tradelines) !== undefined)
    return `${freeze}, and the consumer holds no account with ${memberId}`
  return undefined
}
