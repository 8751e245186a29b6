// The audit tests' sample event: a lender's report read about a consumer (a fresh one unless given).
import { randomUUID } from 'node:crypto'
import { after, before, beforeEach } from 'node:test'
import { sql } from 'kysely'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import type { AuditEvent } from './audit.model.ts'
import { createAuditModule, type AuditModule } from './index.ts'

export const reportRead = (
  details: Record<string, number>,
  consumerKey: string = randomUUID(),
): AuditEvent => ({
  actor: { kind: 'member', id: 'bank-1' },
  action: 'report.read',
  consumerKey,
  purpose: 'credit_application',
  outcome: 'allowed',
  details,
})

/**
 * For the batcher's tests: a database with a `scratch (n int)` table that stands for a report's writes, emptied
 * before each test, and the audit module over it (the hooks are registered in the calling describe).
 */
export function scratchWorld() {
  const w = {} as { db: TestDb; audit: AuditModule }
  before(async () => {
    w.db = await openTestDb()
    w.audit = createAuditModule(w.db)
    await sql`create table scratch (n int primary key)`.execute(w.db.kysely)
  })
  beforeEach(async () => {
    await sql`delete from scratch`.execute(w.db.kysely)
  })
  after(() => w.db.dispose())
  return {
    get db() {
      return w.db
    },
    get audit() {
      return w.audit
    },
    /** The rows the statements wrote. */
    scratch: async () =>
      (await sql<{ n: number }>`select n from scratch order by n`.execute(w.db.kysely)).rows.map((r) => r.n),
    /** Sets of events stored as pending, not chained yet. */
    pending: async () =>
      (await sql<{ n: number }>`select count(*)::int as n from audit_pending`.execute(w.db.kysely)).rows[0]!
        .n,
  }
}
