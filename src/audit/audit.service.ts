// Use cases of the audit log: append (in the caller's transaction or in its own), read a consumer's events,
// and verify the chain by streaming it in pages.
import type { CompiledQuery } from 'kysely'
import { z } from 'zod'
import type { Db, Tx } from '../platform/db.ts'
import { AppError } from '../platform/errors.ts'
import { randomSlice } from '../platform/random-pool.ts'
import { hashEvent } from './audit.hash.ts'
import { quickParse } from './audit.quick-check.ts'
import {
  AuditEventSchema,
  GENESIS_HASH,
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
import { ChainVerifier } from './audit.verifier.ts'

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

/** What takes the place of a set of pending events that is not under the bureau's seal. */
const unsealedEvent = (s: PendingSet): AuditEvent => ({
  actor: { kind: 'system', id: 'audit' },
  action: 'audit.pending_refused',
  target: s.pendingId,
  outcome: 'refused',
  reason: "pending audit events without this bureau's seal: not stored by its servers, or changed since",
  details: { events: Array.isArray(s.events) ? s.events.length : 0 },
})

const MISSING_HEAD = 'the audit chain head is missing: the audit log was tampered with'
/** Sets of pending events chained in one transaction by chainPending. */
const PENDING_SETS_A_ROUND = 100
const seqSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
const hashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits')
const pageSchema = z.strictObject({
  limit: z.number().int().min(1).max(500).optional(),
  before: seqSchema.min(1).optional(),
})
const verifySchema = z
  .strictObject({
    from: seqSchema.min(1).optional(),
    to: seqSchema.optional(),
    anchor: z.strictObject({ seq: seqSchema, hash: hashSchema }).optional(),
    pageSize: z.number().int().min(1).max(10_000).optional(),
    maxProblems: z.number().int().min(1).optional(),
  })
  // A range that checks nothing, or an anchor the range never reaches, would report "intact" having checked
  // nothing the caller asked about.
  .superRefine((o, ctx) => {
    if (o.from !== undefined && o.to !== undefined && o.from > o.to)
      ctx.addIssue({ code: 'custom', path: ['from'], message: `${o.from} is after to (${o.to})` })
    const first = (o.from ?? 1) - 1
    if (o.anchor && (o.anchor.seq < first || (o.to !== undefined && o.anchor.seq > o.to))) {
      ctx.addIssue({
        code: 'custom',
        path: ['anchor'],
        message: `event ${o.anchor.seq} is outside the events checked (${first} to ${o.to ?? 'the end'}); widen the range or leave the anchor out`,
      })
    }
  })

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  const list = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
  throw new AppError('invalid_input', `invalid ${what}: ${list}`, r.error.issues)
}

// Links parsed events after the head: seq, prev_hash, then the hash over every other field.
function link(
  head: ChainHead,
  occurredAt: string,
  events: readonly z.output<typeof AuditEventSchema>[],
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
    const record = { ...fields, hash: hashEvent(fields) }
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
): AuditService {
  // The head as this service last committed it (appendBatch); another appender may have moved it since.
  let lastHead: ChainHead | undefined

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
    const records = link(head, head.now, parsed)
    await store.insertLinked(tx, records)
    return records
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
      const records = link(known, now, parsed)
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
        // The table is writable by whoever owns the database: only a set under this bureau's seal is chained as
        // it stands (and checked again against the schema); any other is recorded as refused, in its place.
        const events = sets.flatMap((s) =>
          seal.holds(s.pendingId, s.events, s.mac) ? (s.events as AuditEvent[]) : [unsealedEvent(s)],
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
    const records = link(known, now, parsed)
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
    verify: (options) => verifyAuditLog(db, options, store),
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

/**
 * Verifies the chain from `from` to `to`, reading it in pages of `pageSize` seq numbers, each page its own
 * query, so memory stays flat however long the log. Events appended while it runs are not included.
 */
export async function verifyAuditLog(
  db: Db,
  options: VerifyOptions = {},
  store: AuditStore = createAuditStore(db),
): Promise<VerifyResult> {
  const o = parse(verifySchema, options, 'verify options')
  const pageSize = o.pageSize ?? 1000
  const { head, maxSeq } = await store.readHead()
  const end = Math.max(head?.seq ?? 0, maxSeq)
  // A range past the last event checks nothing, and "intact" would say nothing about what was asked.
  if (o.from !== undefined && o.from > end && o.anchor === undefined)
    throw new AppError(
      'invalid_input',
      `invalid verify options: from: ${o.from} is after the last event of the log (${end})`,
    )
  const to = Math.min(o.to ?? end, end)
  const from = Math.min(o.from ?? 1, to + 1)
  const startRow = from > 1 ? await store.readOne(from - 1) : undefined
  const start = from > 1 ? { seq: from - 1, hash: startRow?.hash } : { seq: 0, hash: GENESIS_HASH }
  const verifier = new ChainVerifier({
    start,
    head: head === undefined ? 'missing' : o.to === undefined || o.to >= head.seq ? head : undefined,
    anchor: o.anchor,
    maxProblems: o.maxProblems,
  })
  // Pages are ranges of seq numbers; an empty one (a deleted run, or a forged far-off seq) jumps to the next event.
  for (let after = from - 1; after < to;) {
    const last = Math.min(after + pageSize, to)
    const page = await store.readRange(after, last)
    for (const r of page) verifier.push(r)
    after = page.length > 0 ? last : Math.max(last, ((await store.nextSeq(last)) ?? to + 1) - 1)
  }
  for (const seq of await store.readOutsideSeqs(10)) verifier.outside(seq)
  return verifier.finish()
}
