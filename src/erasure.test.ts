// Crypto-shredding a consumer (DESIGN.md principle 4) leaves nothing that leads from their national ID or login
// back to them: besides the identity module's keys, tokens and match keys, the consumers module forgets their
// enrolments (each kept a keyed hash of the national ID), sessions, login and account, in the same transaction,
// with the audit event (found by probing: an enrolment still linked the national ID to the shredded consumer).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { openAccessWorld, type World } from './access-matrix.fixture.ts'

describe('erasure of a consumer', () => {
  let w: World
  before(async () => {
    w = await openAccessWorld()
  })
  after(() => w.dispose())

  const rows = async (table: string, consumerKey: string) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}
        where consumer_key = ${consumerKey}::uuid`.execute(w.db.kysely)
    ).rows[0]!.n

  it('forgets the enrolments, sessions, login and account with the keys, and records it once', async () => {
    const alice = w.principal('alice').id
    const session = await w.session()
    const tables = ['consumer_enrolments', 'consumer_sessions', 'consumer_logins', 'consumer_accounts']
    for (const t of tables) assert.ok((await rows(t, alice)) > 0, `${t} before`)
    assert.equal((await w.mods.identity.shredConsumer(alice)).status, 'shredded')
    for (const t of tables) assert.equal(await rows(t, alice), 0, `${t} after`)
    assert.equal(await w.mods.consumers.authenticateSession(session), undefined, 'signed out')
    const events = (await w.mods.audit.tail({ limit: 50 })).filter(
      (e) => e.action === 'consumer.shredded' && e.consumerKey === alice,
    )
    assert.equal(events.length, 1)
    assert.equal((await w.mods.identity.shredConsumer(alice)).status, 'already_shredded')
  })

  it('forgets a consumer shredded before the consumers module forgot anyone, recording nothing twice', async () => {
    const bob = w.principal('bob').id
    await sql`delete from consumer_keys where consumer_key = ${bob}::uuid`.execute(w.db.kysely)
    assert.ok((await rows('consumer_accounts', bob)) > 0)
    assert.equal((await w.mods.identity.shredConsumer(bob)).status, 'already_shredded')
    for (const t of ['consumer_enrolments', 'consumer_sessions', 'consumer_logins', 'consumer_accounts'])
      assert.equal(await rows(t, bob), 0, t)
    const events = (await w.mods.audit.tail({ limit: 50 })).filter(
      (e) => e.action === 'consumer.shredded' && e.consumerKey === bob,
    )
    assert.equal(events.length, 0)
  })
})
