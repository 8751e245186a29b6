// Use cases of the audit log: append (in the caller's transaction or in its own), read a consumer's events,
// and verify the chain by streaming it in pages.
import type { CompiledQuery } from 'kysely'
import { z } from 'zod'
import type { Db, Tx } from '../platform/db.ts'
import { randomSlice } from '../platform/random-pool.ts'
import { hashEvent } from './audit.hash.ts'
import { quickParse } from './audit.quick-check.ts'
import {
  AuditEventSchema,
  type AuditEvent,
  type AuditRecord,
  type ChainHead,
  type VerifyOptions,
  type VerifyResult,
} from './audit.model.ts'
import {
  appendAtHead,
  createAuditStore,
  MAX_EVENTS_A_STATEMENT,
  pendingInsert,
  type AuditStore,
  type PendingSet,
} from './audit.store.ts'
import { processPendingSeal, type PendingSeal } from './pending-seal.ts'
import { ChainClock } from './chain-clock.ts'
import { keyedEvent, type ChainMac } from './chain-mac.ts'
import { parseInput as parse } from '../platform/parse-input.ts'
import { verifyAuditLog } from './verify-log.ts'

export interface PageOptions {
  /** How many events, newest first (default 50, at most 500). */
  readonly limit?: number | undefined
  /** Only events with a smaller seq: the cursor for the next page is the last seq returned. */
  readonly before?: number | undefined
}

export interface AuditService {
  /**
   * Appends in the caller's transaction, so the event commits or rolls back with the work it records. It
   * holds the chain lock until that transaction ends: append last, just before commit.
   */
  append(tx: Tx, event: AuditEvent): Promise<AuditRecord>
  /** Appends in a transaction of its own (one short transaction); never call it inside db.transaction. */
  appendNow(event: AuditEvent): Promise<AuditRecord>
  /** Appends several events, linked in the order given, under one lock. */
  appendMany(tx: Tx, events: readonly AuditEvent[]): Promise<AuditRecord[]>
  /**
   * Appends several checked events, linked in the order given, in a transaction of its own. When the head is
   * where this service's last appendBatch left it, and the service read the database's clock under the lock
   * less than a second ago (chain-clock.ts), it is one statement and one round trip, with no lock taken first;
   * when another appender moved the head meanwhile, that statement writes nothing and the events take the lock.
   */
  appendBatch(events: readonly ValidAuditEvent[], pendingIds?: readonly string[]): Promise<AuditRecord[]>
  /**
   * Chains the pending events (pendingInsert) of work that committed more than `olderThanMs` ago and whose
   * append never came (its process died, or the append failed): the number of events chained.
   */
  chainPending(olderThanMs: number): Promise<number>
  /** The statement that stores `events` under their seal, until they are chained (audit_pending). */
  pendingInsert(pendingId: string, events: readonly AuditEvent[]): CompiledQuery
  /** Which of these sets of pending events are still waiting: the others were chained by chainPending. */
  pendingStill(pendingIds: readonly string[]): Promise<Set<string>>
  /**
   * The events linked where this service's last append left the head, and the statement that appends them in
   * someone else's batch (one transaction with the work they record), which fails that batch if another
   * appender moved the head meanwhile. Undefined when appendBatch would take the lock (no head known, a clock
   * a second old, too many events). The caller runs one such batch at a time and calls adoptHead once it has
   * committed.
   */
  linkAhead(
    events: readonly ValidAuditEvent[],
    pendingIds?: readonly string[],
  ): { records: AuditRecord[]; statement: CompiledQuery } | undefined
  /** The head is now the last of these records, which a batch with linkAhead's statement committed. */
  adoptHead(records: readonly AuditRecord[]): void
  verify(options?: VerifyOptions): Promise<VerifyResult>
  /** "Who looked at my file": the events whose subject is this consumer, newest first. */
  eventsForConsumer(consumerKey: string, options?: PageOptions): Promise<AuditRecord[]>
  /** The latest events, newest first. */
  tail(options?: PageOptions): Promise<AuditRecord[]>
  head(): Promise<ChainHead>
}

