// A server chains the audit events that an interrupted append left pending (audit.batcher.ts): at start, those
// that have waited a minute, since a live append takes its own within milliseconds.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { testApp } from './app.fixture.ts'
import type { AuditEvent } from './audit/index.ts'
import { createModules } from './modules.ts'
import { openTestDb } from './platform/testing.ts'
import { buildServer } from './server.ts'

describe('server start', () => {
  it('chains the audit events left pending a minute ago, and leaves fresh ones to their append', async () => {
    const db = await openTestDb()
    const app = testApp(db)
    const event = (n: number) => ({
      actor: { kind: 'member', id: 'bank-1' },
      action: 'report.read',
      consumerKey: randomUUID(),
      purpose: 'credit_application',
      outcome: 'allowed',
      details: { n },
    })
    const mods = createModules(app)
    // Stored as a server stores them (under the bureau's seal), then aged.
    const left = async (n: number, age: string) => {
      const id = randomUUID()
      await db.kysely.executeQuery(mods.audit.pendingInsert(id, [event(n) as AuditEvent]))
      await sql`update audit_pending set created_at = now() - ${age}::interval where pending_id = ${id}::uuid`.execute(
        db.kysely,
      )
    }
    // Written by hand by whoever owns the database: no seal, or the seal of other events.
    const forged = randomUUID()
    await sql`insert into audit_pending (pending_id, events, created_at)
        values (${forged}::uuid, ${JSON.stringify([event(3)])}::jsonb, now() - interval '2 minutes')`.execute(
      db.kysely,
    )
    await left(1, '2 minutes')
    await left(2, '1 second')
    await sql`update audit_pending set events = ${JSON.stringify([event(4)])}::jsonb
        where pending_id <> ${forged}::uuid and created_at < now() - interval '1 minute'
          and events @> '[{"details": {"n": 1}}]'`.execute(db.kysely)
    await left(5, '2 minutes')
    const server = await buildServer(app, mods, { rateLimit: false, logRequests: false })
    try {
      const chained = (await mods.audit.tail({ limit: 10 })).reverse()
      assert.deepEqual(
        chained.map((r) => [r.action, r.target, r.details['n'] ?? null]),
        [
          ['audit.keyed', null, null],
          ['audit.pending_refused', forged, null],
          ['audit.pending_refused', chained[2]!.target, null],
          ['report.read', null, 5],
        ],
        'only the sealed set as it was stored is chained; the others are recorded as refused',
      )
      assert.notEqual(chained[2]!.target, forged)
      const waiting = await sql<{ n: number }>`select count(*)::int as n from audit_pending`.execute(
        db.kysely,
      )
      assert.equal(waiting.rows[0]!.n, 1)
      assert.equal((await mods.audit.verify()).ok, true)
    } finally {
      await server.close()
      await mods.close()
      await db.dispose()
    }
  })
})
