// The MAC of each audit event (chain-mac.ts): an event appended by someone who can write to the database but does
// not hold the bureau's key fails verify, however correct its hash and link; a log from before keeps verifying.
import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { Command } from 'commander'
import { sql } from 'kysely'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { reportRead } from './audit.fixture.ts'
import { hashEvent } from './audit.hash.ts'
import type { VerifyResult } from './audit.model.ts'
import { createAuditModule, registerAuditCommands, verifyAuditLog, type AuditModule } from './index.ts'

const problemsOf = (r: VerifyResult) => (r.ok ? [] : r.problems.map((p) => [p.seq, p.kind]))

/**
 * What an ordinary database connection can do (the append-only triggers allow both): link an event after the
 * head with the published hash, insert it, and move the head forward. Returns the forged event's seq.
 */
async function appendForged(db: TestDb, mac: string | null = null): Promise<number> {
  const { rows } = await sql<{ seq: number; hash: string }>`select seq, hash from audit_head`.execute(
    db.kysely,
  )
  const head = rows[0]!
  const fields = {
    seq: head.seq + 1,
    occurredAt: '2026-02-01T09:00:00.123456Z',
    actor: { kind: 'member' as const, id: 'bank-1' },
    action: 'report.read',
    consumerKey: randomUUID(),
    target: null,
    purpose: 'credit_application',
    outcome: 'allowed' as const,
    reason: null,
    details: {},
    prevHash: head.hash,
    salt: randomBytes(16).toString('hex'),
  }
  const hash = hashEvent(fields)
  await db.transaction(async (tx) => {
    await sql`insert into audit_events (seq, occurred_at, actor_kind, actor_id, action, consumer_key, target, purpose,
        outcome, reason, details, prev_hash, salt, hash, mac)
      values (${fields.seq}, ${fields.occurredAt}::timestamptz, 'member', 'bank-1', 'report.read',
        ${fields.consumerKey}::uuid, null, 'credit_application', 'allowed', null, '{}'::jsonb, ${head.hash},
        ${fields.salt}, ${hash}, ${mac})`.execute(tx.kysely)
    await sql`update audit_head set seq = ${fields.seq}, hash = ${hash} where id = 1`.execute(tx.kysely)
  })
  return fields.seq
}

const keyedCount = async (db: TestDb) =>
  (
    await sql<{
      n: number
    }>`select count(*)::int as n from audit_events where action = 'audit.keyed'`.execute(db.kysely)
  ).rows[0]!.n

