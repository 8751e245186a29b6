// Uploads that hold the database (found by probing on PostgreSQL): ten slow uploads of one furnisher took the whole
// pool, one in its transaction and nine waiting for its file lock, each on a connection, and neither /health nor
// any other member was answered; a client trickling a byte every few seconds held its transaction past the idle
// limit. Now a furnisher's second upload is refused at once (429), uploads over the process's number at once are
// refused at once (503), and an upload below the minimum rate is abandoned (408), storing nothing.
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { sql } from 'kysely'
import { after, before, describe, it } from 'node:test'
import type { FastifyRequest } from 'fastify'
import pg from 'pg'
import { testApp } from '../app.fixture.ts'
import { furnishingRoutes } from './furnishing.routes.ts'
import { line } from './jsonl.fixture.ts'
import { apiKeyId } from '../members/index.ts'
import { createModules, type Modules } from '../modules.ts'
import { createHttpServer, type HttpServer, type Principal } from '../platform/http/index.ts'
import { multipartParts } from '../platform/http/http.fixture.ts'
import { eventually, openTestDb, testingOnServer, type TestDb } from '../platform/testing.ts'

type Settings = NonNullable<Parameters<typeof furnishingRoutes>[2]>
const URL = '/v1/furnishing/files'

/** The routes as the server registers them, with the upload settings a test chooses (seconds, not minutes). */
async function serverWith(db: TestDb, mods: Modules, uploads: Settings): Promise<HttpServer> {
  const authenticate = async (request: FastifyRequest): Promise<Principal | undefined> => {
    const token = String(request.headers['authorization']).slice('Bearer '.length)
    const m = await mods.members.authenticate(token, { cached: false })
    if (!m) return undefined
    const keyId = apiKeyId(token)
    return { kind: 'member', id: m.id, roles: m.roles, memberStatus: m.status, ...(keyId ? { keyId } : {}) }
  }
  const server = await createHttpServer({
    authenticate,
    rateLimit: false,
    readiness: () => db.kysely.selectNoFrom((eb) => eb.lit(1).as('ok')).execute(),
    readinessTimeoutMs: 2000,
  })
  await server.register(furnishingRoutes(mods.furnishing.ingest, mods.furnishing.batches, uploads))
  return server
}

/** `promise`, or 'no answer' after `ms`: a request the old code left waiting must fail the test, not hang it. */
const within = <T>(promise: Promise<T>, ms = 3000): Promise<T | 'no answer'> =>
  Promise.race([promise, new Promise<'no answer'>((r) => setTimeout(() => r('no answer'), ms).unref())])

