// All SQL of the audit log. Appends lock the one chain-head row (select ... for update) in the caller's
// transaction: concurrent appenders on any connection queue there, so each one links to the event that
// committed before it and numbers without gaps; a rolled-back transaction releases the lock and leaves nothing.
// appendIfHead skips the select: its UPDATE of the head takes the same row lock, and writes only if the head
// is still the one its events were linked to. appendAtHead is the same append as a statement for someone else's
// batch, which it fails when the head moved, so that the work it records is not written without it.
import { sql, type CompiledQuery, type RawBuilder } from 'kysely'
import type { AnyKysely, Db, Tx } from '../platform/db.ts'
import { hasSqlState } from '../platform/errors.ts'
import { planned } from '../platform/planned.ts'
import type { ActorKind, AuditDetails, AuditRecord, ChainHead, Outcome } from './audit.model.ts'
import { KEYED_ACTION } from './chain-mac.ts'

interface EventRow {
  seq: number
  occurred_at: string
  actor_kind: ActorKind
  actor_id: string
  action: string
  consumer_key: string | null
  target: string | null
  purpose: string | null
  outcome: Outcome
  reason: string | null
  details: AuditDetails
  prev_hash: string
  salt: string | null
  hash: string
  mac: string | null
}

// The time exactly as it is hashed: UTC, microseconds (timestamptz precision), so that an edit of any digit shows.
const UTC_MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`
const COLUMNS = sql.raw(
  `seq, to_char(occurred_at at time zone 'UTC', ${UTC_MICROS}) as occurred_at, actor_kind, actor_id, action,
   consumer_key, target, purpose, outcome, reason, details, prev_hash, salt, hash, mac`,
)
// The seq numbers the audit module appends: lists never show a row outside them, which verify reports instead
// (migrations/0013_audit_seq_exact.sql).
const APPENDED = sql.raw(`seq > 0 and seq <= ${Number.MAX_SAFE_INTEGER}`)
// 15 parameters a row: 1000 rows stay far below PostgreSQL's 65535 parameters per statement.
const INSERT_CHUNK = 1000

const toRecord = (r: EventRow): AuditRecord => ({
  seq: r.seq,
  occurredAt: r.occurred_at,
  actor: { kind: r.actor_kind, id: r.actor_id },
  action: r.action,
  consumerKey: r.consumer_key,
  target: r.target,
  purpose: r.purpose,
  outcome: r.outcome,
  reason: r.reason,
  details: r.details,
  prevHash: r.prev_hash,
  salt: r.salt,
  hash: r.hash,
  mac: r.mac,
})

// Every value typed: in `insert ... select` (appendIfHead) PostgreSQL cannot take the types from the columns.
const valuesOf = (r: AuditRecord): RawBuilder<unknown> =>
  sql`(${r.seq}::bigint, ${r.occurredAt}::timestamptz, ${r.actor.kind}::text, ${r.actor.id}::text, ${r.action}::text,
    ${r.consumerKey}::uuid, ${r.target}::text, ${r.purpose}::text, ${r.outcome}::text, ${r.reason}::text,
    ${JSON.stringify(r.details)}::jsonb, ${r.prevHash}::text, ${r.salt}::text, ${r.hash}::text, ${r.mac}::text)`

/** SQLSTATE of appendAtHead's failure (migrations/0009_require.sql): another appender moved the head first. */
export const AUDIT_HEAD_MOVED = 'OB002'
/** SQLSTATE of an append whose pending events another process chained first (chainPending). */
export const AUDIT_PENDING_TAKEN = 'OB003'
const PENDING_TAKEN = 'pending audit events were chained by another process first'

/**
 * The statement that stores `events` of work committed in the same transaction until they are chained, with
 * their seal (pending-seal.ts).
 */
export function pendingInsert(pendingId: string, eventsJson: string, mac: string): CompiledQuery {
  return planned(
    sql`insert into audit_pending (pending_id, events, mac) values (${pendingId}::uuid, ${eventsJson}::jsonb, ${mac})`,
    () => undefined,
  ).query
}

/** A set of pending events as stored. */
export interface PendingSet {
  pendingId: string
  events: unknown
  mac: string
  /** The set was chained before (audit_pending_chained): a copy put back, never to be chained again. */
  replayed: boolean
}
export const isAuditHeadMoved = (e: unknown): boolean => hasSqlState(e, AUDIT_HEAD_MOVED)
export const isAuditPendingTaken = (e: unknown): boolean => hasSqlState(e, AUDIT_PENDING_TAKEN)

/** Most events one statement appends. */
export const MAX_EVENTS_A_STATEMENT = INSERT_CHUNK

// The ids of the sets in `taken` go to audit_pending_chained (migrations/0019) in the transaction that chains
// them, so that a copy put back later is refused; the primary key fails an append that would chain one again.
const recordChained = sql`recorded as (insert into audit_pending_chained (pending_id) select pending_id from taken)`

// A concurrent appender holds the head's row lock; once it commits, the UPDATE re-checks its WHERE against the
// moved head (Read Committed, PostgreSQL 15 docs §13.2.1), matches nothing, and the insert sees no moved row:
// nothing is written. A data-modifying WITH runs once; its RETURNING is what the rest of the statement sees of
// it (§7.8.4).
const movedAndInserted = (
  expected: ChainHead,
  records: readonly AuditRecord[],
  pendingIds: readonly string[] = [],
) => {
  const last = records.at(-1)!
  return sql`with moved as (
      update audit_head set seq = ${last.seq}, hash = ${last.hash}
      where id = 1 and seq = ${expected.seq} and hash = ${expected.hash} returning id),
    inserted as (
      insert into audit_events
        (seq, occurred_at, actor_kind, actor_id, action, consumer_key, target, purpose, outcome, reason, details,
         prev_hash, salt, hash, mac)
      select * from (values ${sql.join(records.map(valuesOf))}) as v
      where exists (select 1 from moved)
      returning seq),
    taken as (
      delete from audit_pending where pending_id = any(${pendingIds}::uuid[]) and exists (select 1 from moved)
      returning pending_id),
    ${recordChained}`
}

// The pending events must all be taken by the append that chains them: fewer means another process chained
// some of them meanwhile, and the append is undone rather than chaining them twice.
const allTaken = (pendingIds: readonly string[]) =>
  sql`ob_require(not exists (select 1 from moved) or (select count(*) from taken) = ${pendingIds.length},
                 ${PENDING_TAKEN}, ${AUDIT_PENDING_TAKEN})`

/**
 * The append of `records` (linked after `expected`, at most MAX_EVENTS_A_STATEMENT of them) as one statement to
 * run in another module's batch: it fails with AUDIT_HEAD_MOVED, and so fails the batch, when the head is no
 * longer `expected`. It takes the pending events `pendingIds` that the records chain (AUDIT_PENDING_TAKEN when
 * one is gone).
 */
export function appendAtHead(
  expected: ChainHead,
  records: readonly AuditRecord[],
  pendingIds: readonly string[] = [],
): CompiledQuery {
  if (records.length === 0 || records.length > INSERT_CHUNK)
    throw new Error(`appendAtHead takes 1 to ${INSERT_CHUNK} events, not ${records.length}`)
  return planned(
    sql`${movedAndInserted(expected, records, pendingIds)}
      select ob_require(exists (select 1 from moved), 'the audit chain head moved', ${AUDIT_HEAD_MOVED}),
             ${allTaken(pendingIds)}`,
    () => undefined,
  ).query
}

const insertEvents = (rows: readonly AuditRecord[]) => sql`insert into audit_events
  (seq, occurred_at, actor_kind, actor_id, action, consumer_key, target, purpose, outcome, reason, details, prev_hash, salt,
   hash, mac)
  values ${sql.join(rows.map(valuesOf))}`

export interface AuditStore {
  /** Locks the chain head until the transaction ends; `now` is the database clock, as hashed. */
  lockHead(tx: Tx): Promise<(ChainHead & { now: string }) | undefined>
  /** Inserts linked events and moves the head to the last one, in the transaction that locked it. */
  insertLinked(tx: Tx, records: readonly AuditRecord[]): Promise<void>
  /**
   * Inserts linked events and moves the head to the last one in one statement, only if the head is still
   * `expected`. False, with nothing written, when another appender moved the head first or there are more events
   * than one statement takes (INSERT_CHUNK).
   */
  appendIfHead(
    expected: ChainHead,
    records: readonly AuditRecord[],
    pendingIds?: readonly string[],
  ): Promise<boolean>
  /** Which of these sets of pending events are still waiting (not chained yet). */
  pendingStill(pendingIds: readonly string[]): Promise<Set<string>>
  /** Deletes these pending events in the transaction that chains them; fails if any is gone already. */
  takePending(tx: Tx, pendingIds: readonly string[]): Promise<void>
  /**
   * Deletes and returns the events that have waited longer than `olderThanMs` (at most `limit` sets, oldest
   * first), in the transaction that chains them.
   */
  takeStalePending(tx: Tx, olderThanMs: number, limit: number): Promise<PendingSet[]>
  /** The lowest seq of an `audit.keyed` event (chain-mac.ts), in `tx` when given. */
  firstKeyed(tx?: Tx): Promise<number | undefined>
  /** The head row and the highest stored seq, read in one snapshot. */
  readHead(): Promise<{ head: ChainHead | undefined; maxSeq: number }>
  readOne(seq: number): Promise<AuditRecord | undefined>
  /**
   * Events with after < seq <= last, in seq order. Bounded on both sides, so a page costs the same whatever
   * plan the statistics of an ever-growing table suggest (an open range with a limit may sort the whole tail).
   */
  readRange(after: number, last: number): Promise<AuditRecord[]>
  /** The lowest seq above `after`, to step over a run of missing events. */
  nextSeq(after: number): Promise<number | undefined>
  /** Up to `limit` stored seq numbers outside 1 to 2^53 - 1, as text (they are not exact as numbers). */
  readOutsideSeqs(limit: number): Promise<string[]>
  /** Newest first, seq < before. */
  readLatest(limit: number, before: number | undefined): Promise<AuditRecord[]>
  /** The consumer's events, newest first, seq < before. */
  readForConsumer(consumerKey: string, limit: number, before: number | undefined): Promise<AuditRecord[]>
}

export function createAuditStore(db: Db): AuditStore {
  const k: AnyKysely = db.kysely
  return {
    async lockHead(tx) {
      const { rows } = await sql<ChainHead & { now: string }>`
        select seq, hash, to_char(clock_timestamp() at time zone 'UTC', ${sql.raw(UTC_MICROS)}) as now
        from audit_head where id = 1 for update`.execute(tx.kysely)
      return rows[0]
    },

    async insertLinked(tx, records) {
      const last = records.at(-1)
      if (last === undefined) return
      for (let i = 0; i + INSERT_CHUNK < records.length; i += INSERT_CHUNK) {
        await insertEvents(records.slice(i, i + INSERT_CHUNK)).execute(tx.kysely)
      }
      // The last chunk and the head move in one statement: one round trip for the common single append.
      const tail = records.slice(Math.floor((records.length - 1) / INSERT_CHUNK) * INSERT_CHUNK)
      await sql`with inserted as (${insertEvents(tail)})
        update audit_head set seq = ${last.seq}, hash = ${last.hash} where id = 1`.execute(tx.kysely)
    },

    async appendIfHead(expected, records, pendingIds = []) {
      const last = records.at(-1)
      if (last === undefined) return true
      if (records.length > INSERT_CHUNK) return false
      const { rows } = await sql<{ seq: number }>`${movedAndInserted(expected, records, pendingIds)}
        select seq from inserted where ${allTaken(pendingIds)}`.execute(k)
      return rows.length > 0
    },

    async pendingStill(pendingIds) {
      if (pendingIds.length === 0) return new Set()
      const { rows } = await sql<{ pending_id: string }>`
        select pending_id from audit_pending where pending_id = any(${pendingIds}::uuid[])`.execute(k)
      return new Set(rows.map((r) => r.pending_id))
    },

    async takePending(tx, pendingIds) {
      if (pendingIds.length === 0) return
      const { rows } = await sql<{ n: number }>`with taken as (
          delete from audit_pending where pending_id = any(${pendingIds}::uuid[]) returning pending_id),
        ${recordChained}
        select count(*)::int as n from taken`.execute(tx.kysely)
      if (rows[0]?.n !== pendingIds.length)
        throw Object.assign(new Error(PENDING_TAKEN), { code: AUDIT_PENDING_TAKEN })
    },

    async takeStalePending(tx, olderThanMs, limit) {
      // A set whose id is already listed as chained was put back after its append: `fresh` (on conflict do
      // nothing) returns only the ids listed now.
      const { rows } = await sql<{ pending_id: string; events: unknown; mac: string; replayed: boolean }>`
        with stale as (
          delete from audit_pending where pending_id in (
            select pending_id from audit_pending
             where created_at < now() - ${olderThanMs} * interval '1 millisecond'
             order by created_at limit ${limit} for update skip locked)
          returning pending_id, events, mac, created_at),
        fresh as (
          insert into audit_pending_chained (pending_id) select pending_id from stale
          on conflict do nothing returning pending_id)
        select s.pending_id, s.events, s.mac, f.pending_id is null as replayed
          from stale s left join fresh f on f.pending_id = s.pending_id order by s.created_at`.execute(
        tx.kysely,
      )
      return rows.map((r) => ({
        pendingId: r.pending_id,
        events: r.events,
        mac: r.mac,
        replayed: r.replayed,
      }))
    },

    async firstKeyed(tx) {
      // The partial index of migrations/0020_audit_mac.sql; the same range as APPENDED, which verify reads.
      const { rows } = await sql<{ seq: number | null }>`select min(seq) as seq from audit_events
        where action = ${KEYED_ACTION} and ${APPENDED}`.execute(tx?.kysely ?? k)
      return rows[0]?.seq ?? undefined
    },

    async readHead() {
      const { rows } = await sql<{ seq: number | null; hash: string | null; max_seq: number | null }>`
        select h.seq, h.hash, (select max(seq) from audit_events) as max_seq
        from (select 1) as one left join audit_head h on h.id = 1`.execute(k)
      const row = rows[0]
      const head = row?.seq != null && row.hash != null ? { seq: row.seq, hash: row.hash } : undefined
      return { head, maxSeq: row?.max_seq ?? 0 }
    },

    async readOne(seq) {
      const { rows } = await sql<EventRow>`select ${COLUMNS} from audit_events where seq = ${seq}`.execute(k)
      return rows[0] && toRecord(rows[0])
    },

    async readRange(after, last) {
      const { rows } = await sql<EventRow>`select ${COLUMNS} from audit_events
        where seq > ${after} and seq <= ${last} order by seq`.execute(k)
      return rows.map(toRecord)
    },

    async nextSeq(after) {
      const { rows } = await sql<{
        seq: number | null
      }>`select min(seq) as seq from audit_events where seq > ${after}`.execute(k)
      return rows[0]?.seq ?? undefined
    },

    async readOutsideSeqs(limit) {
      const { rows } = await sql<{ seq: string }>`select seq::text as seq from audit_events
        where seq <= 0 or seq > ${Number.MAX_SAFE_INTEGER} order by seq limit ${limit}`.execute(k)
      return rows.map((r) => r.seq)
    },

    async readLatest(limit, before) {
      const { rows } = await sql<EventRow>`select ${COLUMNS} from audit_events
        where ${APPENDED} ${before === undefined ? sql`` : sql`and seq < ${before}`}
        order by seq desc limit ${limit}`.execute(k)
      return rows.map(toRecord)
    },

    async readForConsumer(consumerKey, limit, before) {
      const { rows } = await sql<EventRow>`select ${COLUMNS} from audit_events
        where consumer_key = ${consumerKey}::uuid and ${APPENDED} ${before === undefined ? sql`` : sql`and seq < ${before}`}
        order by seq desc limit ${limit}`.execute(k)
      return rows.map(toRecord)
    },
  }
}
