// The lender's report (DESIGN.md principle 2): identify the consumer, check the member, the freeze and the
// consent, read the file and record the inquiry, all in one transaction keyed by the consumer; then record the
// audit event through the batcher and answer. Every refusal, whatever its true reason, is answered exactly as
// an unknown consumer is (STYLE.md, Immich's access rule), and the audit log keeps the reason.
import { randomUUID } from 'node:crypto'
import type { AuditBatcher, AuditEvent } from '../audit/index.ts'
import type { Category, ConsentService, Purpose } from '../consent/index.ts'
import type { IdentityService } from '../identity/index.ts'
import type { Db, Tx } from '../platform/db.ts'
import { AppError } from '../platform/errors.ts'
import type { Principal } from '../platform/http/index.ts'
import type { RightsService } from '../rights/index.ts'
import { computeAttributes, type AttributeValues } from './attributes.ts'
import { DELETED_STATUSES, isAlternativePayment, type TradelineFact } from './attributes.model.ts'
import { toAttributeInquiry } from './attributes.store.ts'
import type { TradelineRow } from './file.store.ts'
import { insertInquiry } from './inquiry.store.ts'
import { assembleReport } from './report.build.ts'
import { fileReads } from './report.store.ts'
import type { LenderReport, MatchMethod, ReportRequest, ReportScore } from './report.model.ts'

/** What the scorer is given: the attributes the report computed, and who receives the score for what. */
export interface ReportScoreInput {
  consumerKey: string
  memberId: string
  purpose: Purpose
  inquiryId: string
  at: Date
  /** As of the report's day, from the file and the hard inquiries before this report. */
  attributes: AttributeValues
  /** The data categories the report releases. */
  categories: readonly Category[]
}

/**
 * Scores the consumer inside the report's transaction and records the score there; undefined when there is no
 * score to give (no champion for the segment, or categories that do not cover the model's attributes).
 */
export type ReportScorer = (tx: Tx, input: ReportScoreInput) => Promise<ReportScore | undefined>

export interface ReportDeps {
  db: Db
  identity: Pick<IdentityService, 'findConsumerByNationalId' | 'findConsumerByDemographics' | 'readIdentity'>
  consent: Pick<ConsentService, 'authorise'>
  rights: Pick<RightsService, 'protectionsOf'>
  /** The consent check's events are held for the report's transaction and recorded with the report's own. */
  audit: Pick<AuditBatcher, 'recordAll' | 'holdFor' | 'released'>
  /** The scoring module's scorer, injected by the composition root (scoring imports reports, not the reverse). */
  score?: ReportScorer | undefined
  clock?: () => Date
}

/** The one answer to every refused or unmatched request. */
export const NOT_AVAILABLE = 'no report is available for these identifiers'

type Match =
  { ok: true; consumerKey: string; method: MatchMethod } | { ok: false; reason: string; method: MatchMethod }

const factOf = (t: TradelineRow): TradelineFact => ({
  tradelineId: t.tradeline_id,
  furnisherId: t.furnisher_id,
  portfolioType: t.portfolio_type,
  accountType: t.account_type,
  dateOpened: t.date_opened,
  alternativePayment: isAlternativePayment(t.account_type, t.extra),
})

export function createReportService(deps: ReportDeps) {
  const { db, identity, consent, rights, audit, score, clock = () => new Date() } = deps

  async function identify(r: ReportRequest): Promise<Match> {
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
  function memberRefusal(p: Principal): string | undefined {
    if (p.kind !== 'member') return `a ${p.kind} is not a member: reports go to members with the user role`
    if (p.memberStatus === 'suspended') return `member ${p.id} is suspended`
    if (!p.roles.includes('user')) return `member ${p.id} does not have the user role`
    return undefined
  }

  return {
    async request(principal: Principal, input: ReportRequest): Promise<LenderReport> {
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

      const match = await identify(input)
      if (!match.ok) throw await refuse(match.reason, null, [], match.method)
      const consumerKey = match.consumerKey
      const refusal = memberRefusal(principal)
      if (refusal !== undefined) throw await refuse(refusal, consumerKey, [], match.method)
      if (purpose === undefined) throw await refuse('no purpose was given', consumerKey, [], match.method)

      const inquiryId = randomUUID()
      const asOf = now.toISOString().slice(0, 10)
      let held: AuditEvent[] = []
      const outcome = await db.transaction(async (tx) => {
        audit.holdFor(tx)
        try {
          const protections = await rights.protectionsOf(tx, consumerKey, now)
          // FCRA §605A(i): a freeze stops reports for new credit; account reviews and collections go on.
          if (protections.frozen && purpose === 'credit_application')
            return { refused: 'file frozen: a security freeze is in force (FCRA §605A(i))' } as const
          const auth = await consent.authorise(
            { consumerKey, memberId: principal.id, purpose, consentId: input.consentId, now },
            tx,
          )
          if (!auth.allowed) return { refused: auth.reason } as const
          const reads = await fileReads(tx.kysely, consumerKey)
          const rows = reads.tradelines.filter((t) => !DELETED_STATUSES.has(t.account_status))
          const earlier = reads.hardInquiries
          const hard = auth.hardInquiry
          await insertInquiry(tx.kysely, {
            id: inquiryId,
            consumerKey,
            memberId: principal.id,
            purpose,
            hard,
            legalGround: auth.legalGround,
            consentId: auth.consent?.id ?? null,
            at: now.toISOString(),
          })
          const attributes = computeAttributes(
            rows.flatMap((t) => t.snapshots),
            rows.map(factOf),
            earlier.map(toAttributeInquiry),
            asOf,
          )
          // Scored and recorded in the report's transaction: a score goes out only if its record commits.
          const scored = await score?.(tx, {
            consumerKey,
            memberId: principal.id,
            purpose,
            inquiryId,
            at: now,
            attributes,
            categories: auth.categories,
          })
          return { auth, protections, rows, earlier, hard, attributes, scored }
        } finally {
          held = audit.released(tx)
        }
      })
      if ('refused' in outcome) throw await refuse(outcome.refused, consumerKey, held, match.method)

      const { auth, protections, rows, earlier, hard, attributes, scored } = outcome
      const read: AuditEvent = {
        actor,
        action: 'report.read',
        consumerKey,
        target: inquiryId,
        purpose,
        outcome: 'allowed',
        details: {
          legalGround: auth.legalGround,
          consentId: auth.consent?.id ?? null,
          hard,
          categories: [...auth.categories],
          match: match.method,
          scoreModel: scored?.modelVersion ?? null,
        },
      }
      // The identity is decrypted by the identity module outside the transaction, only when it is released.
      const [person] = await Promise.all([
        auth.categories.includes('identity') ? identity.readIdentity(consumerKey) : undefined,
        audit.recordAll([...held, read]),
      ])
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
        alerts: protections.alerts,
        identity: person,
        tradelines: rows,
        attributes,
        inquiries: earlier
          .filter((q) => q.member.id !== principal.id)
          .map((q) => ({ member: q.member, purpose: q.purpose, at: q.at })),
        score: scored,
      })
    },
  }
}

export type ReportService = ReturnType<typeof createReportService>