describe('audit event MACs', () => {
  let db: TestDb
  let audit: AuditModule
  const key = randomBytes(32)
  before(async () => {
    db = await openTestDb()
    // A log kept before the MACs: events appended without the key carry none.
    const before = createAuditModule(db)
    for (let n = 1; n <= 3; n++) await before.appendNow(reportRead({ n }))
    audit = createAuditModule(db, { pendingKey: key })
  })
  after(() => db.dispose())

  it('keys a log that existed before, from an audit.keyed event appended once, and it still verifies', async () => {
    const other = createAuditModule(db, { pendingKey: key })
    await audit.appendNow(reportRead({ n: 4 }))
    await other.appendBatch([])
    await other.appendNow(reportRead({ n: 5 }))
    const log = (await audit.tail({ limit: 10 })).reverse()
    assert.deepEqual(
      log.map((r) => [r.seq, r.action, r.mac === null]),
      [
        [1, 'report.read', true],
        [2, 'report.read', true],
        [3, 'report.read', true],
        [4, 'audit.keyed', false],
        [5, 'report.read', false],
        [6, 'report.read', false],
      ],
    )
    assert.equal(await keyedCount(db), 1, 'once, whichever server appends first')
    const head = await audit.head()
    assert.deepEqual(await audit.verify({ anchor: head }), {
      ok: true,
      events: 6,
      head,
      // The events from before the key are said to be unauthenticated, not passed as if they were.
      unkeyed: { from: 1, to: 3, events: 3, keyedFrom: 4 },
      pending: { sets: 0, oldest: null },
    })
  })

  it('names an event appended at the tail with a correct hash and no MAC, even against an anchor', async () => {
    const anchor = await audit.head()
    const forged = await appendForged(db)
    assert.deepEqual(problemsOf(await audit.verify()), [[forged, 'forged']])
    assert.deepEqual(problemsOf(await audit.verify({ anchor })), [[forged, 'forged']])
    assert.deepEqual(problemsOf(await audit.verify({ from: forged })), [[forged, 'forged']])
    // Appends go on after it; the forged event stays named.
    await audit.appendNow(reportRead({ n: 6 }))
    assert.deepEqual(problemsOf(await audit.verify()), [[forged, 'forged']])
  })

  it('names an event with a MAC made under another key', async () => {
    const before = await audit.verify()
    const forged = await appendForged(db, 'ab'.repeat(32))
    assert.deepEqual(problemsOf(await audit.verify()), [...problemsOf(before), [forged, 'forged']])
    const elsewhere = createAuditModule(db, { pendingKey: randomBytes(32) })
    const r = await elsewhere.verify({ from: 5, to: 5 })
    assert.deepEqual(problemsOf(r), [[5, 'forged']], "another bureau's key does not hold")
  })

  it('says, without the key, that the MACs were not checked, rather than plain intact', async () => {
    const r = await verifyAuditLog(db, { to: 6 })
    assert.deepEqual(r.ok && r.unauthenticatedFrom, 4)
    let out = ''
    const program = new Command('openbureau').exitOverride()
    registerAuditCommands(program.command('audit'), () => Promise.resolve(db), {
      write: (text) => void (out += text),
      setExitCode: () => {},
    })
    await program.parseAsync(['audit', 'verify', '--to', '6'], { from: 'user' })
    assert.match(out, /intact.*\n {2}hashes only: the MACs of events from 4 on were not checked/)
    out = ''
    let exitCode = 0
    const keyed = new Command('openbureau').exitOverride()
    registerAuditCommands(keyed.command('audit'), () => Promise.resolve(audit), {
      write: (text) => void (out += text),
      setExitCode: (code) => void (exitCode = code),
    })
    await keyed.parseAsync(['audit', 'verify'], { from: 'user' })
    assert.equal(exitCode, 1)
    assert.match(out, /forged {2}event \d+ \(report\.read\) has no MAC/)
  })

  it('needs no MAC in a log without an audit.keyed event, which the next keyed append puts after it', async () => {
    const fresh = await openTestDb()
    try {
      const plain = createAuditModule(fresh)
      await plain.appendNow(reportRead({ n: 1 }))
      const forged = await appendForged(fresh)
      const unkeyed = await createAuditModule(fresh, { pendingKey: key }).verify()
      // Found by probing: a log rewritten without its audit.keyed event and every MAC read "intact" with the key,
      // like a keyed log; it is intact, and said to be unauthenticated throughout.
      assert.deepEqual(unkeyed.ok && unkeyed.unkeyed, { from: 1, to: 2, events: 2, keyedFrom: null })
      let out = ''
      const program = new Command('openbureau').exitOverride()
      registerAuditCommands(
        program.command('audit'),
        () => Promise.resolve(createAuditModule(fresh, { pendingKey: key })),
        { write: (text) => void (out += text), setExitCode: () => {} },
      )
      await program.parseAsync(['audit', 'verify'], { from: 'user' })
      assert.match(
        out,
        /intact.*\n {2}not authenticated: the log has no `audit\.keyed` event, and none of its 2 event\(s\) from seq 1 to 2 carries a MAC/,
      )
      const keyed = createAuditModule(fresh, { pendingKey: key })
      await keyed.appendNow(reportRead({ n: 2 }))
      assert.deepEqual(
        (await keyed.tail()).reverse().map((r) => r.action),
        ['report.read', 'report.read', 'audit.keyed', 'report.read'],
      )
      assert.equal(forged, 2)
      assert.equal((await keyed.verify()).ok, true)
    } finally {
      await fresh.dispose()
    }
  })

  it('keeps asking for MACs after the audit.keyed event was renamed, in a range after it too', async () => {
    const fresh = await openTestDb()
    try {
      await createAuditModule(fresh).appendNow(reportRead({ n: 1 }))
      const keyed = createAuditModule(fresh, { pendingKey: key })
      for (let n = 2; n <= 3; n++) await keyed.appendNow(reportRead({ n }))
      const anchor = await keyed.head()
      // A column anyone with database access can edit (the append-only triggers set aside, as a superuser can).
      await fresh.transaction(async (tx) => {
        await sql`set local session_replication_role = replica`.execute(tx.kysely)
        await sql`update audit_events set action = 'audit.keyex' where action = 'audit.keyed'`.execute(
          tx.kysely,
        )
      })
      const forged = await appendForged(fresh)
      const range = await keyed.verify({ from: anchor.seq, anchor })
      // The event before the range carries the bureau's MAC: the log was keyed by then, whatever it says.
      assert.deepEqual(problemsOf(range), [
        [forged, 'forged'],
        [anchor.seq - 1, 'edited'],
      ])
      const whole = await keyed.verify()
      assert.deepEqual(problemsOf(whole), [
        [2, 'edited'],
        [forged, 'forged'],
        [2, 'edited'],
      ])
      assert.match(
        JSON.stringify(whole),
        /event 2 carries the bureau's MAC, yet the log has no `audit.keyed` event/,
      )
    } finally {
      await fresh.dispose()
    }
  })

  it('blames the head row, not an event whose MAC holds, when the row was rewritten or moved back', async () => {
    const fresh = await openTestDb()
    try {
      const keyed = createAuditModule(fresh, { pendingKey: key })
      for (let n = 1; n <= 3; n++) await keyed.appendNow(reportRead({ n }))
      const head = await keyed.head()
      // The head row's trigger lets it only move forward: set aside, as a superuser can.
      const setHead = (seq: number, hash: string) =>
        fresh.transaction(async (tx) => {
          await sql`set local session_replication_role = replica`.execute(tx.kysely)
          await sql`update audit_head set seq = ${seq}, hash = ${hash}`.execute(tx.kysely)
        })
      const message = async () => {
        const r = await keyed.verify()
        return r.ok ? 'intact' : r.problems.map((p) => p.message).join('; ')
      }
      await setHead(head.seq, 'a'.repeat(64))
      assert.match(await message(), /^the chain head row was rewritten: it names another hash for event 4/)
      const second = (await keyed.tail({ limit: 10 })).find((e) => e.seq === 2)!
      await setHead(2, second.hash)
      assert.match(await message(), /^the chain head row \(seq 2\) was moved back: event 3, beyond it/)
      await setHead(head.seq, head.hash)
      assert.equal(await message(), 'intact')
    } finally {
      await fresh.dispose()
    }
  })
})
