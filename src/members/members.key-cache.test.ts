// The cache of key holders against a real database: it saves the lookup, and a revocation or a suspension
// ends a key's use at once in the process that made it and, by its notice, in any other.
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { after, before, describe, it } from 'node:test'
import type { Listening } from '../platform/notifications.ts'
import { eventually, openTestDb, testingOnServer, type TestDb } from '../platform/testing.ts'
import { createMembersService, type MembersService } from './members.service.ts'
import { createMembersStore, MEMBERS_CHANGED } from './members.store.ts'

// Only the lender report asks for the cache (it confirms the holder with its own reads: keyStandingRead).
const cached = { cached: true }

describe('MembersService key cache', () => {
  let db: TestDb
  let lookups = 0
  let members: MembersService
  // Another process's service on the same database: its changes reach `members` only by their notice.
  let elsewhere: MembersService
  let caching: Listening
  const lost: Error[] = []
  before(async () => {
    db = await openTestDb()
    const store = createMembersStore(db)
    const counted = {
      ...store,
      keyHolder: (keyId: string) => {
        lookups++
        return store.keyHolder(keyId)
      },
    }
    members = createMembersService({ store: counted })
    elsewhere = createMembersService({ store: createMembersStore(db) })
    caching = await members.cacheKeys(db.listen, (e) => lost.push(e), 500)
    for (const id of ['bank-a', 'bank-b'])
      await members.add({ id, name: id, kind: 'bank', roles: ['user'], metro2Ids: [] })
  })
  after(async () => {
    await caching.stop()
    await db.dispose()
  })

  it('reads a key holder once, and checks the secret on every request', async () => {
    const { key } = await members.createApiKey('bank-a')
    lookups = 0
    for (let i = 0; i < 5; i++) assert.equal((await members.authenticate(key, cached))?.id, 'bank-a')
    assert.equal(lookups, 1)
    const forged = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A')
    assert.equal(await members.authenticate(forged, cached), undefined)
    assert.equal(lookups, 1)
  })

  it('reads the key holder on every request that does not ask for the cache', async () => {
    const { key } = await members.createApiKey('bank-a')
    await members.authenticate(key, cached)
    lookups = 0
    for (let i = 0; i < 3; i++) assert.equal((await members.authenticate(key))?.id, 'bank-a')
    assert.equal(lookups, 3)
  })

  it('does not keep a suspended member, so that its reactivation serves at once', async () => {
    const { key } = await members.createApiKey('bank-b')
    await elsewhere.suspend('bank-b')
    lookups = 0
    for (let i = 0; i < 3; i++) assert.equal((await members.authenticate(key, cached))?.status, 'suspended')
    assert.equal(lookups, 3)
    await elsewhere.reactivate('bank-b')
    assert.equal((await members.authenticate(key, cached))?.status, 'active')
  })

  it('does not cache unknown or revoked keys', async () => {
    const { key, info } = await members.createApiKey('bank-a')
    await members.revokeApiKey(info.keyId)
    lookups = 0
    for (const k of [key, `ob_aaaaaaaaaaaa_${'x'.repeat(43)}`])
      for (let i = 0; i < 3; i++) assert.equal(await members.authenticate(k, cached), undefined)
    assert.equal(lookups, 6)
  })

  it('ends a key at once when this process revokes it or suspends its member', async () => {
    const { key, info } = await members.createApiKey('bank-a')
    assert.equal((await members.authenticate(key, cached))?.status, 'active')
    await members.suspend('bank-a')
    assert.equal((await members.authenticate(key, cached))?.status, 'suspended')
    await members.reactivate('bank-a')
    await members.revokeApiKey(info.keyId)
    assert.equal(await members.authenticate(key, cached), undefined)
  })

  it('ends a key when another process revokes it or suspends its member, by the notice of the change', async () => {
    const { key, info } = await members.createApiKey('bank-b')
    assert.equal((await members.authenticate(key, cached))?.status, 'active')
    await elsewhere.suspend('bank-b')
    assert.ok(await eventually(async () => (await members.authenticate(key, cached))?.status === 'suspended'))
    await elsewhere.reactivate('bank-b')
    assert.ok(await eventually(async () => (await members.authenticate(key, cached))?.status === 'active'))
    await elsewhere.revokeApiKey(info.keyId)
    assert.ok(await eventually(async () => (await members.authenticate(key, cached)) === undefined))
  })

  it('hands out a member that no request can change for the others', async () => {
    const { key } = await members.createApiKey('bank-a')
    const m = (await members.authenticate(key, cached))!
    assert.throws(() => (m.roles as string[]).push('operator'))
    assert.deepEqual((await members.authenticate(key, cached))?.roles, ['user'])
  })

  it(
    'reads every key again while the notices are not heard, and caches again once they are',
    { skip: !testingOnServer && 'an embedded database has no connection to lose' },
    async () => {
      const { key } = await members.createApiKey('bank-a')
      await members.authenticate(key, cached)
      const listeners = sql`select pid from pg_stat_activity
                             where datname = current_database() and query like ${`listen ${MEMBERS_CHANGED}%`}`
      const first = (await listeners.execute(db.kysely)).rows
      assert.equal(first.length, 1)
      // Stopped listening and not yet back: every request reads its key.
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
                 where datname = current_database() and query like ${`listen ${MEMBERS_CHANGED}%`}`.execute(
        db.kysely,
      )
      assert.ok(await eventually(async () => lost.length === 1))
      lookups = 0
      for (let i = 0; i < 3; i++) assert.equal((await members.authenticate(key, cached))?.id, 'bank-a')
      assert.equal(lookups, 3)
      // Listening again (a new connection), it hears changes and caches again.
      assert.ok(
        await eventually(async () => {
          const now = (await listeners.execute(db.kysely)).rows
          return now.length === 1 && JSON.stringify(now) !== JSON.stringify(first)
        }),
      )
      // The new connection shows its LISTEN in pg_stat_activity before the statement has returned to this
      // process, which caches only from then on: the key is read until a read of it is kept.
      assert.ok(
        await eventually(async () => {
          await members.authenticate(key, cached)
          lookups = 0
          await members.authenticate(key, cached)
          return lookups === 0
        }),
      )
      lookups = 0
      for (let i = 0; i < 3; i++) await members.authenticate(key, cached)
      assert.equal(lookups, 0)
      await elsewhere.suspend('bank-a')
      assert.ok(
        await eventually(async () => (await members.authenticate(key, cached))?.status === 'suspended'),
      )
      await elsewhere.reactivate('bank-a')
    },
  )
})
