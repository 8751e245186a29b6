import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, beforeEach, describe, it } from 'node:test'
import { sql, type RawBuilder } from 'kysely'
import { AppError } from '../platform/errors.ts'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { hashEvent } from './audit.hash.ts'
import type { AuditEvent, AuditRecord, VerifyResult } from './audit.model.ts'
import { createAuditModule, verifyAuditLog, type AuditModule } from './index.ts'

const N = 12

const event = (i: number): AuditEvent => ({
  actor: { kind: i % 3 === 0 ? 'system' : 'member', id: `member-${i}` },
  action: i % 2 === 0 ? 'report.read' : 'batch.applied',
  consumerKey: randomUUID(),
  target: `target-${i}`,
  purpose: 'account_review',
  outcome: 'done',
  details: { i },
})

// A database owner's tampering: switch the append-only triggers off, change the rows, switch them back on.
async function tamper(db: TestDb, ...statements: RawBuilder<unknown>[]): Promise<void> {
  await db.transaction(async (tx) => {
    await sql`alter table audit_events disable trigger user`.execute(tx.kysely)
    await sql`alter table audit_head disable trigger user`.execute(tx.kysely)
    for (const s of statements) await s.execute(tx.kysely)
    await sql`alter table audit_events enable trigger user`.execute(tx.kysely)
    await sql`alter table audit_head enable trigger user`.execute(tx.kysely)
  })
}

const swap = (a: number, b: number) => [
  sql`update audit_events set seq = 1000000 where seq = ${a}`,
  sql`update audit_events set seq = ${a} where seq = ${b}`,
  sql`update audit_events set seq = ${b} where seq = 1000000`,
]

const problemsOf = (r: VerifyResult) => (r.ok ? [] : r.problems.map((p) => [p.seq, p.kind]))

