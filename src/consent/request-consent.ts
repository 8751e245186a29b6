// A member asks a consumer for consent. The answer is 202 with an id and `pending` whether or not the national
// ID is on file: for nobody the bureau creates nothing (it cannot ask nobody), records the true reason, and
// the id simply never activates. A member sees a consent only once the consumer has decided
// (consent.model.ts visibleTo), so listing and fetching cannot tell the two apart either. Every check that can
// refuse runs before the look-up and depends only on what the member already knows.
import { randomUUID } from 'node:crypto'
import { AppError } from '../platform/errors.ts'
import { withAnswerFloor } from '../platform/answer-floor.ts'
import type { Principal } from '../platform/http/index.ts'
import { auditActor } from './consent-audit-event.ts'
import { consentRequestSchema, consentTerms, supersedableReason } from './consent-terms.ts'
import { actorOf, type Consent } from './consent.model.ts'
import type { ConsentStore } from './consent.store.ts'
import { purposeRule } from './jurisdiction.ts'
import type { ProfileSettings } from './profile-settings.ts'
import type { RecordedTx } from './recorded-tx.ts'

/** The answer to a request, the same whether or not the national ID is on file. */
export interface RequestReceipt {
  id: string
  status: 'pending'
}

export interface RequestConsentDeps {
  store: Pick<ConsentStore, 'consumerOf' | 'get' | 'insert'>
  profiles: Pick<ProfileSettings, 'current'>
  findConsumer: (type: string, raw: string) => Promise<string | undefined>
  run: RecordedTx
  clock: () => Date
  /** The least time in ms before a request is answered (default 100), as a refused report is (refusal-floor.ts). */
  answerFloorMs?: number | undefined
}

export function createRequestConsent(deps: RequestConsentDeps) {
  const { answerFloorMs = 100 } = deps
  const requestConsent = createRequest(deps)
  // The answer is the same whether or not the national ID is on file; found by probing, its time was not: a
  // consumer on file costs three more rows. Every answer but a malformed request waits out one floor.
  return (principal: Principal, input: unknown): Promise<RequestReceipt> =>
    withAnswerFloor(
      answerFloorMs,
      () => requestConsent(principal, input),
      (failed, e) => !failed || !(e instanceof AppError && e.code === 'invalid_input'),
    )
}

function createRequest({ store, profiles, findConsumer, run, clock }: RequestConsentDeps) {
  return async function requestConsent(principal: Principal, input: unknown): Promise<RequestReceipt> {
    const now = clock()
    const actor = actorOf(principal)
    const id = randomUUID()
    const parsed = consentRequestSchema.safeParse(input)
    if (!parsed.success) {
      throw new AppError(
        'invalid_input',
        `invalid consent request: ${parsed.error.message}`,
        parsed.error.issues,
      )
    }
    const r = parsed.data
    const receipt: RequestReceipt = { id, status: 'pending' }
    // Looked up before the transaction opens: the identity module reads on its own connection, and PGlite has
    // only one. The answer is used (and a malformed number refused) only after every other check, as before.
    const lookup = await findConsumer(r.nationalId.type, r.nationalId.value).then(
      (key) => ({ ok: true as const, key }),
      (error: unknown) => ({ ok: false as const, error }),
    )
    const outcome = await run(async (tx, events) => {
      const base = {
        actor: auditActor(actor),
        action: 'consent.requested' as const,
        target: id,
        purpose: r.purpose,
      }
      const refuse = (error: AppError, reason = error.message) => {
        events.push({ ...base, consumerKey: null, outcome: 'refused', reason })
        return { error }
      }
      if (actor.kind !== 'member') {
        return refuse(
          new AppError('forbidden', 'only a member requests consent'),
          `a ${actor.kind} cannot request consent`,
        )
      }
      if (principal.memberStatus !== 'active' || !principal.roles.includes('user')) {
        return refuse(new AppError('forbidden', 'requires an active member with the user role'))
      }
      const { code, profile } = await profiles.current(tx)
      const limits = {
        allowed: purposeRule(profile, r.purpose) !== undefined,
        maxConsentDays: profile.maxConsentDays,
      }
      const checked = consentTerms(r, limits, now)
      if (!checked.ok) return refuse(new AppError('unprocessable', `${checked.reason} (${code})`))
      const terms = checked.terms
      let old: Consent | undefined
      if (terms.supersedes !== null) {
        const key = await store.consumerOf(tx, terms.supersedes)
        old = key === undefined ? undefined : await store.get(tx, key, terms.supersedes, now)
        const why = supersedableReason(old, actor.memberId, terms.purpose, now)
        if (why !== undefined) return refuse(new AppError('unprocessable', why))
      }
      if (!lookup.ok) {
        // A malformed number is refused whoever it might name; the message says what is wrong with it.
        if (lookup.error instanceof AppError) return refuse(lookup.error)
        throw lookup.error
      }
      const consumerKey = lookup.key
      if (consumerKey === undefined || (old !== undefined && old.consumerKey !== consumerKey)) {
        const reason =
          consumerKey === undefined
            ? 'no consumer on file with that national ID'
            : 'supersedes names a consent of another consumer'
        events.push({
          ...base,
          consumerKey: null,
          outcome: 'refused',
          reason,
          details: { answered: 'accepted' },
        })
        return { receipt }
      }
      const at = now.toISOString()
      const consent: Consent = {
        id,
        consumerKey,
        memberId: actor.memberId,
        ...terms,
        uses: 0,
        status: 'pending',
        createdAt: at,
        updatedAt: at,
        decidedAt: null,
        jws: null,
      }
      await store.insert(tx, consent, actor)
      events.push({
        ...base,
        consumerKey,
        outcome: 'done',
        details: { categories: [...terms.categories], mode: terms.mode },
      })
      return { receipt }
    })
    if ('error' in outcome) throw outcome.error
    return outcome.receipt
  }
}
