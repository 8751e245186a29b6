import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { after, before, describe, it } from 'node:test'
import { checkChannel } from './notifications.ts'
import { eventually, openTestDb, type TestDb } from './testing.ts'

describe('Db.listen', () => {
  let db: TestDb
  before(async () => {
    db = await openTestDb({ migrate: false })
  })
  after(() => db.dispose())

  it('hears a committed notice, never a rolled back one, and nothing once stopped', async () => {
    const heard: string[] = []
    const listening = await db.listen('ob_test_channel', {
      onNotify: (p) => heard.push(p),
      onLost: () => {},
    })
    await db
      .transaction(async (tx) => {
        await sql`select pg_notify('ob_test_channel', 'rolled back')`.execute(tx.kysely)
        throw new Error('undo')
      })
      .catch(() => {})
    await db.transaction(async (tx) => {
      await sql`select pg_notify('ob_test_channel', 'committed')`.execute(tx.kysely)
    })
    assert.ok(await eventually(() => heard.length > 0))
    await sql`select pg_notify('ob_test_channel', 'second')`.execute(db.kysely)
    assert.ok(await eventually(() => heard.length > 1))
    assert.deepEqual(heard, ['committed', 'second'])
    await listening.stop()
    await sql`select pg_notify('ob_test_channel', 'after stop')`.execute(db.kysely)
    await new Promise((r) => setTimeout(r, 200))
    assert.deepEqual(heard, ['committed', 'second'])
  })

  it('accepts only a plain lowercase channel name', async () => {
    assert.equal(checkChannel('openbureau_members_changed'), 'openbureau_members_changed')
    for (const bad of ['', 'Upper', 'a;drop', '1st', 'x'.repeat(64)])
      assert.throws(() => checkChannel(bad), /is not a channel name/)
    await assert.rejects(
      db.listen('bad name', { onNotify: () => {}, onLost: () => {} }),
      /is not a channel name/,
    )
  })
})
