// The probe's findings on credentials, request ids and the log, on the real server (buildServer over the modules):
// a national ID a caller sent stays out of every log line, not only the URL's (DESIGN.md principle 4); a request id
// that is an API key or a session token is replaced; a JSON body that is not UTF-8 is refused, not stored with
// U+FFFD (RFC 8259 §8.1); and a 401 says whether the credential was malformed or not valid (RFC 6750 §3.1), the
// same for a revoked key as for one that never existed.
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { pino } from 'pino'
import { testApp } from './app.fixture.ts'
import { createModules, type Modules } from './modules.ts'
import type { HttpServer } from './platform/http/index.ts'
import { openTestDb, type TestDb } from './platform/testing.ts'
import { buildServer } from './server.ts'

type Answer = { error: { code: string; message: string; details?: { path: string }[] }; requestId: string }

const NATIONAL_ID = /801.?26.?3579/

describe('the server keeps credentials and national IDs out of its answers and logs', () => {
  const text: string[] = []
  let db: TestDb
  let mods: Modules
  let server: HttpServer
  let operator: { authorization: string }
  let revoked: string
  before(async () => {
    db = await openTestDb()
    const logger = pino(
      { level: 'info' },
      new Writable({ write: (chunk, _enc, done) => (text.push(String(chunk)), done()) }),
    )
    const app = { ...testApp(db), log: logger }
    mods = createModules(app)
    await mods.members.add({
      id: 'bureau',
      name: 'The Bureau',
      kind: 'bureau',
      roles: ['operator'],
      metro2Ids: [],
    })
    operator = { authorization: `Bearer ${(await mods.members.createApiKey('bureau')).key}` }
    const old = await mods.members.createApiKey('bureau')
    await mods.members.revokeApiKey(old.info.keyId)
    revoked = old.key
    server = await buildServer(app, mods, { rateLimit: false })
  })
  after(async () => {
    await server.close()
    await mods.close()
    await db.dispose()
  })

  const linesOf = (requestId: string) =>
    text
      .join('')
      .split('\n')
      .filter((l) => l.includes(`"requestId":"${requestId}"`))

  it('logs the error line of a request with the national ID masked, and answers the caller with it', async () => {
    const asked = [
      { url: '/v1/members/801-26-3579' },
      { url: '/v1/furnishing/files?furnisher=801-26-3579' },
      { url: '/v1/members?ssn801-26-3579=1' },
      {
        method: 'POST' as const,
        url: '/v1/consumers/enrolments',
        payload: { 'Matthew Peterson 801263579': 1 },
      },
    ]
    for (const request of asked) {
      const res = await server.inject({ ...request, headers: operator })
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${request.url}: ${res.body}`)
      assert.match(res.body, NATIONAL_ID, 'the caller hears what it sent')
      const logged = linesOf(res.json<Answer>().requestId)
      assert.ok(
        logged.some((l) => l.includes('"code":')),
        `${request.url}: an error line`,
      )
      assert.ok(!logged.some((l) => NATIONAL_ID.test(l)), logged.join('\n'))
    }
  })

  it('replaces a request id that is a live API key, and logs no part of its secret', async () => {
    const key = operator.authorization.slice('Bearer '.length)
    const res = await server.inject({ url: '/health', headers: { 'x-request-id': key } })
    assert.notEqual(res.headers['x-request-id'], key)
    assert.ok(!text.join('').includes(key.slice(-43)))
  })

  it('refuses a member whose name is not UTF-8 with 400 naming the offset, and stores nothing', async () => {
    const body = Buffer.from(
      '{"id":"latin-test2","name":"Caf\xe9 Bank","kind":"bank","roles":["user"]}',
      'latin1',
    )
    const res = await server.inject({
      method: 'POST',
      url: '/v1/members',
      headers: { ...operator, 'content-type': 'application/json' },
      payload: body,
    })
    assert.equal(res.statusCode, 400, res.body)
    assert.match(res.json<Answer>().error.message, /not valid UTF-8.*offset 31 \(0xe9\)/)
    const latin = await server.inject({
      method: 'POST',
      url: '/v1/members',
      headers: { ...operator, 'content-type': 'application/json; charset=iso-8859-1' },
      payload: body,
    })
    assert.equal(latin.statusCode, 415, latin.body)
    assert.match(latin.json<Answer>().error.message, /iso-8859-1/)
    const read = await server.inject({ url: '/v1/members/latin-test2', headers: operator })
    assert.equal(read.statusCode, 404)
  })

  it('answers invalid_token alike to a revoked, a cut short and an unknown key, and invalid_request to no Bearer', async () => {
    const key = operator.authorization.slice('Bearer '.length)
    const answers = []
    for (const authorization of [
      `Bearer ${revoked}`,
      `Bearer ${key.slice(0, 40)}`,
      `Bearer ob_aaaaaaaaaaaa_${'A'.repeat(43)}`,
      `Bearer cs_${'A'.repeat(43)}`,
    ]) {
      const res = await server.inject({ url: '/v1/members', headers: { authorization } })
      answers.push([res.statusCode, res.json<Answer>().error.message, res.headers['www-authenticate']])
    }
    assert.deepEqual(new Set(answers.map((a) => JSON.stringify(a))).size, 1, JSON.stringify(answers))
    assert.deepEqual(answers[0], [
      401,
      'the key or session token is not valid',
      'Bearer error="invalid_token", error_description="the key or session token is not valid"',
    ])
    for (const authorization of [`Token ${key}`, key]) {
      const res = await server.inject({ url: '/v1/members', headers: { authorization } })
      assert.equal(res.statusCode, 401)
      assert.match(String(res.headers['www-authenticate']), /^Bearer error="invalid_request"/)
      assert.ok(!res.body.includes(key.slice(-43)))
    }
    const none = await server.inject({ url: '/v1/members' })
    assert.deepEqual([none.statusCode, none.headers['www-authenticate']], [401, 'Bearer'])
  })
})
