// Consent use cases: a member requests, the consumer decides, either side sees its own, and the report asks
// authorise() before every read. Refusals are recorded with their true reason in the transaction that commits
// (refused work writes nothing else), and then answered as AppError: "not found" whenever the caller may not
// know the consent exists (STYLE.md, Immich's access rule).
import { z } from 'zod'
import type { JurisdictionCode } from '../config.ts'
import type { Db, Tx } from '../platform/db.ts'
import { AppError } from '../platform/errors.ts'
import { mapped, type Planned } from '../platform/planned.ts'
import type { Principal } from '../platform/http/index.ts'
import { createAuthorise, type AuthoriseInput, type AuthoriseResult } from './authorise.ts'
import { auditActor, expiredEvents, type ConsentAuditEvent } from './consent-audit-event.ts'
import { createArtefactSigning } from './artefact-signing.ts'
import type { ConsentSigner, Jwks } from './consent-jws.ts'
import {
  actorOf,
  transition,
  visibleTo,
  type Category,
  type Consent,
  type ConsentAction,
  type ConsentActor,
  type ConsentStatus,
} from './consent.model.ts'
import type { PagePosition } from '../platform/page-cursor.ts'
import type { ConsentPage, ConsentStore } from './consent.store.ts'
import { spendConsent } from './consent-spend.store.ts'
import { createActivationCheck } from './activation-check.ts'
import { createProfileSettings, type CurrentProfile } from './profile-settings.ts'
import { recordedTx, type RecordEvent } from './recorded-tx.ts'
import { createRequestConsent } from './request-consent.ts'

export interface ConsentDeps {
  db: Db
  store: ConsentStore
  signer: ConsentSigner
  defaultJurisdiction: JurisdictionCode
  /** The consumer key behind a national ID, or undefined; throws invalid_input for a malformed number. */
  findConsumer: (type: string, raw: string) => Promise<string | undefined>
  /** Connected to the audit log by the composition root; inside `tx` when given. */
  record?: RecordEvent
  clock?: () => Date
  /** The least time in ms before a consent request is answered (request-consent.ts; default 100). */
  answerFloorMs?: number | undefined
}

export interface ListQuery {
  status?: ConsentStatus | undefined
  limit?: number | undefined
  /** Where the page before ended (its `last`): the consents after it, newest first. */
  before?: PagePosition | undefined
}

const PAST: Record<ConsentAction['type'], ConsentAuditEvent['action']> = {
  approve: 'consent.approved',
  reject: 'consent.rejected',
  pause: 'consent.paused',
  resume: 'consent.resumed',
  revoke: 'consent.revoked',
}

const uuid = z.uuid()

