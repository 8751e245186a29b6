// Group commit for the audit log. append() locks the chain head until its transaction ends, so a hot path
// that appended inside its own transaction (every lender report) would run one transaction at a time. The
// batcher instead queues events and appends up to `maxBatch` of them with one appendBatch in one short
// transaction of its own; a caller awaits its record after its own work has committed and before it answers,
// so no answer leaves before its event is in the chain (DESIGN.md principle 3).
//
// A caller whose work is a batch of statements (a report's consent use, inquiry and score) can hand them over
// with its events (recordAfter): the batch's statements of every caller then go out with the events' append in
// one pipeline and one transaction (pipeline.ts), so the work and its record commit together, in one round trip
// and one commit instead of two of each. A caller whose statement fails is rejected with its error and the batch
// goes again without it. When the append cannot join (no head known yet, or another process moved it), the
// statements commit first, with their events stored beside them as pending (migrations/0010_audit_pending.sql),
// and the append that chains the events deletes them: work is never committed without its events, even when the
// process dies between the two (AuditService.chainPending chains what was left).
import { randomUUID } from 'node:crypto'
import type { CompiledQuery } from 'kysely'
import type { Tx } from '../platform/db.ts'
import { failedStatement, type PipelineResult } from '../platform/pipeline.ts'
import type { AuditEvent, AuditRecord } from './audit.model.ts'
import { parseAuditEvents, type AuditService, type ValidAuditEvent } from './audit.service.ts'
import { isAuditHeadMoved, isAuditPendingTaken } from './audit.store.ts'
import { callerAt, later, pendingOf, resolveAll, type Waiting } from './batch-callers.ts'

/** Runs statements in one round trip and one transaction: all applied, or none (Db.batch). */
export type RunBatch = (statements: readonly CompiledQuery[]) => Promise<PipelineResult[]>

export interface AuditBatcherOptions {
  /** Most events per transaction (default 200). A single recordAll() larger than this goes alone. */
  maxBatch?: number
  /**
   * How long the first event of a batch waits for company before the batch commits (default 0: until the
   * events of the same turn of the event loop have joined it).
   */
  maxDelayMs?: number
  /** Runs the statements of recordAfter (Db.batch); without it recordAfter refuses. */
  run?: RunBatch
  /** Runs work in one transaction (Db.transaction); without it recordFrom refuses. */
  transaction?: <T>(work: (tx: Tx) => Promise<T>) => Promise<T>
  /**
   * Runs statements in a transaction that concurrent callers share, on lanes of its own (Db.sharedBatch). Under
   * load, recordAfter's statements go there and commit before their events are appended (see divertAt).
   */
  runShared?: RunBatch
  /**
   * How many callers with statements may wait for the batch in flight before the next ones run theirs on
   * runShared instead of waiting too (default 8).
   */
  divertAt?: number
}

export interface AuditBatcher {
  /** Queues one event; resolves with its record once the batch holding it has committed, rejects if it failed. */
  record(event: AuditEvent): Promise<AuditRecord>
  /** Queues events that stay together, in this order, in one batch (consecutive seq numbers). */
  recordAll(events: readonly AuditEvent[]): Promise<AuditRecord[]>
  /**
   * Runs `statements` in one transaction and appends `events` once they have committed, in the same
   * transaction when it can: the events are recorded if and only if the statements were applied. Rejects with
   * the statements' own error when they fail, recording nothing.
   */
  recordAfter(
    statements: readonly CompiledQuery[],
    events: readonly AuditEvent[],
  ): Promise<{ results: PipelineResult[]; records: AuditRecord[] }>
  /**
   * Runs `statements` in one transaction, with the events that `eventsOf` builds from their results stored in it
   * as pending, then appends those events: for work whose record depends on what it wrote. Rejects with the
   * statements' own error when they fail, recording nothing.
   */
  recordFrom(
    statements: readonly CompiledQuery[],
    eventsOf: (results: PipelineResult[]) => readonly AuditEvent[],
  ): Promise<{ results: PipelineResult[]; records: AuditRecord[] }>
  /** Commits what is queued, waits for it, and refuses events from then on. */
  close(): Promise<void>
}

