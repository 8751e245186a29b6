// The audit log's SQL; the append statements themselves are in audit-append.sql.ts. Appends lock the one
// chain-head row (select ... for update) in the caller's transaction: concurrent appenders on any connection
// queue there, so each one links to the event that committed before it and numbers without gaps; a rolled-back
// transaction releases the lock and leaves nothing. appendIfHead skips the select: its UPDATE of the head takes
// the same row lock, and writes only if the head is still the one its events were linked to. appendAtHead is the
// same append as a statement for someone else's batch, which it fails when the head moved, so that the work it
// records is not written without it.
import { sql } from 'kysely'
import type { AnyKysely, Db, Tx } from '../platform/db.ts'
import type {
  ActorKind,
  AuditDetails,
  AuditRecord,
  ChainHead,
  Outcome,
  PendingSummary,
} from './audit.model.ts'
import { KEYED_ACTION } from './chain-mac.ts'
import {
  allTaken,
  AUDIT_PENDING_TAKEN,
  INSERT_CHUNK,
  insertEvents,
  movedAndInserted,
  PENDING_TAKEN,
  recordChained,
  type PendingSet,
} from './audit-append.sql.ts'

export {
  appendAtHead,
  AUDIT_HEAD_MOVED,
  AUDIT_PENDING_TAKEN,
  isAuditHeadMoved,
  isAuditPendingTaken,
  MAX_EVENTS_A_STATEMENT,
  pendingInsert,
  type PendingSet,
} from './audit-append.sql.ts'

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
  /** How many sets of events of committed work wait in audit_pending to be chained, and since when. */
  pendingSummary(): Promise<PendingSummary>
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

    async pendingSummary() {
      const { rows } = await sql<{ sets: number; oldest: Date | null }>`select count(*)::int as sets,
        min(created_at) as oldest from audit_pending`.execute(k)
      const row = rows[0]
      return { sets: row?.sets ?? 0, oldest: row?.oldest == null ? null : new Date(row.oldest).toISOString() }
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
