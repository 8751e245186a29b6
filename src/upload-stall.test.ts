// A furnisher whose upload stops arriving midway (found by probing): the file is read inside its transaction,
// which on the embedded database holds the one connection, so the stall held every other member's request until
// the client went away. Now the upload is abandoned after the idle limit, nothing of it is stored, and the
// bureau answers the others again.
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { sql } from 'kysely'
import { after, before, describe, it } from 'node:test'
import { metro2File } from './access-matrix.fixture.ts'
import { testApp } from './app.fixture.ts'
import { createModules } from './modules.ts'
import { multipartParts } from './platform/http/http.fixture.ts'
import { openTestDb, type TestDb } from './platform/testing.ts'
import { buildServer } from './server.ts'

describe('an upload that stalls', () => {
  let db: TestDb
  before(async () => (db = await openTestDb()))
  after(() => db.dispose())

  it('is abandoned with 408 after the idle limit, stores nothing, and frees the database for others', async () => {
    const app = testApp(db, {})
    const mods = createModules(app)
    await mods.members.add({
      id: 'furnisher-a',
      name: 'Alpha Bank',
      kind: 'bank',
      roles: ['furnisher'],
      metro2Ids: ['FURNA01'],
    })
    await mods.members.add({
      id: 'furnisher-b',
      name: 'Beta Bank',
      kind: 'bank',
      roles: ['furnisher'],
      metro2Ids: [],
    })
    const auth = async (id: string) => ({
      authorization: `Bearer ${(await mods.members.createApiKey(id)).key}`,
    })
    const server = await buildServer(app, mods, { rateLimit: false, logRequests: false, uploadIdleMs: 400 })
    try {
      const file = metro2File('furnisher-a', [{ account: 'STALL-1' }, { account: 'STALL-2' }])
      const parts = multipartParts('stalls.dat')
      // The header and the first record, then nothing: the transaction has begun when the pause starts.
      const sent = Buffer.concat([parts.head, Buffer.from(file.subarray(0, 1500))])
      const stalled = new Readable({ read() {} })
      stalled.push(sent)
      const started = Date.now()
      const upload = server.inject({
        method: 'POST',
        url: '/v1/furnishing/files',
        headers: { ...(await auth('furnisher-a')), 'content-type': parts.contentType },
        payload: stalled,
      })
      const res = await upload
      assert.equal(res.statusCode, 408, res.body)
      assert.equal(res.json<{ error: { code: string } }>().error.code, 'request_timeout')
      assert.ok(Date.now() - started < 10_000)
      const others = await server.inject({ url: '/v1/furnishing/files', headers: await auth('furnisher-b') })
      assert.equal(others.statusCode, 200, others.body)
      const stored = await sql<{ n: number }>`select
          (select count(*) from batches)::int + (select count(*) from tradelines)::int as n`.execute(
        db.kysely,
      )
      assert.equal(stored.rows[0]?.n, 0, 'nothing of the abandoned upload is stored')
    } finally {
      await server.close()
    }
  })
})