export function createConsentService(deps: ConsentDeps) {
  const { db, store, signer, findConsumer, record = async () => {}, clock = () => new Date() } = deps
  const profiles = createProfileSettings(store, deps.defaultJurisdiction)
  const { authorise, unusable } = createAuthorise({ store, profiles, record })

  const artefacts = createArtefactSigning(signer, db)
  const inTx = recordedTx(db, record)
  const activationCheck = createActivationCheck(store, profiles)
  const requestConsent = createRequestConsent({
    store,
    profiles,
    findConsumer,
    run: inTx,
    clock,
    answerFloorMs: deps.answerFloorMs,
  })

  /** The consent behind `id`, marked expired if due, if `actor` may know it exists; else a recorded refusal. */
  async function visible(
    tx: Tx,
    events: ConsentAuditEvent[],
    actor: ConsentActor,
    id: string,
    action: ConsentAuditEvent['action'],
    now: Date,
    lock: boolean,
  ) {
    const refused = (reason: string, consumerKey: string | null) => {
      events.push({ actor: auditActor(actor), action, consumerKey, target: id, outcome: 'refused', reason })
      return undefined
    }
    if (!uuid.safeParse(id).success) return refused('not a consent id', null)
    const consumerKey = await store.consumerOf(tx, id)
    if (consumerKey === undefined) return refused('no such consent', null)
    const expired = await store.expireDue(tx, consumerKey, now, [id])
    events.push(...expiredEvents(expired, consumerKey))
    const c = await store.get(tx, consumerKey, id, now, lock)
    if (c === undefined || !visibleTo(c, actor))
      return refused(`consent ${id} is not visible to this ${actor.kind}`, consumerKey)
    return c
  }

  const notFound = (id: string) => new AppError('not_found', `no consent ${id}`)

  async function act(principal: Principal, id: string, action: ConsentAction): Promise<Consent> {
    const actor = actorOf(principal)
    const now = clock()
    const outcome = await inTx(async (tx, events) => {
      const c = await visible(tx, events, actor, id, PAST[action.type], now, true)
      if (c === undefined) return { error: notFound(id) }
      const t = await activationCheck(tx, c, transition(c, action, actor, now), now)
      const base = { actor: auditActor(actor), consumerKey: c.consumerKey, target: id, purpose: c.purpose }
      if (!t.ok) {
        events.push({ ...base, action: PAST[action.type], outcome: 'refused', reason: t.reason })
        return { error: new AppError(t.code, t.code === 'not_found' ? `no consent ${id}` : t.reason) }
      }
      // A new signature on entry into `active` and at every change after it: the artefact a lender verifies
      // states the status the consent has. One never active (rejected while pending) has none.
      const next =
        t.to === 'active' || c.jws !== null ? await artefacts.signIn(tx, t.consent, now) : t.consent
      if (!(await store.update(tx, next, t.from)))
        throw new AppError('conflict', `consent ${id} changed meanwhile; try again`)
      await store.appendEvent(tx, {
        consumerKey: c.consumerKey,
        consentId: id,
        at: now,
        actor,
        action: action.type,
        from: t.from,
        to: t.to,
      })
      if (action.type === 'approve' || action.type === 'reject') await store.addMemberLookup(tx, next, now)
      events.push({
        ...base,
        action: PAST[action.type],
        outcome: 'done',
        details: { from: t.from, to: t.to, categories: [...next.categories] },
      })
      if (action.type === 'approve' && next.supersedes !== null) await supersede(tx, events, next, actor, now)
      return { consent: next }
    })
    if ('error' in outcome) throw outcome.error
    return outcome.consent
  }

  // On approval the superseded artefact is revoked, if it is still in force (checked at request time: same
  // member, consumer and purpose).
  async function supersede(
    tx: Tx,
    events: ConsentAuditEvent[],
    next: Consent,
    actor: ConsentActor,
    now: Date,
  ): Promise<void> {
    const oldId = next.supersedes
    if (oldId === null) return
    const old = await store.get(tx, next.consumerKey, oldId, now, true)
    if (old === undefined || (old.status !== 'active' && old.status !== 'paused')) return
    const revoked = await artefacts.signIn(
      tx,
      { ...old, status: 'revoked' as const, updatedAt: now.toISOString() },
      now,
    )
    if (!(await store.update(tx, revoked, old.status))) return
    await store.appendEvent(tx, {
      consumerKey: old.consumerKey,
      consentId: oldId,
      at: now,
      actor,
      action: 'supersede',
      from: old.status,
      to: 'revoked',
    })
    events.push({
      actor: auditActor(actor),
      action: 'consent.superseded',
      consumerKey: old.consumerKey,
      target: oldId,
      purpose: old.purpose,
      outcome: 'done',
      details: { supersededBy: next.id, from: old.status },
    })
  }

  return {
    authorise: (input: AuthoriseInput, tx: Tx): Promise<AuthoriseResult> => authorise(input, tx),

    // The same check in parts, for a caller that batches its statements (the lender report): the profile read
    // with its other reads, ruleOn (consent-check.ts) on it, the consent spent in its write batch (a batch that
    // fails with CONSENT_UNUSABLE when the consent cannot serve), and the true reason told afterwards.
    profileRead: (): Planned<CurrentProfile> => profiles.read(),
    /** The presented consent (as of `now`), or else the usable ones of this member for this purpose, oldest first. */
    candidatesRead: ({
      consumerKey,
      memberId,
      purpose,
      consentId,
      now,
    }: AuthoriseInput): Planned<Consent[]> =>
      consentId === undefined || !uuid.safeParse(consentId).success
        ? store.usableRead(consumerKey, memberId, purpose, now)
        : mapped(store.consentRead(consumerKey, consentId, now), (c) => (c === undefined ? [] : [c])),
    spendConsent,
    // The expiry it marks is recorded with it, in its own transaction (recorded-tx.ts), as visible() does.
    unusableReason: (input: AuthoriseInput, code: string): Promise<string> =>
      inTx((tx, events) => unusable(tx, events, input, code)),

    jwks: (): Promise<Jwks> => artefacts.jwks(),

    currentProfile: (): Promise<CurrentProfile> => db.transaction((tx) => profiles.current(tx)),

    /** The profile in force, read in the caller's transaction (a score inside a report's, say). */
    profileIn: (tx: Tx): Promise<CurrentProfile> => profiles.current(tx),

    async setProfile(code: string, actor: ConsentActor): Promise<CurrentProfile> {
      const now = clock()
      return inTx(async (tx, events) => {
        const { before, after } = await profiles.set(tx, code, now)
        events.push({
          actor: auditActor(actor),
          action: 'settings.jurisdiction_set',
          outcome: 'done',
          details: { from: before.code, to: after.code },
        })
        return after
      })
    },

    /** A member asks for consent; see request-consent.ts for why the answer never reveals who is on file. */
    request: requestConsent,

    approve: (p: Principal, id: string, categories?: readonly Category[]) =>
      act(p, id, { type: 'approve', categories }),
    reject: (p: Principal, id: string) => act(p, id, { type: 'reject' }),
    pause: (p: Principal, id: string) => act(p, id, { type: 'pause' }),
    resume: (p: Principal, id: string) => act(p, id, { type: 'resume' }),
    revoke: (p: Principal, id: string) => act(p, id, { type: 'revoke' }),

    async get(principal: Principal, id: string): Promise<Consent> {
      const actor = actorOf(principal)
      const now = clock()
      const c = await inTx((tx, events) => visible(tx, events, actor, id, 'consent.read', now, false))
      if (c === undefined) throw notFound(id)
      return artefacts.current(c, now)
    },

    /**
     * The principal's own, newest first, a page at a time: a consumer's consents by request, a member's decided
     * consents by decision (when each entered its list); operators see none here. `last` is there when more
     * follow: the next page's `before`.
     */
    async list(principal: Principal, q: ListQuery = {}): Promise<ConsentPage> {
      const actor = actorOf(principal)
      const now = clock()
      const page = { status: q.status, limit: Math.min(q.limit ?? 100, 500), before: q.before }
      const current = async ({ items, last }: ConsentPage): Promise<ConsentPage> => ({
        items: await Promise.all(items.map((c) => artefacts.current(c, now))),
        ...(last === undefined ? {} : { last }),
      })
      if (actor.kind === 'member')
        return current(await db.transaction((tx) => store.listForMember(tx, actor.memberId, now, page)))
      if (actor.kind !== 'consumer')
        throw new AppError('forbidden', 'consents are listed by their consumer or member')
      if (!uuid.safeParse(actor.consumerKey).success) return { items: [] }
      const listed = await inTx(async (tx, events) => {
        events.push(...expiredEvents(await store.expireDue(tx, actor.consumerKey, now), actor.consumerKey))
        return store.listForConsumer(tx, actor.consumerKey, now, page)
      })
      return current(listed)
    },
  }
}

export type ConsentService = ReturnType<typeof createConsentService>