describe('uploads that would hold the database', () => {
  let db: TestDb
  let mods: Modules
  let auth: Record<'furnisher-a' | 'furnisher-b', { authorization: string }>
  const parts = multipartParts('slow.jsonl')
  const ids = { 'furnisher-a': 'FURNA01', 'furnisher-b': 'FURNB01' }
  /** A JSON Lines file of ten accounts, about 7 KB: its records are read, and its transaction begun, line by line. */
  const file = (account: string, who: keyof typeof ids = 'furnisher-a') =>
    Buffer.from(
      Array.from({ length: 10 }, (_, n) =>
        line({}, { identificationNumber: ids[who], consumerAccountNumber: `${account}-${n}` }),
      ).join('\n') + '\n',
    )
  const stored = async (furnisher: string) =>
    (
      await sql<{
        n: number
      }>`select count(*)::int as n from batches where furnisher_id = ${furnisher}`.execute(db.kysely)
    ).rows[0]!.n

  /** An upload whose body arrives as the test pushes it: the multipart head and the file's first `bytes` now. */
  const slowUpload = (server: HttpServer, who: keyof typeof auth, body: Buffer, bytes: number) => {
    const stream = new Readable({ read() {} })
    stream.push(Buffer.concat([parts.head, body.subarray(0, bytes)]))
    let sent = bytes
    const answer = server.inject({
      method: 'POST',
      url: URL,
      headers: { ...auth[who], 'content-type': parts.contentType },
      payload: stream,
    })
    return {
      answer,
      /** One more byte of the file. */
      trickle: () => stream.push(body.subarray(sent, ++sent)),
      finish: () => {
        stream.push(Buffer.concat([body.subarray(sent), parts.tail]))
        stream.push(null)
      },
    }
  }
  const upload = (server: HttpServer, who: keyof typeof auth, body: Buffer) =>
    server.inject({
      method: 'POST',
      url: URL,
      headers: { ...auth[who], 'content-type': parts.contentType },
      payload: Buffer.concat([parts.head, body, parts.tail]),
    })

  before(async () => {
    db = await openTestDb()
    mods = createModules(testApp(db, {}))
    for (const [id, metro2Id] of Object.entries(ids))
      await mods.members.add({ id, name: id, kind: 'bank', roles: ['furnisher'], metro2Ids: [metro2Id] })
    auth = {
      'furnisher-a': { authorization: `Bearer ${(await mods.members.createApiKey('furnisher-a')).key}` },
      'furnisher-b': { authorization: `Bearer ${(await mods.members.createApiKey('furnisher-b')).key}` },
    }
  })
  after(() => db.dispose())

  it('abandons a trickling upload with 408 once its average falls below the minimum rate, storing nothing', async () => {
    const server = await serverWith(db, mods, { minimumRate: { bytesPerSecond: 2000, graceMs: 300 } })
    try {
      const before = await stored('furnisher-a')
      // Two records in at once, so that the file's transaction is open, then a byte every 100 ms: never idle.
      const slow = slowUpload(server, 'furnisher-a', file('TRICKLE'), 1500)
      const trickling = setInterval(slow.trickle, 100)
      const res = await within(slow.answer, 5000)
      clearInterval(trickling)
      if (res === 'no answer') slow.finish()
      const answered = res === 'no answer' ? await slow.answer : res
      assert.equal(answered.statusCode, 408, answered.body)
      assert.match(
        answered.json<{ error: { message: string } }>().error.message,
        /below the minimum of 2000 bytes\/s after the first 0.3 s/,
      )
      assert.equal(await stored('furnisher-a'), before, 'nothing of the abandoned upload is stored')
      assert.equal((await upload(server, 'furnisher-a', file('TRICKLE'))).statusCode, 201)
    } finally {
      await server.close()
    }
  })

  it("refuses a furnisher's second upload at once while its first is in flight, and answers other members", async () => {
    const server = await serverWith(db, mods, { concurrency: 4 })
    try {
      // The first file's head only: its upload is in flight, and on PGlite has not yet taken the one connection.
      const first = slowUpload(server, 'furnisher-a', file('FIRST'), 100)
      await new Promise((r) => setTimeout(r, 300))
      const second = await within(upload(server, 'furnisher-a', file('SECOND')))
      assert.notEqual(second, 'no answer', 'the second upload is answered at once')
      if (second === 'no answer') return
      assert.equal(second.statusCode, 429, second.body)
      assert.equal(second.headers['retry-after'], '10')
      assert.match(
        second.json<{ error: { message: string } }>().error.message,
        /another file of member "furnisher-a" is being applied; send this one when it has finished/,
      )
      const others = await within(server.inject({ url: URL, headers: auth['furnisher-b'] }))
      assert.notEqual(others, 'no answer')
      if (others !== 'no answer') assert.equal(others.statusCode, 200, others.body)
      first.finish()
      assert.equal((await first.answer).statusCode, 201)
      assert.equal((await upload(server, 'furnisher-a', file('SECOND'))).statusCode, 201, 'its turn came')
    } finally {
      await server.close()
    }
  })

  it('refuses an upload over the number at once with 503 and Retry-After, before reading it', async () => {
    const server = await serverWith(db, mods, { concurrency: 1 })
    try {
      const before = await stored('furnisher-b')
      const first = slowUpload(server, 'furnisher-a', file('CAP'), 100)
      await new Promise((r) => setTimeout(r, 300))
      const other = await within(upload(server, 'furnisher-b', file('CAP-B', 'furnisher-b')))
      assert.notEqual(other, 'no answer', 'the upload over the number is answered at once')
      if (other === 'no answer') return
      assert.equal(other.statusCode, 503, other.body)
      assert.equal(other.headers['retry-after'], '10')
      assert.equal(other.json<{ error: { code: string } }>().error.code, 'service_unavailable')
      assert.equal(await stored('furnisher-b'), before, 'nothing of it is stored')
      first.finish()
      assert.equal((await first.answer).statusCode, 201)
      assert.equal(
        (await upload(server, 'furnisher-b', file('CAP-B', 'furnisher-b'))).statusCode,
        201,
        'a slot is free again',
      )
    } finally {
      await server.close()
    }
  })

  it(
    "stays available with ten slow uploads of one furnisher in flight: /health and another member's request answer",
    { skip: !testingOnServer && 'PGlite has one connection, which the upload in its transaction holds' },
    async () => {
      // The test database's pool has 4 connections: two uploads at once leave two.
      const server = await serverWith(db, mods, { concurrency: 2 })
      const slow = Array.from({ length: 10 }, () => slowUpload(server, 'furnisher-a', file('TEN'), 3000))
      const trickling = setInterval(() => slow.forEach((s) => s.trickle()), 500)
      let statuses: number[] = []
      try {
        // As the probe found it: one upload in its transaction, its staging table created.
        const admin = new pg.Client({ connectionString: db.url })
        await admin.connect()
        const inTransaction = async () =>
          (
            await admin.query(
              `select 1 from pg_stat_activity where datname = current_database() and state = 'idle in transaction'`,
            )
          ).rowCount === 1
        const begun = await eventually(inTransaction, 3000).finally(() => admin.end())
        assert.ok(begun, 'one upload is in its transaction')
        const health = await within(server.inject({ url: '/health' }))
        assert.notEqual(health, 'no answer')
        if (health !== 'no answer') assert.equal(health.statusCode, 200, health.body)
        const others = await within(server.inject({ url: URL, headers: auth['furnisher-b'] }))
        assert.notEqual(others, 'no answer')
        if (others !== 'no answer') assert.equal(others.statusCode, 200, others.body)
      } finally {
        clearInterval(trickling)
        slow.forEach((s) => s.finish())
        statuses = (await Promise.all(slow.map((s) => s.answer))).map((r) => r.statusCode).sort()
        await server.close()
      }
      assert.deepEqual(
        statuses,
        [201, ...Array<number>(9).fill(429)],
        'the first applied, the others refused',
      )
    },
  )
})
