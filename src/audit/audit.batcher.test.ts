import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { reportRead } from './audit.fixture.ts'
import { createAuditBatcher, createAuditModule, type AuditEvent, type AuditModule } from './index.ts'

const read = (n: number): AuditEvent => reportRead({ n })

describe('createAuditBatcher', () => {
  let db: TestDb
  let audit: AuditModule
  before(async () => {
    db = await openTestDb()
    audit = createAuditModule(db)
  })
  after(() => db.dispose())

  const transactions = async () =>
    (
      await sql<{
        n: number
      }>`select count(distinct occurred_at)::int as n from audit_events`.execute(db.kysely)
    ).rows[0]!.n

  it('commits concurrent events in few transactions, in the order they were recorded, each caller getting its own record', async () => {
    const batcher = createAuditBatcher(audit, { maxBatch: 50, maxDelayMs: 5 })
    const before = await transactions()
    const records = await Promise.all(Array.from({ length: 120 }, (_, i) => batcher.record(read(i))))
    records.forEach((r, i) => assert.equal(r.details['n'], i))
    for (let i = 1; i < records.length; i++) {
      assert.equal(records[i]!.seq, records[i - 1]!.seq + 1, 'consecutive and in call order')
      assert.equal(records[i]!.prevHash, records[i - 1]!.hash)
    }
    const used = (await transactions()) - before
    assert.ok(used >= 3 && used <= 6, `120 events at 50 a batch took ${used} transactions`)
    assert.deepEqual(await audit.verify(), {
      ok: true,
      events: records.at(-1)!.seq,
      head: await audit.head(),
      pending: { sets: 0, oldest: null },
    })
    await batcher.close()
  })

  it('by default commits the events of one turn of the event loop together, without waiting for more', async () => {
    const batcher = createAuditBatcher(audit)
    const before = await transactions()
    const records = await Promise.all(Array.from({ length: 30 }, (_, i) => batcher.record(read(i))))
    assert.equal((await transactions()) - before, 1, 'thirty events of one turn in one transaction')
    const lone = await batcher.record(read(30))
    assert.equal(lone.seq, records.at(-1)!.seq + 1)
    assert.equal((await transactions()) - before, 2)
    await batcher.close()
  })

  it('keeps the events of one recordAll together and in order', async () => {
    const batcher = createAuditBatcher(audit, { maxBatch: 3, maxDelayMs: 1 })
    const [single, group] = await Promise.all([
      batcher.record(read(0)),
      batcher.recordAll([read(1), read(2), read(3), read(4)]),
    ])
    assert.deepEqual(
      group.map((r) => r.details['n']),
      [1, 2, 3, 4],
    )
    assert.deepEqual(
      group.map((r) => r.seq - single.seq),
      [1, 2, 3, 4],
    )
    await batcher.close()
  })

  it('rejects every caller waiting on a batch that fails, and commits the next batch normally', async () => {
    let fail = true
    // The batch's transaction appends, then fails before it commits.
    const failing: Pick<
      AuditModule,
      'appendBatch' | 'linkAhead' | 'adoptHead' | 'pendingStill' | 'pendingInsert'
    > = {
      linkAhead: () => undefined,
      adoptHead: () => {},
      pendingStill: (ids) => audit.pendingStill(ids),
      pendingInsert: (id, events) => audit.pendingInsert(id, events),
      appendBatch: async (events) =>
        fail
          ? db.transaction(async (tx) => {
              await audit.appendMany(tx, events)
              throw new Error('disk full')
            })
          : audit.appendBatch(events),
    }
    const batcher = createAuditBatcher(failing, { maxBatch: 200, maxDelayMs: 5 })
    const head = await audit.head()
    const waiting = Array.from({ length: 10 }, (_, i) => batcher.record(read(i)))
    const results = await Promise.allSettled(waiting)
    assert.deepEqual(
      results.map((r) => r.status),
      Array(10).fill('rejected'),
    )
    for (const r of results) assert.match(String((r as PromiseRejectedResult).reason), /disk full/)
    assert.deepEqual(await audit.head(), head, 'the failed batch left nothing behind')
    fail = false
    const next = await batcher.record(read(99))
    assert.equal(next.seq, head.seq + 1)
    await batcher.close()
  })

  it('refuses a malformed event to its own caller only', async () => {
    const batcher = createAuditBatcher(audit, { maxDelayMs: 5 })
    const good = batcher.record(read(1))
    const bad = batcher.record({ ...read(2), outcome: 'refused' })
    await assert.rejects(bad, /a refusal must record its reason/)
    assert.equal((await good).details['n'], 1)
    await batcher.close()
  })

  it('commits what is queued on close and refuses events afterwards', async () => {
    const batcher = createAuditBatcher(audit, { maxDelayMs: 10_000 })
    const pending = batcher.record(read(7))
    await batcher.close()
    assert.equal((await pending).details['n'], 7)
    await assert.rejects(batcher.record(read(8)), /closed/)
  })
})