export function createAuditBatcher(
  audit: Pick<AuditService, 'appendBatch' | 'linkAhead' | 'adoptHead' | 'pendingStill' | 'pendingInsert'>,
  { maxBatch = 200, maxDelayMs = 0, run, runShared, transaction, divertAt = 8 }: AuditBatcherOptions = {},
): AuditBatcher {
  const queue: Waiting[] = []
  let queued = 0
  let writersQueued = 0
  let timer: { cancel: () => void } | undefined
  let flushing: Promise<void> | undefined
  let closed = false

  function take(): Waiting[] {
    const batch: Waiting[] = []
    let size = 0
    while (queue.length > 0) {
      const next = queue[0]!
      if (batch.length > 0 && size + next.events.length > maxBatch) break
      batch.push(queue.shift()!)
      size += next.events.length
      if (next.statements.length > 0) writersQueued--
    }
    queued -= size
    return batch
  }

  // Set when another appender moved the head under the last shared transaction: the next batch then takes the
  // two-step way, whose append reads the head, instead of sending its statements twice.
  let headMissed = false

  // A writer's statements, and when its events cannot be appended in the same transaction, the statement that
  // stores them as pending there.
  const withPending = (w: Waiting): readonly CompiledQuery[] => {
    if (w.events.length === 0) return w.statements
    w.pendingId ??= randomUUID()
    return [...w.statements, audit.pendingInsert(w.pendingId, w.events)]
  }

  // The callers' statements, with the append of every event when this service knows the head, in one
  // transaction. A statement that fails rejects its caller with its error, as if that caller had run alone after
  // the ones before it (for a consent's use that is so: the use ahead of it in the batch spent the consent), and
  // the others go again without it. What has no shared append yet is appended once its statements committed.
  async function commit(batch: Waiting[]): Promise<void> {
    let callers = batch
    let withAppend = !headMissed
    headMissed = false
    const applied = new Map<Waiting, PipelineResult[]>()
    for (;;) {
      const writers = callers.filter((w) => w.statements.length > 0)
      if (writers.length === 0) break
      const linked = withAppend
        ? audit.linkAhead(
            callers.flatMap((w) => w.events),
            pendingOf(callers.filter((w) => w.statements.length === 0)),
          )
        : undefined
      const statementsOf = linked === undefined ? withPending : (w: Waiting) => w.statements
      const width = (w: Waiting) => statementsOf(w).length
      const statements = writers.flatMap(statementsOf)
      try {
        const results = await run!(linked === undefined ? statements : [...statements, linked.statement])
        if (linked !== undefined) {
          audit.adoptHead(linked.records)
          return resolveAll(callers, results, linked.records)
        }
        let at = 0
        for (const w of writers) {
          applied.set(w, results.slice(at, at + w.statements.length))
          at += width(w)
        }
        break
      } catch (e) {
        // The head moved, or another process's sweep chained a pending set of a caller in this batch: the
        // writes go the two-step way, whose append sorts out what was chained meanwhile.
        if (linked !== undefined && (isAuditHeadMoved(e) || isAuditPendingTaken(e))) {
          headMissed = true
          withAppend = false
          continue
        }
        // No caller's statement failed (a broken connection, or the append itself): every writer has the error,
        // and nothing of theirs was written.
        const failed = callerAt(writers, failedStatement(e), width)
        for (const w of failed === undefined ? writers : [failed]) w.reject(e)
        callers = callers.filter((w) => (failed === undefined ? w.statements.length === 0 : w !== failed))
      }
    }
    await appendAfter(callers, applied)
  }

  // The events of callers whose work has committed (or who had none). When another process's sweep chained some
  // caller's pending set meanwhile (chainPending, after a minute), that caller's events are in the chain already:
  // it is answered without records, and the others' events go again without it.
  async function appendAfter(callers: Waiting[], applied: Map<Waiting, PipelineResult[]>): Promise<void> {
    for (;;) {
      try {
        const records = await audit.appendBatch(
          callers.flatMap((w) => w.events),
          pendingOf(callers),
        )
        let next = 0
        for (const w of callers) {
          w.resolve({ results: applied.get(w) ?? [], records: records.slice(next, next + w.events.length) })
          next += w.events.length
        }
        return
      } catch (e) {
        const still = isAuditPendingTaken(e) ? await audit.pendingStill(pendingOf(callers)) : undefined
        const swept = (w: Waiting) => w.pendingId !== undefined && still?.has(w.pendingId) === false
        if (still === undefined || !callers.some(swept)) {
          for (const w of callers) w.reject(e)
          return
        }
        for (const w of callers.filter(swept)) w.resolve({ results: applied.get(w) ?? [], records: [] })
        callers = callers.filter((w) => !swept(w))
        if (callers.length === 0) return
      }
    }
  }

  // One batch in flight at a time: the chain lock would serialise them anyway, and what arrives meanwhile
  // forms the next batch, which commits as soon as this one is done.
  function flush(): void {
    timer?.cancel()
    timer = undefined
    if (flushing !== undefined || queue.length === 0) return
    flushing = commit(take()).finally(() => {
      flushing = undefined
      if (queue.length > 0) flush()
    })
  }

  function enqueue(
    statements: readonly CompiledQuery[],
    events: ValidAuditEvent[],
    pendingId?: string,
  ): Promise<{ results: PipelineResult[]; records: AuditRecord[] }> {
    if (closed) return Promise.reject(new Error('the audit batcher is closed'))
    if (statements.length > 0 && run === undefined)
      return Promise.reject(new Error('this audit batcher was made without a way to run statements'))
    if (events.length === 0 && statements.length === 0) return Promise.resolve({ results: [], records: [] })
    const done = new Promise<{ results: PipelineResult[]; records: AuditRecord[] }>((resolve, reject) =>
      queue.push({ statements, events, resolve, reject, ...(pendingId === undefined ? {} : { pendingId }) }),
    )
    queued += events.length
    if (statements.length > 0) writersQueued++
    if (flushing !== undefined) return done
    if (queued >= maxBatch) flush()
    else timer ??= later(flush, maxDelayMs)
    return done
  }

  // Events are checked on entry, so that a bad one fails its own caller, not the whole batch it would join.
  return {
    async record(event) {
      const { records } = await enqueue([], parseAuditEvents([event]))
      return records[0]!
    },
    recordAll: async (events) => (await enqueue([], parseAuditEvents(events))).records,
    async recordAfter(statements, events) {
      const parsed = parseAuditEvents(events)
      // Under load the batch in flight holds the next one back, and one transaction a batch would put every
      // report's writes on one database backend in turn: these statements commit now, beside it, with their
      // events as pending, and the events join the next append.
      const underLoad = flushing !== undefined && writersQueued >= divertAt
      if (runShared !== undefined && statements.length > 0 && underLoad && parsed.length > 0) {
        const pendingId = randomUUID()
        const results = await runShared([...statements, audit.pendingInsert(pendingId, parsed)])
        return {
          results: results.slice(0, statements.length),
          records: (await enqueue([], parsed, pendingId)).records,
        }
      }
      return enqueue(statements, parsed)
    },
    async recordFrom(statements, eventsOf) {
      if (transaction === undefined)
        throw new Error('this audit batcher was made without a way to run transactions')
      const pendingId = randomUUID()
      const { results, parsed } = await transaction(async (tx) => {
        const results = await tx.raw.pipeline(statements)
        const parsed = parseAuditEvents(eventsOf(results))
        if (parsed.length > 0) await tx.raw.pipeline([audit.pendingInsert(pendingId, parsed)])
        return { results, parsed }
      })
      const { records } = await enqueue([], parsed, parsed.length > 0 ? pendingId : undefined)
      return { results, records }
    },
    async close() {
      closed = true
      while (queue.length > 0 || flushing !== undefined) {
        flush()
        await flushing
      }
    },
  }
}
