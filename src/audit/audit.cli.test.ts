import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Command } from 'commander'
import { sql } from 'kysely'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { createAuditModule, registerAuditCommands, type AuditModule, type VerifyResult } from './index.ts'

describe('registerAuditCommands', () => {
  let db: TestDb
  let audit: AuditModule
  before(async () => {
    db = await openTestDb()
    audit = createAuditModule(db)
    for (let i = 1; i <= 5; i++) {
      await audit.appendNow({
        actor: { kind: 'member', id: 'bank-1' },
        action: 'report.read',
        target: `inquiry-${i}`,
        outcome: i === 4 ? 'refused' : 'allowed',
        ...(i === 4 ? { reason: 'consumer froze the file' } : {}),
      })
    }
  })
  after(() => db.dispose())

  async function run(...args: string[]): Promise<{ out: string; exitCode: number }> {
    let out = ''
    let exitCode = 0
    const program = new Command('openbureau').exitOverride().configureOutput({ writeErr: () => {} })
    registerAuditCommands(program.command('audit'), () => Promise.resolve(db), {
      write: (text) => void (out += text),
      setExitCode: (code) => void (exitCode = code),
    })
    await program.parseAsync(['audit', ...args], { from: 'user' })
    return { out, exitCode }
  }

  it('prints the last events oldest first with tail -n', async () => {
    const { out, exitCode } = await run('tail', '-n', '3')
    const lines = out.trimEnd().split('\n')
    assert.equal(exitCode, 0)
    assert.deepEqual(
      lines.map((l) => l.split('  ')[0]),
      ['#3', '#4', '#5', '... older: openbureau audit tail --before 3 -n 3'],
    )
    assert.match(lines[1]!, /member:bank-1 {2}report\.read {2}refused .*reason="consumer froze the file"/)
  })

  it('pages back with --before, and says no more once the first event is shown', async () => {
    const back = await run('tail', '--before', '3', '-n', '3')
    assert.deepEqual(
      back.out
        .trimEnd()
        .split('\n')
        .map((l) => l.split('  ')[0]),
      ['#1', '#2'],
    )
    const json = await run('tail', '--before', '5', '-n', '2', '--json')
    assert.deepEqual(
      (JSON.parse(json.out) as { seq: number }[]).map((e) => e.seq),
      [3, 4],
    )
    await assert.rejects(run('tail', '--before', '0'), /'--before <seq>' argument '0' is invalid/)
  })

  it('exits 0 and prints the head when the log is intact', async () => {
    const head = await audit.head()
    const { out, exitCode } = await run('verify')
    assert.equal(exitCode, 0)
    assert.equal(out, `audit log intact: 5 events checked, head ${head.seq}:${head.hash}\n`)
    const json = await run('verify', '--json', '--anchor', `${head.seq}:${head.hash}`)
    const none = { sets: 0, oldest: null }
    assert.deepEqual(JSON.parse(json.out), { ok: true, events: 5, head, pending: none })
    // The head copied in capitals (through another tool) names the same event.
    const upper = await run('verify', '--json', '--anchor', `${head.seq}:${head.hash.toUpperCase()}`)
    assert.deepEqual(JSON.parse(upper.out), { ok: true, events: 5, head, pending: none })
    const part = await run('verify', '--to', '2')
    assert.match(part.out, /^audit log intact: 2 events checked, last event checked 2:[0-9a-f]{64}\n$/)
  })

  it('says how many sets of events of committed work wait outside the chain, and since when', async () => {
    const at = '2026-12-07T03:00:00.000Z'
    await sql`insert into audit_pending (pending_id, events, created_at)
      values (gen_random_uuid(), '[]'::jsonb, ${at}::timestamptz)`.execute(db.kysely)
    try {
      const { out, exitCode } = await run('verify')
      assert.equal(exitCode, 0)
      assert.match(
        out.split('\n')[1] ?? '',
        new RegExp(
          `^ {2}1 set\\(s\\) of events of committed work, the oldest written ${at}, wait outside the chain`,
        ),
      )
      const json = JSON.parse((await run('verify', '--json')).out) as VerifyResult
      assert.deepEqual(json.pending, { sets: 1, oldest: at })
    } finally {
      await sql`delete from audit_pending`.execute(db.kysely)
    }
  })

  it('exits 1 and prints each problem when the log was tampered with', async () => {
    await db.transaction(async (tx) => {
      await sql`alter table audit_events disable trigger user`.execute(tx.kysely)
      await sql`update audit_events set target = 'inquiry-9' where seq = 2`.execute(tx.kysely)
      await sql`delete from audit_events where seq = 4`.execute(tx.kysely)
      await sql`alter table audit_events enable trigger user`.execute(tx.kysely)
    })
    const { out, exitCode } = await run('verify')
    assert.equal(exitCode, 1)
    const lines = out.trimEnd().split('\n')
    assert.equal(lines[0], 'audit log TAMPERED: 2 problem(s) in 4 events checked')
    assert.match(lines[1]!, /^ {2}seq 2 {2}edited {2}/)
    assert.match(lines[2]!, /^ {2}seq 4 {2}deleted {2}/)

    const json = await run('verify', '--json')
    const result = JSON.parse(json.out) as VerifyResult
    assert.equal(json.exitCode, 1)
    assert.deepEqual(result.ok ? [] : result.problems.map((p) => p.kind), ['edited', 'deleted'])
  })

  it('rejects a malformed anchor before opening anything', async () => {
    await assert.rejects(run('verify', '--anchor', '5:abc'), /seq>:<64 hex digits/)
  })

  it('rejects a count out of its range by name before opening anything', async () => {
    await assert.rejects(
      run('tail', '-n', '501'),
      /'-n, --lines <n>' argument '501' is invalid\. must be a whole number from 1 to 500/,
    )
    await assert.rejects(
      run('verify', '--from', '0'),
      /'--from <seq>' argument '0' is invalid\. must be a whole number of at least 1/,
    )
  })
})
