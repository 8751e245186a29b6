// The lender's report (DESIGN.md principle 2): identify the consumer, check the member, the freeze and the
// consent, read the file and record the inquiry; then record the audit event through the batcher and answer.
// Every refusal, whatever its true reason, is answered exactly as an unknown consumer is (STYLE.md, Immich's
// access rule), and the audit log keeps the reason.
//
// Round trips are most of a report's cost (bench/steps/http.ts), so after the national-ID lookup the report
// makes two: the reads of four modules in one batch (protections, profile, file, sealed identity, the consent
// to spend), nothing of which is released before the consent is spent; then the writes (the consent's use, the
// inquiry, the score) and the audit events that record them, in one batch and one transaction (report.record.ts).
// The reads share their round trip with the concurrent reports' (Db.sharedBatch), and the writes their round
// trip and commit (the batcher).
import { randomUUID } from 'node:crypto'
import type { AuditBatcher, AuditEvent } from '../audit/index.ts'
import {
  refusedEvent,
  ruleOn,
  unusableReason,
  type AuthoriseInput,
  type Consent,
  type ConsentService,
} from '../consent/index.ts'
import type { IdentityService } from '../identity/index.ts'
import { keyStandingRead } from '../members/index.ts'
import type { Db } from '../platform/db.ts'
import { AppError } from '../platform/errors.ts'
import { KeyedGate } from '../platform/keyed-gate.ts'
import { INVALID_CREDENTIAL, type Principal } from '../platform/http/index.ts'
import { runOn, runPlannedShared } from '../platform/planned.ts'
import type { RightsService } from '../rights/index.ts'
import { computeAttributes } from './attributes.ts'
import type { ReportScorer } from './report.scorer.ts'
import { DELETED_STATUSES } from './attributes.model.ts'
import { toAttributeInquiry, tradelineFactOf } from './attributes.store.ts'
import { inquiryWrite } from './inquiry.store.ts'
import { assembleReport } from './report.build.ts'
import { withoutObsolete } from './obsolete.ts'
import { reportReadEvent } from './report-read-event.ts'
import { withRefusalFloor } from './refusal-floor.ts'
import { tradelineAliases } from './tradeline-alias.ts'
import { recordReport, type ReportWrites } from './report.record.ts'
import {
  accountPurposeRefusal,
  freezeRefusal,
  identifyConsumer,
  memberRefusal,
  revokedKeyRefusal,
  standingRefusal,
} from './report.identify.ts'
import { fileRead } from './report.store.ts'
import { oldestShownInquiry, shownInquiries } from './inquiry-retention.ts'
import type { LenderReport, MatchMethod, ReportRequest } from './report.model.ts'

export interface ReportDeps {
  db: Db
  identity: Pick<
    IdentityService,
    'findConsumerByNationalId' | 'findConsumerByDemographics' | 'sealedIdentityRead' | 'openIdentity'
  >
  consent: Pick<ConsentService, 'profileRead' | 'candidatesRead' | 'spendConsent' | 'unusableReason'>
  rights: Pick<RightsService, 'protectionsRead' | 'openAlerts'>
  audit: Pick<AuditBatcher, 'recordAll' | 'recordAfter' | 'recordFrom'>
  /** The key of the tradeline ids a lender is shown (tradelineAliasKey of the master key: tradeline-alias.ts). */
  tradelineKey: Uint8Array
  /** The scoring module's scorer, injected by the composition root (scoring imports reports, not the reverse). */
  score?: ReportScorer | undefined
  clock?: () => Date
  /** The least time in ms before a refusal or an unknown consumer is answered (refusal-floor.ts; default 100). */
  refusalFloorMs?: number | undefined
}

/** The one answer to every refused or unmatched request. */
export const NOT_AVAILABLE = 'no report is available for these identifiers'

// Told as the authentication hook tells any token that is no live key: a revoked key's holder must not learn
// more here than elsewhere (RFC 6750 §3.1 invalid_token).
const REVOKED = new AppError('unauthenticated', INVALID_CREDENTIAL)

