// A server chains the audit events that an interrupted append left pending (audit.batcher.ts): at start, those
// that have waited a minute, since a live append takes its own within milliseconds.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import type { App } from './app.ts'
import { generateSecrets, loadConfig } from './config.ts'
import { createModules } from './modules.ts'
import { createLogger } from './platform/logger.ts'
import { openTestDb } from './platform/testing.ts'
import { buildServer } from './server.ts'

describe('server start', () => {
  it('chains the audit events left pending a minute ago, and leaves fresh ones to their append', async () => {
    const db = await openTestDb()
    const app: App = {
      config: loadConfig({}),
      secrets: generateSecrets(),
      db,
      log: createLogger('silent'),
      close: () => db.dispose(),
    }
    const event = (n: number) => ({
      actor: { kind: 'member', id: 'bank-1' },
      action: 'report.read',
      consumerKey: randomUUID(),
      purpose: 'credit_application',
      outcome: 'allowed',
      details: { n },
    })
    const left = async (n: number, age: string) =>
      sql`insert into audit_pending (pending_id, events, created_at)
          values (${randomUUID()}::uuid, ${JSON.stringify([event(n)])}::jsonb, now() - ${age}::interval)`.execute(
        db.kysely,
      )
    await left(1, '2 minutes')
    await left(2, '1 second')
    const mods = createModules(app)
    const server = await buildServer(app, mods, { rateLimit: false, logRequests: false })
    try {
      const chained = (await mods.audit.tail({ limit: 10 })).map((r) => r.details['n'])
      assert.deepEqual(chained, [1])
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
