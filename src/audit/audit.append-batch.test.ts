import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { reportRead } from './audit.fixture.ts'
import { hashEvent } from './audit.hash.ts'
import type { AuditEvent, AuditRecord } from './audit.model.ts'
import { createAuditService, parseAuditEvents, type ValidAuditEvent } from './audit.service.ts'
import { createAuditStore, type AuditStore } from './audit.store.ts'
import { ChainClock, microsOf, utcOfMicros } from './chain-clock.ts'

const event = (n: number): AuditEvent => reportRead({ n })
const read = (n: number): ValidAuditEvent => parseAuditEvents([event(n)])[0]!

/** The real store, counting the locked appends and the one-statement appends that wrote. */
function countingStore(db: TestDb) {
  const store = createAuditStore(db)
  const calls = { locked: 0, oneStatement: 0, missed: 0 }
  const counted: AuditStore = {
    ...store,
    lockHead: async (tx) => {
      calls.locked++
      return store.lockHead(tx)
    },
    appendIfHead: async (expected, records) => {
      const wrote = await store.appendIfHead(expected, records)
      if (wrote) calls.oneStatement++
      else calls.missed++
      return wrote
    },
  }
  return { store: counted, calls }
}

const stored = async (db: TestDb): Promise<number> =>
  (await sql<{ n: number }>`select count(*)::int as n from audit_events`.execute(db.kysely)).rows[0]!.n

function assertLinked(records: readonly AuditRecord[]): void {
  for (let i = 1; i < records.length; i++) {
    assert.equal(records[i]!.seq, records[i - 1]!.seq + 1)
    assert.equal(records[i]!.prevHash, records[i - 1]!.hash)
    assert.equal(records[i]!.hash, hashEvent(records[i]!))
  }
}

describe('AuditService.appendBatch', () => {
  let db: TestDb
  before(async () => {
    db = await openTestDb()
  })
  after(() => db.dispose())

  it('appends in one statement after its own append, and stores each event as it was hashed', async () => {
    const { store, calls } = countingStore(db)
    const audit = createAuditService(db, store)
    const first = await audit.appendBatch([read(1)])
    assert.deepEqual(calls, { locked: 1, oneStatement: 0, missed: 0 }, 'no head known yet: the lock')
    const next = await audit.appendBatch([read(2), read(3)])
    const last = await audit.appendBatch([read(4)])
    assert.deepEqual(calls, { locked: 1, oneStatement: 2, missed: 0 })
    assertLinked([...first, ...next, ...last])
    assert.deepEqual(await audit.head(), { seq: last[0]!.seq, hash: last[0]!.hash })
    const [back] = await audit.eventsForConsumer(next[1]!.consumerKey!)
    assert.deepEqual(back, next[1])
    assert.deepEqual((await audit.verify()).ok, true)
  })

  it('stamps the database clock as last read plus the time since, never going back', async () => {
    const audit = createAuditService(db)
    const [locked] = await audit.appendBatch([read(1)])
    const before = await dbNow(db)
    const [quick] = await audit.appendBatch([read(2)])
    const afterwards = await dbNow(db)
    assert.ok(microsOf(quick!.occurredAt) >= microsOf(locked!.occurredAt))
    // Off by at most the latency of the reply that synchronised the clock: well inside 50 ms.
    assert.ok(microsOf(quick!.occurredAt) > microsOf(before) - 50_000, `${quick!.occurredAt} vs ${before}`)
    assert.ok(microsOf(quick!.occurredAt) <= microsOf(afterwards), `${quick!.occurredAt} vs ${afterwards}`)
  })

  it('goes through the lock when another appender moved the head, writing nothing the first time', async () => {
    const { store, calls } = countingStore(db)
    const mine = createAuditService(db, store)
    const other = createAuditService(db)
    const a = await mine.appendBatch([read(1)])
    const b = await other.appendNow(read(2))
    const count = await stored(db)
    const c = await mine.appendBatch([read(3), read(4)])
    assert.deepEqual(calls, { locked: 2, oneStatement: 0, missed: 1 })
    assert.equal(await stored(db), count + 2, 'the missed statement wrote nothing')
    assertLinked([...a, b, ...c])
    assert.equal((await mine.verify()).ok, true)
  })

  it('keeps one chain when two processes append batches at once', async () => {
    const one = createAuditService(db)
    const two = createAuditService(db)
    const count = await stored(db)
    const rounds = Array.from({ length: 15 }, (_, i) => i)
    const written = await Promise.all([
      (async () => {
        for (const i of rounds) await one.appendBatch([read(i), read(100 + i)])
      })(),
      (async () => {
        for (const i of rounds) await two.appendBatch([read(200 + i)])
      })(),
    ])
    assert.equal(written.length, 2)
    assert.equal(await stored(db), count + 45)
    const result = await one.verify()
    assert.equal(result.ok, true, JSON.stringify(result))
  })

  it('goes through the lock again once its clock is a second old', async () => {
    let ns = 0n
    const { store, calls } = countingStore(db)
    const audit = createAuditService(db, store, new ChainClock(() => ns))
    await audit.appendBatch([read(1)])
    ns += 999_000_000n
    await audit.appendBatch([read(2)])
    assert.deepEqual(calls, { locked: 1, oneStatement: 1, missed: 0 })
    ns += 2_000_000n
    await audit.appendBatch([read(3)])
    assert.deepEqual(calls, { locked: 2, oneStatement: 1, missed: 0 })
  })

  it('takes only events that were checked, and the check names the one that is malformed', () => {
    assert.throws(
      () => parseAuditEvents([event(1), { ...event(2), outcome: 'refused' }]),
      /invalid audit event 1: reason: a refusal must record its reason/,
    )
  })
})

describe('chain clock', () => {
  it('reads and writes the hashed time form to the microsecond', () => {
    const t = '2026-12-04T16:10:00.123456Z'
    assert.equal(utcOfMicros(microsOf(t)), t)
    assert.equal(utcOfMicros(microsOf('2024-02-29T23:59:59.999999Z') + 1), '2024-03-01T00:00:00.000000Z')
    assert.equal(utcOfMicros(microsOf('1999-12-31T00:00:00.000000Z') + 0.7), '1999-12-31T00:00:00.000000Z')
  })

  it('refuses a time that is not in that form', () => {
    for (const bad of [
      '2026-12-04T16:10:00Z',
      '2026-12-04T16:10:00.123Z',
      '2026-12-04T16:10:00x123456Z',
      'yesterday',
      '2026-13-04T16:10:00.000000Z',
    ])
      assert.throws(() => microsOf(bad), /not a UTC time with microseconds/, bad)
  })

  it('has no time to give before its first sync', () => {
    assert.equal(new ChainClock().now(), undefined)
  })
})

async function dbNow(db: TestDb): Promise<string> {
  const { rows } = await sql<{ now: string }>`
    select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as now`.execute(
    db.kysely,
  )
  return rows[0]!.now
}