describe('verifyAuditLog', () => {
  let db: TestDb
  let audit: AuditModule
  let log: AuditRecord[]
  before(async () => {
    db = await openTestDb()
    audit = createAuditModule(db)
  })
  after(() => db.dispose())

  // A fresh log of N events for each test.
  beforeEach(async () => {
    await tamper(
      db,
      sql`delete from audit_events`,
      sql`update audit_head set seq = 0, hash = repeat('0', 64)`,
    )
    log = []
    for (let i = 1; i <= N; i++) log.push(await audit.appendNow(event(i)))
  })

  it('passes an intact log, read in pages of any size, and names its head', async () => {
    for (const pageSize of [1, 5, 1000]) {
      assert.deepEqual(await verifyAuditLog(db, { pageSize }), {
        ok: true,
        events: N,
        head: { seq: N, hash: log.at(-1)!.hash },
        pending: { sets: 0, oldest: null },
      })
    }
    assert.deepEqual(await verifyAuditLog(db, { from: 4, to: 9, pageSize: 2 }), {
      ok: true,
      events: 6,
      head: { seq: 9, hash: log[8]!.hash },
      pending: { sets: 0, oldest: null },
    })
  })

  it('finds an edited field and names its seq', async () => {
    await tamper(db, sql`update audit_events set purpose = 'employment' where seq = 5`)
    const result = await verifyAuditLog(db)
    assert.deepEqual(problemsOf(result), [[5, 'edited']])
    assert.equal(result.events, N)
  })

  it('finds edited details', async () => {
    await tamper(db, sql`update audit_events set details = '{"i": 99}' where seq = 3`)
    assert.deepEqual(problemsOf(await verifyAuditLog(db, { pageSize: 2 })), [[3, 'edited']])
  })

  it('finds a deleted middle event', async () => {
    await tamper(db, sql`delete from audit_events where seq = 6`)
    assert.deepEqual(problemsOf(await verifyAuditLog(db)), [[6, 'deleted']])
  })

  it('finds a deleted first event, and a deleted run of events, whatever the page size', async () => {
    await tamper(db, sql`delete from audit_events where seq = 1 or seq between 7 and 9`)
    for (const pageSize of [1000, 2, 1]) {
      const result = await verifyAuditLog(db, { pageSize })
      assert.deepEqual(problemsOf(result), [
        [1, 'deleted'],
        [7, 'deleted'],
      ])
      assert.match(result.ok ? '' : result.problems[1]!.message, /events 7-9 are missing/)
      assert.equal(result.events, N - 4)
    }
  })

  it('finds two swapped events and reports each as reordered, within a page and across pages', async () => {
    await tamper(db, ...swap(5, 6))
    for (const pageSize of [1000, 5, 1]) {
      const result = await verifyAuditLog(db, { pageSize })
      assert.deepEqual(problemsOf(result), [
        [5, 'reordered'],
        [6, 'reordered'],
      ])
      assert.match(result.ok ? '' : result.problems[0]!.message, /stored at seq 5 .* appended as seq 6/)
    }
  })

  it('finds two swapped events that were far apart', async () => {
    await tamper(db, ...swap(2, 10))
    assert.deepEqual(problemsOf(await verifyAuditLog(db, { pageSize: 3 })), [
      [2, 'reordered'],
      [10, 'reordered'],
    ])
  })

  it('finds an edited last event, whether or not its hash was recomputed', async () => {
    await tamper(db, sql`update audit_events set outcome = 'refused' where seq = ${N}`)
    assert.deepEqual(problemsOf(await verifyAuditLog(db)), [[N, 'edited']])

    const forged = { ...log.at(-1)!, outcome: 'allowed' as const }
    await tamper(
      db,
      sql`update audit_events set outcome = ${forged.outcome}, hash = ${hashEvent(forged)} where seq = ${N}`,
    )
    const result = await verifyAuditLog(db)
    assert.deepEqual(problemsOf(result), [[N, 'edited']])
    assert.match(result.ok ? '' : result.problems[0]!.message, /chain head/)
  })

  it('finds a deleted last event through the chain head', async () => {
    await tamper(db, sql`delete from audit_events where seq >= ${N - 1}`)
    assert.deepEqual(problemsOf(await verifyAuditLog(db)), [[N - 1, 'deleted']])
  })

  it('finds a middle event rewritten with a recomputed hash as a broken link after it', async () => {
    const forged = { ...log[3]!, purpose: 'collection' }
    await tamper(
      db,
      sql`update audit_events set purpose = 'collection', hash = ${hashEvent(forged)} where seq = 4`,
    )
    assert.deepEqual(problemsOf(await verifyAuditLog(db)), [[5, 'broken_link']])
  })

  it('finds an event inserted behind the audit module, even with a correct link', async () => {
    const last = log.at(-1)!
    const forged = { ...last, seq: N + 1, prevHash: last.hash, details: { i: 0 } }
    const hash = hashEvent(forged)
    await tamper(
      db,
      sql`insert into audit_events (seq, occurred_at, actor_kind, actor_id, action, consumer_key, target, purpose,
          outcome, reason, details, prev_hash, hash, salt)
        select ${N + 1}, occurred_at, actor_kind, actor_id, action, consumer_key, target, purpose, outcome, reason,
          '{"i": 0}', ${last.hash}, ${hash}, salt from audit_events where seq = ${N}`,
    )
    assert.deepEqual(problemsOf(await verifyAuditLog(db)), [[N + 1, 'broken_link']])
  })

  it('steps over a far-off forged seq without reading the empty range page by page', async () => {
    const far = 1_000_000_000_000
    await tamper(
      db,
      sql`insert into audit_events select ${far}, occurred_at, actor_kind, actor_id, action, consumer_key, target,
        purpose, outcome, reason, details, prev_hash, hash, salt from audit_events where seq = 3`,
    )
    const result = await verifyAuditLog(db, { pageSize: 10 })
    assert.equal(result.events, N + 1)
    assert.deepEqual(
      problemsOf(result).filter(([, kind]) => kind !== 'reordered'),
      [[far, 'broken_link']],
    )
  })

  it('refuses a seq that is not exact as a number, and finds rows outside 1 to 2^53 - 1 if the checks are dropped', async () => {
    const copyAt = (
      seq: string,
    ) => sql`insert into audit_events select ${sql.raw(seq)}, occurred_at, actor_kind,
      actor_id, action, consumer_key, target, purpose, outcome, reason, details, prev_hash, hash, salt
      from audit_events where seq = 3`
    await assert.rejects(tamper(db, copyAt('9007199254740993')), /audit_events_seq_exact/)
    const checks = ['audit_events_seq_exact', 'audit_events_seq_check']
    await tamper(
      db,
      ...checks.map((c) => sql`alter table audit_events drop constraint ${sql.ref(c)}`),
      copyAt('9007199254740993'),
      copyAt('-1'),
    )
    try {
      // Read as numbers, 2^53 + 1 would be 2^53: the pages stepped over it. Each is named exactly.
      const result = await verifyAuditLog(db)
      assert.ok(!result.ok)
      assert.deepEqual(
        result.problems.map((p) => p.message),
        ['-1', '9007199254740993'].map(
          (seq) =>
            `event ${seq} lies outside the seq numbers the audit module appends (1 to 9007199254740991): not appended by it`,
        ),
      )
      const ranged = await verifyAuditLog(db, { from: 5, to: 6 })
      assert.equal(ranged.ok, false, 'whatever range is asked')
      const shown = await audit.eventsForConsumer(log[2]!.consumerKey!, { limit: 10 })
      assert.deepEqual(
        shown.map((e) => e.seq),
        [3],
        'a consumer is shown only what the audit module appended',
      )
      assert.deepEqual(
        (await audit.tail({ limit: 1 })).map((e) => e.seq),
        [N],
      )
    } finally {
      await tamper(
        db,
        sql`delete from audit_events where seq <= 0 or seq > 9007199254740991`,
        sql`alter table audit_events add constraint audit_events_seq_check check (seq > 0)`,
        sql`alter table audit_events add constraint audit_events_seq_exact check (seq <= 9007199254740991)`,
      )
    }
  })

  it('finds tampering done after dropping the trigger', async () => {
    await db.transaction(async (tx) => {
      await sql`drop trigger audit_events_append_only on audit_events`.execute(tx.kysely)
      await sql`update audit_events set actor_id = 'someone-else' where seq = 2`.execute(tx.kysely)
      await sql`delete from audit_events where seq = 8`.execute(tx.kysely)
      await sql`create trigger audit_events_append_only before update or delete on audit_events
        for each row execute function audit_refuse_change()`.execute(tx.kysely)
    })
    assert.deepEqual(problemsOf(await verifyAuditLog(db)), [
      [2, 'edited'],
      [8, 'deleted'],
    ])
  })

  it('needs an anchor kept outside the database to catch a rewrite of the whole chain and its head', async () => {
    const anchor = { seq: N, hash: log.at(-1)!.hash }
    const rewritten: AuditRecord[] = []
    for (const e of log) {
      const fields = {
        ...e,
        prevHash: rewritten.at(-1)?.hash ?? e.prevHash,
        target: e.seq === 3 ? 'forged' : e.target,
      }
      rewritten.push({ ...fields, hash: hashEvent(fields) })
    }
    await tamper(
      db,
      ...rewritten.map(
        (e) =>
          sql`update audit_events set target = ${e.target}, prev_hash = ${e.prevHash}, hash = ${e.hash} where seq = ${e.seq}`,
      ),
      sql`update audit_head set hash = ${rewritten.at(-1)!.hash}`,
    )
    assert.equal((await verifyAuditLog(db)).ok, true)
    assert.deepEqual(problemsOf(await verifyAuditLog(db, { anchor })), [[N, 'edited']])
    assert.deepEqual(problemsOf(await verifyAuditLog(db, { from: N + 1, anchor })), [[N, 'edited']])
  })

  it('refuses a range that checks nothing and an anchor the range does not reach, rather than say intact', async () => {
    const anchor = { seq: N, hash: 'a'.repeat(64) }
    await assert.rejects(
      verifyAuditLog(db, { from: 1, to: 3, anchor }),
      /anchor: event 12 is outside the events checked \(1 to 3\)/,
    )
    await assert.rejects(
      verifyAuditLog(db, { from: 5, to: 10, anchor }),
      /anchor: event 12 is outside the events checked \(5 to 10, or event 4 just before them\)/,
    )
    await assert.rejects(verifyAuditLog(db, { from: 10, to: 5 }), /from: 10 is after to \(5\)/)
    await assert.rejects(verifyAuditLog(db, { from: N + 5 }), (e: unknown) => {
      assert.ok(e instanceof AppError)
      assert.match(e.message, new RegExp(`from: ${N + 5} is after the last event of the log \\(${N}\\)`))
      assert.deepEqual(e.details, [
        { path: 'from', message: `${N + 5} is after the last event of the log (${N})` },
      ])
      return true
    })
    // Seq 0 is the genesis hash, no event: a wrong hash there is bad input, not a rewritten event.
    await assert.rejects(
      verifyAuditLog(db, { anchor: { seq: 0, hash: 'b'.repeat(64) } }),
      /anchor\.seq: an anchor names an event, and events start at 1/,
    )
    assert.deepEqual(problemsOf(await verifyAuditLog(db, { from: 1, to: N, anchor })), [[N, 'edited']])
  })

  it('checks only the range asked for, linking it to the event before', async () => {
    await tamper(db, sql`update audit_events set purpose = 'tenancy' where seq in (2, 11)`)
    assert.equal((await verifyAuditLog(db, { from: 4, to: 10 })).ok, true)
    assert.deepEqual(problemsOf(await verifyAuditLog(db, { from: 3, to: 12 })), [[11, 'edited']])
    await tamper(db, sql`delete from audit_events where seq = 5`)
    assert.deepEqual(problemsOf(await verifyAuditLog(db, { from: 6 })), [
      [5, 'deleted'],
      [11, 'edited'],
    ])
  })

  it('stops listing problems at the limit and says so', async () => {
    await tamper(db, sql`update audit_events set purpose = 'insurance'`)
    const result = await verifyAuditLog(db, { maxProblems: 3 })
    assert.equal(result.ok, false)
    assert.deepEqual(result.ok ? undefined : [result.problems.length, result.truncated, result.events], [
      3,
      true,
      N,
    ])
  })
})
