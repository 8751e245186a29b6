// A set of pending audit events is chained at most once: a sealed row copied out of audit_pending and put back
// after its append (by the live path or by the sweep) is recorded as refused, not chained a second time.
import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { reportRead } from './audit.fixture.ts'
import { parseAuditEvents } from './audit.service.ts'
import { createAuditModule, type AuditModule } from './index.ts'

interface Row {
  pending_id: string
  events: string
  mac: string
}

describe('AuditService.chainPending: a pending set put back after it was chained', () => {
  let db: TestDb
  let audit: AuditModule
  const key = randomBytes(32)
  before(async () => {
    db = await openTestDb()
    audit = createAuditModule(db, { pendingKey: key })
  })
  after(() => db.dispose())

  /** Stores a sealed pending set as a server does, and a copy of its row as someone with database access takes it. */
  async function stored(n: number): Promise<{ id: string; copy: Row }> {
    const id = randomUUID()
    await db.kysely.executeQuery(audit.pendingInsert(id, [reportRead({ n })]))
    const { rows } = await sql<Row>`select pending_id, events::text as events, mac from audit_pending
      where pending_id = ${id}::uuid`.execute(db.kysely)
    return { id, copy: rows[0]! }
  }
  // Put back unchanged, seal included, and backdated so that the sweep takes it at once.
  const putBack = (r: Row) =>
    sql`insert into audit_pending (pending_id, events, mac, created_at)
      values (${r.pending_id}::uuid, ${r.events}::jsonb, ${r.mac}, now() - interval '1 hour')`.execute(
      db.kysely,
    )
  const chained = async (n: number) =>
    (await audit.tail({ limit: 500 })).filter((r) => r.details['n'] === n).length
  const refusals = async (id: string) =>
    (await audit.tail({ limit: 500 })).filter((r) => r.action === 'audit.pending_refused' && r.target === id)

  it('refuses a set that the sweep chained, put back', async () => {
    const { id, copy } = await stored(1)
    assert.equal(await audit.chainPending(0), 1)
    await putBack(copy)
    assert.equal(await audit.chainPending(0), 1, 'one event: the refusal')
    assert.equal(await chained(1), 1, 'the report read is in the log once')
    const [refused] = await refusals(id)
    assert.match(refused?.reason ?? '', /chained already/)
    assert.equal((await audit.verify()).ok, true)
  })

  it('refuses a set that its append took (locked, or in one statement), put back', async () => {
    // A fresh service knows no head and takes the lock; `audit`, once it appended last, appends in one statement.
    const locked = createAuditModule(db, { pendingKey: key })
    await audit.appendBatch(parseAuditEvents([reportRead({ n: 0 })]))
    for (const [n, appender] of [
      [2, locked],
      [3, audit],
    ] as const) {
      if (n === 3) await audit.appendBatch(parseAuditEvents([reportRead({ n: 0 })]))
      const { id, copy } = await stored(n)
      await appender.appendBatch(parseAuditEvents([reportRead({ n })]), [id])
      await putBack(copy)
      assert.equal(await audit.chainPending(0), 1)
      assert.equal(await chained(n), 1, `n = ${n}`)
      assert.equal((await refusals(id)).length, 1)
    }
    assert.equal((await audit.verify()).ok, true)
  })

  it('refuses a set taken by an append in another batch (linkAhead), put back', async () => {
    await audit.appendNow(reportRead({ n: 0 }))
    await audit.appendBatch(parseAuditEvents([reportRead({ n: 0 })]))
    const { id, copy } = await stored(4)
    const ahead = audit.linkAhead(parseAuditEvents([reportRead({ n: 4 })]), [id])
    assert.ok(ahead, 'the head is known')
    await db.batch([ahead.statement])
    audit.adoptHead(ahead.records)
    await putBack(copy)
    assert.equal(await audit.chainPending(0), 1)
    assert.equal(await chained(4), 1)
    assert.equal((await refusals(id)).length, 1)
    assert.equal((await audit.verify()).ok, true)
  })
})
