// The probe's refusals on the real server (buildServer over the modules, as `openbureau serve` builds it): a path
// with a trailing slash, a multipart body on a route that takes none, a path parameter past the router's length, a
// prototype key, a member named "me", a whole key where its id belongs, and the rate limit documented on the public
// keys; and the upload limit taken from the settings.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { testApp } from './app.fixture.ts'
import { createModules, type Modules } from './modules.ts'
import type { HttpServer } from './platform/http/index.ts'
import { openTestDb, type TestDb } from './platform/testing.ts'
import { buildServer } from './server.ts'

type Answer = { error: { code: string; message: string; details?: unknown } }

describe('the server refuses what the probe sent', () => {
  let db: TestDb
  let mods: Modules
  let server: HttpServer
  let operator: { authorization: string }
  before(async () => {
    db = await openTestDb()
    const app = testApp(db, { OPENBUREAU_UPLOAD_MAX_BYTES: '4096' })
    mods = createModules(app)
    await mods.members.add({
      id: 'bureau',
      name: 'The Bureau',
      kind: 'bureau',
      roles: ['operator'],
      metro2Ids: [],
    })
    await mods.members.add({ id: 'bank', name: 'A Bank', kind: 'bank', roles: ['furnisher'], metro2Ids: [] })
    operator = { authorization: `Bearer ${(await mods.members.createApiKey('bureau')).key}` }
    server = await buildServer(app, mods, { logRequests: false })
  })
  after(async () => {
    await server.close()
    await mods.close()
    await db.dispose()
  })

  it('answers a path with a trailing slash 404, not a 405 that allows its method', async () => {
    for (const url of ['/v1/members/me/', '/health/', '/docs/static/nope.js']) {
      const res = await server.inject({ url, headers: operator })
      assert.deepEqual([res.statusCode, res.headers['allow']], [404, undefined], `${url}: ${res.body}`)
    }
  })

  it('refuses a multipart body on a route that takes none with 415, and issues no key', async () => {
    const before = (await mods.members.apiKeys('bank')).length
    const boundary = 'b'
    const res = await server.inject({
      method: 'POST',
      url: '/v1/members/bank/keys',
      headers: { ...operator, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--${boundary}--\r\n`,
    })
    assert.equal(res.statusCode, 415, res.body)
    assert.match(res.json<Answer>().error.message, /multipart\/form-data/)
    assert.equal((await mods.members.apiKeys('bank')).length, before)
  })

  it('names a path parameter past the length limit, and a prototype key in a body', async () => {
    const long = await server.inject({ url: `/v1/consents/${'x'.repeat(3000)}`, headers: operator })
    assert.equal(long.statusCode, 400, long.body.slice(0, 300))
    assert.deepEqual(long.json<Answer>().error.details, [
      { path: 'params.id', message: '3000 characters, more than 100' },
    ])
    assert.ok(long.body.length < 500)
    const proto = await server.inject({
      method: 'POST',
      url: '/v1/members/bank/keys',
      headers: { ...operator, 'content-type': 'application/json' },
      payload: '{"__proto__":1}',
    })
    assert.deepEqual(
      [proto.statusCode, proto.json<Answer>().error.message],
      [400, 'property __proto__ is not allowed'],
    )
  })

  it('refuses a member named "me", and a whole key where its id belongs, naming each', async () => {
    const me = await server.inject({
      method: 'POST',
      url: '/v1/members',
      headers: operator,
      payload: { id: 'me', name: 'Me', kind: 'bank', roles: ['user'] },
    })
    assert.equal(me.statusCode, 400, me.body)
    assert.deepEqual(me.json<Answer>().error.details, [
      { path: 'body.id', message: '"me" is reserved: /v1/members/me names the caller' },
    ])
    const { key, info } = await mods.members.createApiKey('bank', 'prod')
    for (const [method, suffix] of [
      ['POST', '/rotate'],
      ['DELETE', ''],
    ] as const) {
      const res = await server.inject({ method, url: `/v1/keys/${key}${suffix}`, headers: operator })
      assert.equal(res.statusCode, 400, res.body)
      assert.match(JSON.stringify(res.json<Answer>().error.details), /that is a whole API key, not its id/)
      assert.ok(!res.body.includes(key))
    }
    const rotated = await server.inject({
      method: 'POST',
      url: `/v1/keys/${info.keyId}/rotate`,
      headers: operator,
    })
    assert.equal(rotated.json<{ info: { label: string } }>().info.label, 'prod')
  })

  it('documents the rate limit on the public keys, and the upload limit of the settings', async () => {
    type Operation = { summary?: string; responses: Record<string, unknown> }
    const doc = (await server.inject({ url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, Operation>>
    }>()
    assert.ok('429' in (doc.paths['/.well-known/jwks.json']?.['get']?.responses ?? {}))
    assert.match(String(doc.paths['/v1/furnishing/files']?.['post']?.summary), /up to 4 KiB\)$/)
  })
})