/**
 * What takes the place of a set of pending events that is not under the bureau's seal, or that was chained
 * already (a copy put back after its append: the seal covers the set, not whether it was chained).
 */
const refusedEvent = (s: PendingSet): AuditEvent => ({
  actor: { kind: 'system', id: 'audit' },
  action: 'audit.pending_refused',
  target: s.pendingId,
  outcome: 'refused',
  reason: s.replayed
    ? 'pending audit events chained already: put back after their append, not chained twice'
    : "pending audit events without this bureau's seal: not stored by its servers, or changed since",
  details: { events: Array.isArray(s.events) ? s.events.length : 0 },
})

const MISSING_HEAD = 'the audit chain head is missing: the audit log was tampered with'
/** Sets of pending events chained in one transaction by chainPending. */
const PENDING_SETS_A_ROUND = 100
const seqSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
const pageSchema = z.strictObject({
  limit: z.number().int().min(1).max(500).optional(),
  before: seqSchema.min(1).optional(),
})
// Links parsed events after the head: seq, prev_hash, then the hash over every other field, and the MAC of the
// hash when the service holds the audit key (one HMAC an event: chain-mac.ts).
function link(
  head: ChainHead,
  occurredAt: string,
  events: readonly z.output<typeof AuditEventSchema>[],
  chainMac: ChainMac | undefined,
): AuditRecord[] {
  let prev = head
  return events.map((e) => {
    const fields = {
      seq: prev.seq + 1,
      occurredAt,
      actor: e.actor,
      action: e.action,
      consumerKey: e.consumerKey ?? null,
      target: e.target ?? null,
      purpose: e.purpose ?? null,
      outcome: e.outcome,
      reason: e.reason ?? null,
      details: e.details ?? {},
      prevHash: prev.hash,
      salt: randomSlice(16).toString('hex'),
    }
    const hash = hashEvent(fields)
    const record = { ...fields, hash, mac: chainMac === undefined ? null : chainMac.mac(hash) }
    prev = record
    return record
  })
}

declare const checked: unique symbol
/** An event that passed AuditEventSchema (parseAuditEvents): appendBatch takes only these, and checks none again. */
export type ValidAuditEvent = z.output<typeof AuditEventSchema> & { readonly [checked]: true }

/** Checks events against AuditEventSchema once, naming each problem; an AppError (invalid_input) if any fails. */
export const parseAuditEvents = (events: readonly AuditEvent[]): ValidAuditEvent[] =>
  events.map(
    (e, i) =>
      (quickParse(e) ??
        parse(
          AuditEventSchema,
          e,
          events.length === 1 ? 'audit event' : `audit event ${i}`,
        )) as ValidAuditEvent,
  )