export function createReportService(deps: ReportDeps) {
  const { db, identity, consent, rights, audit, score, tradelineKey } = deps
  const { clock = () => new Date(), refusalFloorMs = 100 } = deps
  // Reports under one consent take turns in this process: each reads the use count that the one before left,
  // so its use holds, where a use that raced another would send its whole write batch round again. Across
  // processes the use still requires the count it read (below).
  const consentTurns = new KeyedGate()

  const answer = async (principal: Principal, input: ReportRequest): Promise<LenderReport> => {
    const now = clock()
    const actor = { kind: principal.kind, id: principal.id }
    const purpose = input.purpose
    const refuse = async (
      reason: string,
      consumerKey: string | null,
      held: AuditEvent[],
      method: MatchMethod,
    ) => {
      await audit.recordAll([
        ...held,
        {
          actor,
          action: 'report.refused',
          consumerKey,
          target: input.consentId ?? null,
          purpose: purpose ?? null,
          outcome: 'refused',
          reason,
          details: { match: method },
        },
      ])
      return new AppError('not_found', NOT_AVAILABLE)
    }

    const match = await identifyConsumer(identity, input)
    if (!match.ok) {
      // A key revoked since the key cache took it in is told 401 whether or not anyone is found: found by
      // probing, only a consumer on file reached the key's check below, so a 401 said who is on file.
      const revoked = await revokedKeyRefusal(db, principal)
      if (revoked !== undefined) {
        await refuse(revoked, null, [], match.method)
        throw REVOKED
      }
      throw await refuse(match.reason, null, [], match.method)
    }
    const consumerKey = match.consumerKey
    const refusal = memberRefusal(principal)
    if (refusal !== undefined) throw await refuse(refusal, consumerKey, [], match.method)
    if (purpose === undefined) throw await refuse('no purpose was given', consumerKey, [], match.method)

    const inquiryId = randomUUID()
    const asOf = now.toISOString().slice(0, 10)
    const memberId = principal.id
    const check: AuthoriseInput = { consumerKey, memberId, purpose, consentId: input.consentId, now }
    const reads = [
      rights.protectionsRead(consumerKey, now),
      consent.profileRead(),
      fileRead(consumerKey, oldestShownInquiry(asOf)),
      identity.sealedIdentityRead(consumerKey),
      // The caller's key and member as they stand now: its principal may come from the members' key cache.
      keyStandingRead(memberId, principal.keyId),
    ] as const
    // The presented consent is read with the rest; without one (any usable consent of the member serves, a
    // rare case) the candidates are read only if the profile asks for consent.
    const [protections, current, file, sealed, standing, presented] =
      input.consentId === undefined
        ? [...(await runPlannedShared(db, reads)), undefined]
        : await runPlannedShared(db, [...reads, consent.candidatesRead(check)] as const)
    // Refused before anything is released: a suspended member as memberRefusal does, a revoked key with 401.
    const stale = standingRefusal(principal, standing)
    if (stale !== undefined) {
      const refused = await refuse(stale, consumerKey, [], match.method)
      throw standing === 'revoked' ? REVOKED : refused
    }
    // An account its furnisher deleted (DA, DF) is none of the consumer's: not shown, and no ground for an account
    // review or a freeze's exemption (a row stored before ingestion removed them).
    const live = file.tradelines.filter((t) => !DELETED_STATUSES.has(t.account_status))
    const frozenOut = freezeRefusal(protections.frozen, purpose, memberId, live)
    if (frozenOut !== undefined) throw await refuse(frozenOut, consumerKey, [], match.method)
    const ruling = ruleOn(current, check)
    if (ruling.kind === 'refused')
      throw await refuse(
        ruling.reason,
        consumerKey,
        [refusedEvent(check, ruling.reason, ruling.consumerKey)],
        match.method,
      )
    // On the purpose alone; a consent the consumer gave the member for it stands on its own.
    const stranger = ruling.kind === 'allowed' && accountPurposeRefusal(purpose, memberId, live)
    if (stranger) throw await refuse(stranger, consumerKey, [], match.method)
    const unusable = async (presented: string | undefined) => {
      // As the consent stands when its use failed, which may be after the request came in (report.record.ts).
      const reason = await consent.unusableReason(
        { ...check, consentId: presented, now: clock() },
        current.code,
      )
      return refuse(reason, consumerKey, [refusedEvent(check, reason, consumerKey)], match.method)
    }
    // The consent to spend, checked as read; its use below re-checks it under the row lock.
    const candidate: Consent | undefined =
      ruling.kind !== 'consent'
        ? undefined
        : (presented ?? (await runOn(db.kysely, consent.candidatesRead(check))))[0]
    if (
      ruling.kind === 'consent' &&
      (candidate === undefined || unusableReason(candidate, memberId, purpose, now) !== undefined)
    )
      throw await unusable(input.consentId)

    // Negative accounts past the profile's retention period are neither shown nor counted nor scored
    // (obsolete.ts: FCRA §605(a), KHR Act §9, ...), nor are the obsolete months of the accounts kept
    // (obsolete-months.ts); the consumer's own file keeps them.
    const rows = withoutObsolete(live, current.profile, asOf)
    const earlier = shownInquiries(file.hardInquiries, current.profile.inquiryRetentionMonths, asOf)
    const hard = ruling.kind === 'consent' ? ruling.hardInquiry : ruling.result.hardInquiry
    const attributes = computeAttributes(
      rows.flatMap((t) => t.snapshots),
      rows.map(tradelineFactOf),
      earlier.map(toAttributeInquiry),
      asOf,
      current.profile,
    )
    const writesFor = async (c: Consent | undefined): Promise<ReportWrites> => {
      const categories = c?.categories ?? (ruling.kind === 'allowed' ? ruling.result.categories : [])
      const scored = await score?.({
        consumerKey,
        memberId,
        purpose,
        inquiryId,
        at: now,
        attributes,
        categories,
        scoreRange: current.profile.scoreRange,
      })
      const legalGround =
        ruling.kind === 'consent' ? `${ruling.legalGround}; consent ${c!.id}` : ruling.result.legalGround
      const inquiry = inquiryWrite({
        id: inquiryId,
        consumerKey,
        memberId,
        purpose,
        hard,
        legalGround,
        consentId: c?.id ?? null,
        at: now.toISOString(),
      }).query
      return {
        statements: [inquiry, ...(scored ? [scored.write.query] : [])],
        readEvent: (auth) =>
          reportReadEvent(
            {
              actor,
              consumerKey,
              inquiryId,
              purpose,
              hard,
              match: match.method,
              scoreModel: scored?.score.modelVersion,
            },
            auth,
          ),
        score: scored?.score,
      }
    }
    const recorded = await recordReport({
      audit,
      ruling,
      check,
      candidate,
      writesFor,
      use: (c, at, expectedUses) =>
        consent.spendConsent({ consumerKey, consentId: c.id, memberId, purpose, now: at, expectedUses }),
      clock,
      others:
        input.consentId === undefined
          ? async () => runOn(db.kysely, consent.candidatesRead(check))
          : undefined,
    })
    if (recorded === undefined) throw await unusable(input.consentId)
    const { auth } = recorded
    // The identity is decrypted only when the consent releases it.
    const person = auth.categories.includes('identity')
      ? identity.openIdentity(consumerKey, sealed)
      : undefined
    return assembleReport({
      reportId: inquiryId,
      generatedAt: now.toISOString(),
      consumerKey,
      match: match.method,
      purpose,
      legalGround: auth.legalGround,
      consent: auth.consent,
      hard,
      categories: auth.categories,
      // FCRA §605A(h): every user is shown the alerts in force, with the contact numbers the consumer designated.
      alerts: await rights.openAlerts(consumerKey, protections.alerts),
      identity: person,
      tradelines: rows,
      retention: current.profile,
      tradelineAliases: tradelineAliases(tradelineKey, memberId),
      attributes,
      // Every earlier hard inquiry, the asking member's own included: the same set the counts and the score
      // are taken from, which must not depend on who asks.
      inquiries: earlier.map((q) => ({ member: q.member, purpose: q.purpose, at: q.at })),
      score: recorded.writes.score,
    })
  }

  return {
    async request(principal: Principal, input: ReportRequest): Promise<LenderReport> {
      return withRefusalFloor(refusalFloorMs, async () => {
        const leave = input.consentId === undefined ? undefined : await consentTurns.enter(input.consentId)
        try {
          return await answer(principal, input)
        } finally {
          leave?.()
        }
      })
    },
  }
}

export type ReportService = ReturnType<typeof createReportService>
