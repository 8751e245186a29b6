// The audit log's append as SQL: the rows' values, the conditional append at an expected chain head (one
// statement, for appendIfHead and for another module's batch), and the store of pending events. A concurrent
// appender holds the head's row lock; the append writes only if the head is still the one its events link to.
import { sql, type CompiledQuery, type RawBuilder } from 'kysely'
import { hasSqlState } from '../platform/errors.ts'
import { planned } from '../platform/planned.ts'
import type { AuditRecord, ChainHead } from './audit.model.ts'

// 15 parameters a row: 1000 rows stay far below PostgreSQL's 65535 parameters per statement.
export const INSERT_CHUNK = 1000

// Every value typed: in `insert ... select` (appendIfHead) PostgreSQL cannot take the types from the columns.
const valuesOf = (r: AuditRecord): RawBuilder<unknown> =>
  sql`(${r.seq}::bigint, ${r.occurredAt}::timestamptz, ${r.actor.kind}::text, ${r.actor.id}::text, ${r.action}::text,
    ${r.consumerKey}::uuid, ${r.target}::text, ${r.purpose}::text, ${r.outcome}::text, ${r.reason}::text,
    ${JSON.stringify(r.details)}::jsonb, ${r.prevHash}::text, ${r.salt}::text, ${r.hash}::text, ${r.mac}::text)`

/** SQLSTATE of appendAtHead's failure (migrations/0009_require.sql): another appender moved the head first. */
export const AUDIT_HEAD_MOVED = 'OB002'
/** SQLSTATE of an append whose pending events another process chained first (chainPending). */
export const AUDIT_PENDING_TAKEN = 'OB003'
export const PENDING_TAKEN = 'pending audit events were chained by another process first'

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
export const recordChained = sql`recorded as (insert into audit_pending_chained (pending_id) select pending_id from taken)`

// A concurrent appender holds the head's row lock; once it commits, the UPDATE re-checks its WHERE against the
// moved head (Read Committed, PostgreSQL 15 docs §13.2.1), matches nothing, and the insert sees no moved row:
// nothing is written. A data-modifying WITH runs once; its RETURNING is what the rest of the statement sees of
// it (§7.8.4).
export const movedAndInserted = (
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
export const allTaken = (pendingIds: readonly string[]) =>
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

export const insertEvents = (rows: readonly AuditRecord[]) => sql`insert into audit_events
  (seq, occurred_at, actor_kind, actor_id, action, consumer_key, target, purpose, outcome, reason, details, prev_hash, salt,
   hash, mac)
  values ${sql.join(rows.map(valuesOf))}`