export function createAuditService(
  db: Db,
  store: AuditStore = createAuditStore(db),
  clock: ChainClock = new ChainClock(),
  seal: PendingSeal = processPendingSeal,
  chainMac?: ChainMac,
): AuditService {
  // The head as this service last committed it (appendBatch); another appender may have moved it since.
  let lastHead: ChainHead | undefined
  // Whether the log has its `audit.keyed` event, once a locked append found it committed (chain-mac.ts).
  let keyed = chainMac === undefined

  const appendLocked = async (
    tx: Tx,
    parsed: readonly ValidAuditEvent[],
    pendingIds: readonly string[] = [],
  ) => {
    const head = await store.lockHead(tx)
    // Only a database owner can remove the head row (a trigger refuses it): appending would start a new chain.
    if (head === undefined) throw new Error(MISSING_HEAD)
    await store.takePending(tx, pendingIds)
    clock.sync(head.now)
    // The first keyed append puts the `audit.keyed` event before its own, under the lock, so that no two servers
    // both do. Only one found committed is remembered: this transaction may still roll back.
    keyed ||= (await store.firstKeyed(tx)) !== undefined
    const marker = keyed ? [] : parseAuditEvents([keyedEvent])
    const records = link(head, head.now, [...marker, ...parsed], chainMac)
    await store.insertLinked(tx, records)
    return records.slice(marker.length)
  }

  const appendMany = async (tx: Tx, events: readonly AuditEvent[]): Promise<AuditRecord[]> => {
    const parsed = parseAuditEvents(events)
    return parsed.length === 0 ? [] : appendLocked(tx, parsed)
  }

  const appendBatch = async (
    parsed: readonly ValidAuditEvent[],
    pendingIds: readonly string[] = [],
  ): Promise<AuditRecord[]> => {
    if (parsed.length === 0) return []
    const known = lastHead
    const now = clock.now()
    if (known !== undefined && now !== undefined) {
      const records = link(known, now, parsed, chainMac)
      if (await store.appendIfHead(known, records, pendingIds)) {
        lastHead = records.at(-1)
        return records
      }
    }
    const records = await db.transaction((tx) => appendLocked(tx, parsed, pendingIds))
    lastHead = records.at(-1)
    return records
  }

  const chainPending = async (olderThanMs: number): Promise<number> => {
    let chained = 0
    for (;;) {
      const records = await db.transaction(async (tx) => {
        const sets = await store.takeStalePending(tx, olderThanMs, PENDING_SETS_A_ROUND)
        // The table is writable by whoever owns the database: only a set under this bureau's seal, never chained
        // before, is chained as it stands (and checked again against the schema); any other is recorded as
        // refused, in its place.
        const events = sets.flatMap((s) =>
          !s.replayed && seal.holds(s.pendingId, s.events, s.mac)
            ? (s.events as AuditEvent[])
            : [refusedEvent(s)],
        )
        return events.length === 0 ? [] : appendLocked(tx, parseAuditEvents(events))
      })
      if (records.length === 0) return chained
      lastHead = records.at(-1)
      chained += records.length
    }
  }
  const append = async (tx: Tx, event: AuditEvent) => (await appendMany(tx, [event]))[0]!
  const pendingInsertOf = (pendingId: string, events: readonly AuditEvent[]) => {
    const json = JSON.stringify(events)
    return pendingInsert(pendingId, json, seal.seal(pendingId, json))
  }

  const linkAhead = (parsed: readonly ValidAuditEvent[], pendingIds: readonly string[] = []) => {
    const known = lastHead
    const now = clock.now()
    if (known === undefined || now === undefined) return undefined
    if (parsed.length === 0 || parsed.length > MAX_EVENTS_A_STATEMENT) return undefined
    const records = link(known, now, parsed, chainMac)
    return { records, statement: appendAtHead(known, records, pendingIds) }
  }

  return {
    append,
    appendMany,
    appendBatch,
    chainPending,
    pendingInsert: pendingInsertOf,
    pendingStill: (pendingIds) => store.pendingStill(pendingIds),
    linkAhead,
    adoptHead(records) {
      lastHead = records.at(-1) ?? lastHead
    },
    appendNow: (event) => db.transaction((tx) => append(tx, event)),
    verify: (options) => verifyAuditLog(db, options, store, chainMac),
    async eventsForConsumer(consumerKey, options = {}) {
      const key = parse(z.uuid(), consumerKey, 'consumer key').toLowerCase()
      const page = parse(pageSchema, options, 'page')
      return store.readForConsumer(key, page.limit ?? 50, page.before)
    },
    async tail(options = {}) {
      const page = parse(pageSchema, options, 'page')
      return store.readLatest(page.limit ?? 50, page.before)
    },
    async head() {
      const { head } = await store.readHead()
      if (head === undefined) throw new Error(MISSING_HEAD)
      return head
    },
  }
}
