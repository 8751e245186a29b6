// Found by probing: the last operator's last key could be revoked over HTTP (DELETE /v1/keys/{own key id}
// answered 204, and then no one could administer the register over HTTP), and an operator with a key could be
// suspended while the only other active operator had none. Both are refused now, also when two such changes run
// at once (operator-guard.ts).
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { testApp } from '../app.fixture.ts'
import { createModules, type Modules } from '../modules.ts'
import { AppError } from '../platform/errors.ts'
import type { HttpServer } from '../platform/http/index.ts'
import { openTestDb, testingOnServer, type TestDb } from '../platform/testing.ts'
import { buildServer } from '../server.ts'
import { createMembersModule, type MembersService } from './index.ts'

const isConflict = (pattern: RegExp) => (e: unknown) =>
  e instanceof AppError && e.code === 'conflict' && pattern.test(e.message)

describe("the last operator's last key", () => {
  let db: TestDb
  let mods: Modules
  let server: HttpServer
  before(async () => {
    db = await openTestDb()
    mods = createModules(testApp(db))
    await mods.members.add({
      id: 'bureau',
      name: 'Bureau',
      kind: 'bureau',
      roles: ['operator'],
      metro2Ids: [],
    })
    server = await buildServer(testApp(db), mods, { rateLimit: false, logRequests: false })
  })
  after(async () => {
    await server.close()
    await mods.close()
    await db.dispose()
  })

  const revoke = (key: string, keyId: string) =>
    server.inject({ method: 'DELETE', url: `/v1/keys/${keyId}`, headers: { authorization: `Bearer ${key}` } })
  const members = (key: string) =>
    server.inject({ method: 'GET', url: '/v1/members', headers: { authorization: `Bearer ${key}` } })

  it('is not revoked over HTTP, and the answer says why', async () => {
    const { key, info } = await mods.members.createApiKey('bureau')
    const res = await revoke(key, info.keyId)
    assert.equal(res.statusCode, 409, res.body)
    assert.match(
      res.json<{ error: { message: string } }>().error.message,
      new RegExp(`key "${info.keyId}" is the last key of an active operator .*no one to administer`),
    )
    assert.equal((await members(key)).statusCode, 200)
    // Nor by the CLI's service call, which is the same; a rotation replaces it.
    await assert.rejects(
      mods.members.revokeApiKey(info.keyId),
      isConflict(/the last key of an active operator/),
    )
    const rotated = await mods.members.rotateApiKey(info.keyId)
    assert.equal((await members(key)).statusCode, 401)
    assert.equal((await members(rotated.key)).statusCode, 200)
  })

  it("is revoked once another key, or another active operator's key, is there", async () => {
    const [mine] = (await mods.members.apiKeys('bureau')).filter((k) => k.revokedAt === null)
    const second = await mods.members.createApiKey('bureau')
    assert.equal((await revoke(second.key, mine!.keyId)).statusCode, 204)
    await mods.members.add({ id: 'ops-2', name: 'Ops 2', kind: 'bureau', roles: ['operator'], metro2Ids: [] })
    const other = await mods.members.createApiKey('ops-2')
    assert.equal((await revoke(other.key, second.info.keyId)).statusCode, 204)
    assert.equal((await members(other.key)).statusCode, 200)
  })

  it("counts only active operators: a suspended operator's key does not keep one, nor is it kept", async () => {
    const last = (await mods.members.apiKeys('ops-2')).find((k) => k.revokedAt === null)!
    const spare = await mods.members.createApiKey('bureau')
    await mods.members.suspend('bureau')
    await assert.rejects(
      mods.members.revokeApiKey(last.keyId),
      isConflict(/the last key of an active operator/),
    )
    await mods.members.revokeApiKey(spare.info.keyId)
    await mods.members.reactivate('bureau')
  })

  it('is not suspended away: the last active operator with a key is kept, though a keyless one is active', async () => {
    // bureau is active with no key; ops-2 is active with the only operator key.
    await assert.rejects(
      mods.members.suspend('ops-2'),
      isConflict(/"ops-2" is the last active operator with an API key/),
    )
    assert.equal((await mods.members.get('ops-2')).status, 'active')
    // A keyless operator may go while a keyed one stays, and the keyed one once another holds a key.
    await mods.members.add({ id: 'ops-3', name: 'Ops 3', kind: 'bureau', roles: ['operator'], metro2Ids: [] })
    assert.equal((await mods.members.suspend('ops-3')).status, 'suspended')
    await mods.members.createApiKey('bureau')
    assert.equal((await mods.members.suspend('ops-2')).status, 'suspended')
  })
})

describe(
  "the last operators' keys revoked, or an operator suspended, at once",
  { skip: !testingOnServer && 'an embedded database has one connection: changes take turns' },
  () => {
    let db: TestDb
    let members: MembersService
    before(async () => {
      db = await openTestDb()
      // The audit append takes a lock of its own and lasts a little, so that the changes interleave.
      members = createMembersModule(db, {
        record: async (tx) => {
          await sql`select pg_advisory_xact_lock(4243)`.execute(tx.kysely)
          await sleep(5)
        },
      })
    })
    after(() => db.dispose())

    const operatorWithKey = async (id: string) => {
      await members.add({ id, name: id, kind: 'bureau', roles: ['operator'], metro2Ids: [] })
      return (await members.createApiKey(id)).info.keyId
    }
    /** Active operators that hold an unrevoked key. */
    const keyed = async () => {
      const r = await sql<{ n: number }>`
        select count(distinct m.member_id)::int as n from members m join api_keys k on k.member_id = m.member_id
         where m.status = 'active' and 'operator' = any(m.roles) and k.revoked_at is null`.execute(db.kysely)
      return r.rows[0]!.n
    }

    it('lets one of them succeed and refuses the other, never leaving no operator with a key', async () => {
      let survivor = await operatorWithKey('ops-0')
      for (let round = 1; round <= 20; round++) {
        const id = `ops-${round}`
        const fresh = await operatorWithKey(id)
        // Odd rounds: both keys revoked. Even rounds: the survivor's key revoked while the new operator is suspended.
        const changes =
          round % 2 === 1
            ? [members.revokeApiKey(survivor), members.revokeApiKey(fresh)]
            : [members.revokeApiKey(survivor), members.suspend(id)]
        const outcomes = await Promise.allSettled(changes)
        const lost = outcomes.filter((o) => o.status === 'rejected')
        assert.equal(lost.length, 1, `round ${round}: exactly one is refused`)
        assert.ok(isConflict(/last/)(lost[0]!.reason), `round ${round}: ${String(lost[0]!.reason)}`)
        assert.equal(await keyed(), 1, `round ${round}`)
        const [revoked] = outcomes
        if (revoked!.status === 'fulfilled') survivor = fresh
      }
    })
  },
)
