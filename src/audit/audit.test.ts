import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { isAppError } from '../platform/errors.ts'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { reportRead } from './audit.fixture.ts'
import { hashEvent } from './audit.hash.ts'
import { GENESIS_HASH, type AuditEvent } from './audit.model.ts'
import { createAuditModule, type AuditModule } from './index.ts'

const read = (consumerKey: string, n = 0): AuditEvent => reportRead({ inquiry: n }, consumerKey)

const count = async (db: TestDb) =>
  (await sql<{ n: number }>`select count(*)::int as n from audit_events`.execute(db.kysely)).rows[0]!.n

describe('AuditModule', () => {
  let db: TestDb
  let audit: AuditModule
  before(async () => {
    db = await openTestDb()
    audit = createAuditModule(db)
  })
  after(() => db.dispose())

  it('links each event to the one before it, the first one to 64 zeros', async () => {
    const key = randomUUID()
    const first = await audit.appendNow(read(key, 1))
    const second = await audit.appendNow(read(key, 2))
    assert.equal(first.seq, 1)
    assert.equal(first.prevHash, GENESIS_HASH)
    assert.equal(second.seq, 2)
    assert.equal(second.prevHash, first.hash)
    assert.equal(first.hash, hashEvent(first))
    assert.deepEqual(await audit.head(), { seq: 2, hash: second.hash })
  })

  it('stores every field exactly as it was hashed', async () => {
    const key = randomUUID().toUpperCase()
    const appended = await audit.appendNow({
      actor: { kind: 'operator', id: 'ops-ana' },
      action: 'consent.revoked',
      consumerKey: key,
      target: 'consent-42',
      outcome: 'refused',
      reason: 'consent already revoked — nothing to do',
      details: { amount: 0.1 + 0.2, big: 1e21, flags: [true, null, 'ü'], empty: '' },
    })
    const [stored] = await audit.eventsForConsumer(key.toLowerCase(), { limit: 1 })
    assert.deepEqual(stored, appended)
    assert.equal(stored.consumerKey, key.toLowerCase())
    assert.equal(hashEvent(stored), stored.hash)
    assert.match(stored.occurredAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/)
  })

  it('salts every event, so that whoever is shown its hash cannot confirm a guess of its fields', async () => {
    const e = {
      actor: { kind: 'consumer' as const, id: 'anonymous' },
      action: 'consumer.enrolment_started',
      outcome: 'refused' as const,
      reason: 'no consumer on file with that national ID',
    }
    const first = await audit.appendNow(e)
    const second = await audit.appendNow(e)
    for (const r of [first, second]) {
      assert.match(r.salt!, /^[0-9a-f]{32}$/)
      assert.equal(hashEvent(r), r.hash)
      assert.notEqual(hashEvent({ ...r, salt: null }), r.hash, 'every field but the salt is not enough')
    }
    assert.notEqual(first.salt, second.salt)
  })

  it('links the events of appendMany in the order given, under one lock', async () => {
    const key = randomUUID()
    const head = await audit.head()
    const events = await db.transaction((tx) =>
      audit.appendMany(
        tx,
        [1, 2, 3].map((n) => read(key, n)),
      ),
    )
    assert.deepEqual(
      events.map((e) => [e.seq, e.details['inquiry']]),
      [1, 2, 3].map((n) => [head.seq + n, n]),
    )
    assert.equal(events[0]!.prevHash, head.hash)
    assert.equal(events[2]!.prevHash, events[1]!.hash)
    assert.deepEqual(await db.transaction((tx) => audit.appendMany(tx, [])), [])
  })

  it('commits the event with the caller transaction, and leaves no event and no gap when it rolls back', async () => {
    const key = randomUUID()
    const head = await audit.head()
    const rows = await count(db)
    await assert.rejects(
      db.transaction(async (tx) => {
        await audit.append(tx, read(key))
        throw new Error('the report failed after its audit event')
      }),
      /report failed/,
    )
    assert.deepEqual(await audit.head(), head)
    assert.equal(await count(db), rows)
    const next = await db.transaction((tx) => audit.append(tx, read(key)))
    assert.equal(next.seq, head.seq + 1)
    assert.equal(next.prevHash, head.hash)
    assert.deepEqual(await audit.verify(), {
      ok: true,
      events: next.seq,
      head: { seq: next.seq, hash: next.hash },
      pending: { sets: 0, oldest: null },
    })
  })

  it('never forks the chain under 50 concurrent appends and interleaved batches', async () => {
    const head = await audit.head()
    const key = randomUUID()
    const [singles, batches] = await Promise.all([
      Promise.all(Array.from({ length: 50 }, (_, i) => audit.appendNow(read(key, i)))),
      Promise.all(
        Array.from({ length: 5 }, (_, b) =>
          db.transaction((tx) =>
            audit.appendMany(
              tx,
              [0, 1, 2].map((i) => read(key, 100 * b + i)),
            ),
          ),
        ),
      ),
    ])
    const seqs = [...singles, ...batches.flat()].map((e) => e.seq).sort((a, b) => a - b)
    assert.deepEqual(
      seqs,
      Array.from({ length: 65 }, (_, i) => head.seq + 1 + i),
    )
    for (const batch of batches)
      assert.deepEqual(
        batch.map((e) => e.seq - batch[0]!.seq),
        [0, 1, 2],
      )
    const result = await audit.verify({ from: head.seq + 1 })
    assert.equal(result.ok, true, JSON.stringify(result))
    assert.equal(result.events, 65)
  })

  it("lists a consumer's events newest first, page by page, and nobody else's", async () => {
    const mine = randomUUID()
    const other = randomUUID()
    const appended = []
    for (let i = 0; i < 5; i++) {
      appended.push(await audit.appendNow(read(mine, i)))
      await audit.appendNow(read(other, i))
    }
    const first = await audit.eventsForConsumer(mine, { limit: 3 })
    const rest = await audit.eventsForConsumer(mine, { limit: 3, before: first.at(-1)!.seq })
    assert.deepEqual(
      [...first, ...rest].map((e) => e.seq),
      appended.map((e) => e.seq).reverse(),
    )
    assert.ok([...first, ...rest].every((e) => e.consumerKey === mine))
    await assert.rejects(
      audit.eventsForConsumer('not-a-uuid'),
      (e) => isAppError(e) && e.code === 'invalid_input',
    )
  })

  it('refuses events that carry personal data, a refusal without its reason, or a malformed action', async () => {
    const rows = await count(db)
    const bad: AuditEvent[] = [
      { ...read(randomUUID()), details: { surname: 'Kovacs' } },
      { ...read(randomUUID()), details: { national_id: 'token-is-not-the-point' } },
      { ...read(randomUUID()), outcome: 'refused' },
      { ...read(randomUUID()), action: 'ReadReport' },
      { ...read(randomUUID()), target: 'nul\u0000byte' },
    ]
    for (const e of bad) {
      await assert.rejects(
        audit.appendNow(e),
        (err) => isAppError(err) && err.code === 'invalid_input',
        JSON.stringify(e),
      )
    }
    assert.equal(await count(db), rows)
  })

  it('shows the latest events through tail, newest first', async () => {
    const last = await audit.appendNow(read(randomUUID()))
    const tail = await audit.tail({ limit: 2 })
    assert.deepEqual(
      tail.map((e) => e.seq),
      [last.seq, last.seq - 1],
    )
  })

  it('refuses UPDATE, DELETE and TRUNCATE of events, and moving the head back or deleting it', async () => {
    await audit.appendNow(read(randomUUID()))
    const attempts = [
      sql`update audit_events set purpose = 'employment' where seq = 1`,
      sql`delete from audit_events where seq = 1`,
      sql`truncate audit_events`,
      sql`update audit_head set seq = 1`,
      sql`delete from audit_head`,
    ]
    for (const attempt of attempts) {
      await assert.rejects(
        db.transaction((tx) => attempt.execute(tx.kysely)),
        /append-only|only moves forward/,
      )
    }
    assert.equal((await audit.verify()).ok, true)
  })
})
