// All SQL of the consent module; its rows as read are in consent.rows.ts. Every function runs in the caller's
// transaction (`tx`): a report spends a consent in its own transaction, so that the read, the use and its audit
// event commit or vanish together. "Missing" is undefined or an empty list, never an exception.
import { sql, type RawBuilder } from 'kysely'
import type { Tx } from '../platform/db.ts'
import type { PagePosition } from '../platform/page-cursor.ts'
import { planned, runOn, type Planned } from '../platform/planned.ts'
import type { Consent, ConsentActor, ConsentStatus, Expiry } from './consent.model.ts'
import { actorId } from './consent.model.ts'
import { spending, useEventWrite } from './consent-spend.store.ts'
import { toConsent, type ConsentEventRow, type EventAction, type Row } from './consent.rows.ts'
import type { Purpose } from './jurisdiction.ts'
import { afterPosition, microsecondText, pageOfRows } from '../platform/keyset-page.ts'
import { memberPage } from './member-page.store.ts'

// Rows past valid_to or out of uses, still stored as live: the expiry that effectiveStatus computes.
const due = (now: Date) =>
  sql`status in ('pending', 'active', 'paused') and (valid_to <= ${now} or (max_uses is not null and uses >= max_uses))`

// Status as of `now` (consent.model.ts effectiveStatus), so reads and status filters agree before a row is marked.
const columns = (
  now: Date,
) => sql`consumer_key, consent_id, member_id, purpose, categories, valid_from, valid_to,
  max_uses, uses, mode, store_days, case when ${due(now)} then 'expired' else status end as status, supersedes,
  created_at, updated_at, decided_at, jws`

/** A keyset page (as the audit log's `before`): an offset would repeat a consent after one was added. */
export interface ListPage {
  status?: ConsentStatus | undefined
  limit: number
  before?: PagePosition | undefined
}

/** A page of consents; `last` is where it ended, there only when more follow. */
export interface ConsentPage {
  items: Consent[]
  last?: PagePosition
}

// Filtered, ordered and cut as the page asks (platform/keyset-page.ts).
const pageOf = async (tx: Tx, from: RawBuilder<unknown>, page: ListPage): Promise<ConsentPage> => {
  const r = await sql<Row & { at_text: string }>`select c.*, ${microsecondText(sql`c.created_at`)} as at_text
      from (${from}) c
    where ${page.status === undefined ? sql`true` : sql`status = ${page.status}`}
      and ${afterPosition(sql`c.created_at`, sql`c.consent_id`, page.before)}
    order by c.created_at desc, c.consent_id limit ${page.limit + 1}`.execute(tx.kysely)
  return pageOfRows(r.rows, page.limit, toConsent, (row) => ({ at: row.at_text, id: row.consent_id }))
}

const settingRead = (key: string): Planned<unknown> =>
  planned(
    sql<{ value: unknown }>`select value from bureau_settings where key = ${key}`,
    (rows) => rows[0]?.value,
  )

const consentRead = (
  consumerKey: string,
  consentId: string,
  now: Date,
  lock = false,
): Planned<Consent | undefined> =>
  planned(
    sql<Row>`select ${columns(now)} from consents
      where consumer_key = ${consumerKey} and consent_id = ${consentId} ${lock ? sql`for update` : sql``}`,
    (rows) => rows[0] && toConsent(rows[0]),
  )

/** The consumer's consents that could serve this member and purpose now, oldest first. */
const usableRead = (consumerKey: string, memberId: string, purpose: Purpose, now: Date): Planned<Consent[]> =>
  planned(
    sql<Row>`select ${columns(now)} from consents
      where consumer_key = ${consumerKey} and member_id = ${memberId} and purpose = ${purpose} and status = 'active'
        and valid_from <= ${now} and ${now} < valid_to and (max_uses is null or uses < max_uses)
      order by created_at, consent_id`,
    (rows) => rows.map(toConsent),
  )

