// The callers waiting on the audit batcher (audit.batcher.ts) and the pure bookkeeping over them: which caller a
// failed statement of a shared batch belongs to, whose events are pending, and what each is answered with.
import type { CompiledQuery } from 'kysely'
import type { PipelineResult } from '../platform/pipeline.ts'
import type { AuditRecord } from './audit.model.ts'
import type { ValidAuditEvent } from './audit.service.ts'

export interface Waiting {
  statements: readonly CompiledQuery[]
  events: ValidAuditEvent[]
  /** Set once the events are stored as pending beside the committed statements: the append must take them. */
  pendingId?: string
  resolve: (done: { results: PipelineResult[]; records: AuditRecord[] }) => void
  reject: (error: unknown) => void
}

/** Runs `run` after `ms`, or on the next turn of the event loop for 0; cancellable. */
export function later(run: () => void, ms: number): { cancel: () => void } {
  if (ms <= 0) {
    const immediate = setImmediate(run)
    return { cancel: () => clearImmediate(immediate) }
  }
  const timeout = setTimeout(run, ms)
  return { cancel: () => clearTimeout(timeout) }
}

/** The caller whose statement is at `index` of the batch of `writers`' statements (`width` each). */
export function callerAt(
  writers: readonly Waiting[],
  index: number | undefined,
  width: (w: Waiting) => number,
): Waiting | undefined {
  if (index === undefined) return undefined
  let from = 0
  for (const w of writers) {
    if (index < from + width(w)) return w
    from += width(w)
  }
  return undefined
}

export const pendingOf = (callers: readonly Waiting[]): string[] =>
  callers.flatMap((w) => (w.pendingId === undefined ? [] : [w.pendingId]))

/** Answers each caller with its slice of the batch's results and records. */
export function resolveAll(
  callers: readonly Waiting[],
  results: readonly PipelineResult[],
  records: AuditRecord[],
) {
  let at = 0
  let next = 0
  for (const w of callers) {
    w.resolve({
      results: results.slice(at, at + w.statements.length),
      records: records.slice(next, next + w.events.length),
    })
    at += w.statements.length
    next += w.events.length
  }
}
