// A key revoked and rotated at the same moment: one of them wins and the other finds no active key, never a
// deadlock (PostgreSQL 40P01) answered as an internal error. Each change takes the key's row before the audit
// log's head, as the audit log's append locks its head row (here an advisory lock stands for it, held to the
// end of the transaction and made to last a little, so that the two changes interleave).
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { AppError } from '../platform/errors.ts'
import { openTestDb, testingOnServer, type TestDb } from '../platform/testing.ts'
import { createMembersModule, type MembersService } from './index.ts'

describe(
  'a key revoked and rotated at once',
  { skip: !testingOnServer && 'an embedded database has one connection: changes take turns' },
  () => {
    let db: TestDb
    let members: MembersService
    before(async () => {
      db = await openTestDb()
      members = createMembersModule(db, {
        record: async (tx) => {
          await sql`select pg_advisory_xact_lock(4242)`.execute(tx.kysely)
          await sleep(5)
        },
      })
      await members.add({ id: 'bank-a', name: 'Bank A', kind: 'bank', roles: ['user'], metro2Ids: [] })
    })
    after(() => db.dispose())

    it('lets one of them win and answers the other that the key is no longer active', async () => {
      for (let round = 0; round < 30; round++) {
        const { info } = await members.createApiKey('bank-a')
        const keyId = info.keyId
        const [rotated, revoked] = await Promise.allSettled([
          members.rotateApiKey(keyId),
          members.revokeApiKey(keyId),
        ])
        const lost = [rotated, revoked].filter((o) => o.status === 'rejected')
        assert.equal(lost.length, 1, `round ${round}: exactly one loses`)
        const reason: unknown = lost[0]!.reason
        assert.ok(
          reason instanceof AppError && reason.code === 'not_found' && /no active key/.test(reason.message),
          `round ${round}: ${String(reason)}`,
        )
        const keys = await members.apiKeys('bank-a')
        assert.ok(keys.find((k) => k.keyId === keyId)!.revokedAt !== null)
        const fresh = keys.filter((k) => k.label === `rotated from ${keyId}`)
        assert.equal(fresh.length, rotated.status === 'fulfilled' ? 1 : 0)
      }
    })
  },
)
