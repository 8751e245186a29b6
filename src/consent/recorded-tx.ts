// One transaction whose audit events are recorded last, inside it: the audit log's append holds the chain lock
// until commit, so it comes after the work; and a refusal commits with its event instead of rolling it back.
import type { Db, Tx } from '../platform/db.ts'
import type { ConsentAuditEvent } from './consent-audit-event.ts'

export type RecordEvent = (tx: Tx | undefined, event: ConsentAuditEvent) => Promise<void>
export type RecordedTx = <T>(work: (tx: Tx, events: ConsentAuditEvent[]) => Promise<T>) => Promise<T>

export function recordedTx(db: Db, record: RecordEvent): RecordedTx {
  return (work) =>
    db.transaction(async (tx) => {
      const events: ConsentAuditEvent[] = []
      const result = await work(tx, events)
      for (const e of events) await record(tx, e)
      return result
    })
}