export function createConsentStore() {
  async function appendEvent(
    tx: Tx,
    e: {
      consumerKey: string
      consentId: string
      at: Date
      actor: ConsentActor
      action: EventAction
      from: ConsentStatus | null
      to: ConsentStatus
    },
  ): Promise<void> {
    // Callers hold the consent's row lock (insert, select ... for update or a conditional update), so max(seq)
    // + 1 cannot be taken twice.
    await sql`insert into consent_events (consumer_key, consent_id, seq, at, actor_kind, actor_id, action, from_status, to_status)
      select ${e.consumerKey}, ${e.consentId}, coalesce(max(seq), 0) + 1, ${e.at}, ${e.actor.kind}, ${actorId(e.actor)},
             ${e.action}, ${e.from}, ${e.to}
        from consent_events where consumer_key = ${e.consumerKey} and consent_id = ${e.consentId}`.execute(
      tx.kysely,
    )
  }

  return {
    appendEvent,

    setting: (tx: Tx, key: string): Promise<unknown> => runOn(tx.kysely, settingRead(key)),
    settingRead,

    async putSetting(tx: Tx, key: string, value: unknown, now: Date): Promise<void> {
      await sql`insert into bureau_settings (key, value, updated_at) values (${key}, ${JSON.stringify(value)}::jsonb, ${now})
        on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`.execute(
        tx.kysely,
      )
    },

    /** Inserts a pending consent, its id lookup and its first event. */
    async insert(tx: Tx, c: Consent, actor: ConsentActor): Promise<void> {
      await sql`insert into consents (consumer_key, consent_id, member_id, purpose, categories, valid_from, valid_to, max_uses,
          uses, mode, store_days, status, supersedes, created_at, updated_at, decided_at, jws)
        values (${c.consumerKey}, ${c.id}, ${c.memberId}, ${c.purpose}, ${c.categories}::text[], ${c.validFrom}, ${c.validTo},
          ${c.maxUses}, ${c.uses}, ${c.mode}, ${c.storeDays}, ${c.status}, ${c.supersedes}, ${c.createdAt}, ${c.updatedAt},
          ${c.decidedAt}, ${c.jws})`.execute(tx.kysely)
      await sql`insert into consent_ids (consent_id, consumer_key) values (${c.id}, ${c.consumerKey})`.execute(
        tx.kysely,
      )
      await appendEvent(tx, {
        consumerKey: c.consumerKey,
        consentId: c.id,
        at: new Date(c.createdAt),
        actor,
        action: 'request',
        from: null,
        to: c.status,
      })
    },

    async consumerOf(tx: Tx, consentId: string): Promise<string | undefined> {
      const r = await sql<{
        consumer_key: string
      }>`select consumer_key from consent_ids where consent_id = ${consentId}`.execute(tx.kysely)
      return r.rows[0]?.consumer_key
    },

    /** One consent with its status as of `now`; `lock` holds its row until the transaction ends. */
    get: (
      tx: Tx,
      consumerKey: string,
      consentId: string,
      now: Date,
      lock = false,
    ): Promise<Consent | undefined> => runOn(tx.kysely, consentRead(consumerKey, consentId, now, lock)),
    consentRead,

    /** Writes a transition, only if the row still has the status it was read with; false when it had moved on. */
    async update(tx: Tx, c: Consent, from: ConsentStatus): Promise<boolean> {
      const r = await sql`update consents set status = ${c.status}, categories = ${c.categories}::text[],
          valid_from = ${c.validFrom}, updated_at = ${c.updatedAt}, decided_at = ${c.decidedAt}, jws = ${c.jws}
        where consumer_key = ${c.consumerKey} and consent_id = ${c.id} and status = ${from}`.execute(
        tx.kysely,
      )
      return (r.numAffectedRows ?? 0n) > 0n
    },

    /** Makes a decided consent visible in the member's list. */
    async addMemberLookup(tx: Tx, c: Consent, at: Date): Promise<void> {
      await sql`insert into member_consents (member_id, consent_id, consumer_key, created_at)
        values (${c.memberId}, ${c.id}, ${c.consumerKey}, ${at}) on conflict do nothing`.execute(tx.kysely)
    },

    /**
     * Marks the consumer's due consents expired (all, or those in `ids`) and records each; returns their ids and
     * when each expired: at its valid_to when that passed, not when this noticed it (a consent history that said
     * "expired" on the day the consumer next looked would misdate it), else now (its last use was spent).
     */
    async expireDue(tx: Tx, consumerKey: string, now: Date, ids?: readonly string[]): Promise<Expiry[]> {
      const only = ids === undefined ? sql`` : sql`and consent_id = any(${ids}::uuid[])`
      const r = await sql<{ consent_id: string; from_status: ConsentStatus; expired_at: Date }>`
        with d as (
          select consent_id, status, least(valid_to, ${now}) as expired_at
            from consents where consumer_key = ${consumerKey} and ${due(now)} ${only} for update
        )
        update consents c set status = 'expired', updated_at = d.expired_at
          from d where c.consumer_key = ${consumerKey} and c.consent_id = d.consent_id
        returning c.consent_id, d.status as from_status, d.expired_at`.execute(tx.kysely)
      for (const row of r.rows) {
        await appendEvent(tx, {
          consumerKey,
          consentId: row.consent_id,
          at: row.expired_at,
          actor: { kind: 'system', id: 'expiry' },
          action: 'expire',
          from: row.from_status,
          to: 'expired',
        })
      }
      return r.rows.map((row) => ({ id: row.consent_id, at: row.expired_at }))
    },

    listForConsumer: (tx: Tx, consumerKey: string, now: Date, page: ListPage): Promise<ConsentPage> =>
      pageOf(tx, sql`select ${columns(now)} from consents where consumer_key = ${consumerKey}`, page),

    /** Newest decision first, through the member's lookup table (member-page.store.ts). */
    listForMember: (tx: Tx, memberId: string, now: Date, page: ListPage): Promise<ConsentPage> =>
      memberPage(tx, memberId, columns(now), page),

    usable: (
      tx: Tx,
      consumerKey: string,
      memberId: string,
      purpose: Purpose,
      now: Date,
    ): Promise<Consent[]> => runOn(tx.kysely, usableRead(consumerKey, memberId, purpose, now)),
    usableRead,

    /** Spends one use (`spending`) and records it; undefined when the consent cannot serve this read now. */
    async useConsent(
      tx: Tx,
      consumerKey: string,
      consentId: string,
      memberId: string,
      purpose: Purpose,
      now: Date,
    ): Promise<Consent | undefined> {
      const use = { consumerKey, consentId, memberId, purpose, now }
      const r = await sql<Row>`${spending(use)} select * from used`.execute(tx.kysely)
      if (r.rows[0] === undefined) return undefined
      await runOn(tx.kysely, useEventWrite(use))
      return toConsent(r.rows[0])
    },

    async events(tx: Tx, consumerKey: string, consentId: string): Promise<ConsentEventRow[]> {
      const r = await sql<{
        seq: number
        at: Date
        actor_kind: ConsentActor['kind']
        actor_id: string
        action: EventAction
        from_status: ConsentStatus | null
        to_status: ConsentStatus
      }>`select seq, at, actor_kind, actor_id, action, from_status, to_status from consent_events
        where consumer_key = ${consumerKey} and consent_id = ${consentId} order by seq`.execute(tx.kysely)
      return r.rows.map((e) => ({
        seq: e.seq,
        at: e.at.toISOString(),
        actorKind: e.actor_kind,
        actorId: e.actor_id,
        action: e.action,
        fromStatus: e.from_status,
        toStatus: e.to_status,
      }))
    },
  }
}

export type ConsentStore = ReturnType<typeof createConsentStore>
