// Group commit for the audit log. append() locks the chain head until its transaction ends, so a hot path
// that appended inside its own transaction (every lender report) would run one transaction at a time. The
// batcher instead queues events and appends up to `maxBatch` of them with one appendBatch in one short
// transaction of its own; a caller awaits its record after its own work has committed and before it answers,
// so no answer leaves before its event is in the chain (DESIGN.md principle 3).
//
// Events raised inside a caller's transaction by another module (the consent check inside a report) can be
// held for that transaction with holdFor/hold and handed over with released() once it has committed.
import type { Tx } from '../platform/db.ts'
import type { AuditEvent, AuditRecord } from './audit.model.ts'
import { parseAuditEvents, type AuditService, type ValidAuditEvent } from './audit.service.ts'

export interface AuditBatcherOptions {
  /** Most events per transaction (default 200). A single recordAll() larger than this goes alone. */
  maxBatch?: number
  /**
   * How long the first event of a batch waits for company before the batch commits (default 0: until the
   * events of the same turn of the event loop have joined it).
   */
  maxDelayMs?: number
}

export interface AuditBatcher {
  /** Queues one event; resolves with its record once the batch holding it has committed, rejects if it failed. */
  record(event: AuditEvent): Promise<AuditRecord>
  /** Queues events that stay together, in this order, in one batch (consecutive seq numbers). */
  recordAll(events: readonly AuditEvent[]): Promise<AuditRecord[]>
  /** From now on, events that other modules raise inside `tx` are held for it (see hold and released). */
  holdFor(tx: Tx): void
  /** Holds `event` if `tx` is held for (true); false means the caller must append it itself. */
  hold(tx: Tx, event: AuditEvent): boolean
  /** The events held for `tx`, handed over once (after commit, to record; after rollback, to drop). */
  released(tx: Tx): AuditEvent[]
  /** Commits what is queued, waits for it, and refuses events from then on. */
  close(): Promise<void>
}

interface Waiting {
  events: ValidAuditEvent[]
  resolve: (records: AuditRecord[]) => void
  reject: (error: unknown) => void
}

function later(run: () => void, ms: number): { cancel: () => void } {
  if (ms <= 0) {
    const immediate = setImmediate(run)
    return { cancel: () => clearImmediate(immediate) }
  }
  const timeout = setTimeout(run, ms)
  return { cancel: () => clearTimeout(timeout) }
}

export function createAuditBatcher(
  audit: Pick<AuditService, 'appendBatch'>,
  { maxBatch = 200, maxDelayMs = 0 }: AuditBatcherOptions = {},
): AuditBatcher {
  const queue: Waiting[] = []
  const held = new WeakMap<Tx, AuditEvent[]>()
  let queued = 0
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
    }
    queued -= size
    return batch
  }

  async function commit(batch: Waiting[]): Promise<void> {
    try {
      const records = await audit.appendBatch(batch.flatMap((w) => w.events))
      let at = 0
      for (const w of batch) {
        w.resolve(records.slice(at, at + w.events.length))
        at += w.events.length
      }
    } catch (e) {
      for (const w of batch) w.reject(e)
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

  function enqueue(events: ValidAuditEvent[]): Promise<AuditRecord[]> {
    if (closed) return Promise.reject(new Error('the audit batcher is closed'))
    if (events.length === 0) return Promise.resolve([])
    const done = new Promise<AuditRecord[]>((resolve, reject) => queue.push({ events, resolve, reject }))
    queued += events.length
    if (flushing !== undefined) return done
    if (queued >= maxBatch) flush()
    else timer ??= later(flush, maxDelayMs)
    return done
  }

  // Events are checked on entry, so that a bad one fails its own caller, not the whole batch it would join.
  return {
    async record(event) {
      const [record] = await enqueue(parseAuditEvents([event]))
      return record!
    },
    recordAll: async (events) => enqueue(parseAuditEvents(events)),
    holdFor(tx) {
      if (!held.has(tx)) held.set(tx, [])
    },
    hold(tx, event) {
      const list = held.get(tx)
      if (list === undefined) return false
      list.push(event)
      return true
    },
    released(tx) {
      const list = held.get(tx) ?? []
      held.delete(tx)
      return list
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
