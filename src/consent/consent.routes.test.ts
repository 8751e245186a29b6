import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  createHttpServer,
  type Authenticate,
  type HttpServer,
  type Principal,
} from '../platform/http/index.ts'
import { openConsentFixture, type ConsentFixture } from './consent.fixture.ts'
import { verifyConsentJws, type Jwks } from './index.ts'

describe('consent routes', () => {
  let f: ConsentFixture
  let app: HttpServer
  const tokens: Record<string, Principal> = {}
  const as = (token: string) => ({ authorization: `Bearer ${token}` })

  before(async () => {
    f = await openConsentFixture('US-FCRA')
    Object.assign(tokens, {
      'bank-a': f.member('bank-a'),
      'bank-b': f.member('bank-b'),
      alice: f.consumer(f.consumers.alice),
      bob: f.consumer(f.consumers.bob),
      operator: f.operator,
    })
    const authenticate: Authenticate = async (request) =>
      tokens[(request.headers.authorization ?? '').replace(/^Bearer /, '')]
    app = await createHttpServer({ authenticate, rateLimit: false })
    await app.register(f.consent.routes)
    await app.ready()
  })
  after(async () => {
    await app.close()
    await f.dispose()
  })

  const requestConsent = (body: object) =>
    app.inject({ method: 'POST', url: '/v1/consents', headers: as('bank-a'), payload: body })

  it('serves the JWKS without credentials and every other route only with one', async () => {
    const jwks = await app.inject({ url: '/.well-known/jwks.json' })
    assert.equal(jwks.statusCode, 200)
    assert.deepEqual(jwks.json(), await f.consent.jwks())
    for (const [method, url] of [
      ['GET', '/v1/consents'],
      ['POST', '/v1/consents'],
      ['GET', '/v1/consents/00000000-0000-4000-8000-000000000000'],
      ['POST', '/v1/consents/00000000-0000-4000-8000-000000000000/revoke'],
      ['GET', '/v1/settings/jurisdiction'],
    ] as const) {
      const res = await app.inject({ method, url })
      assert.equal(res.statusCode, 401, `${method} ${url}`)
    }
    const doc = (await app.inject({ url: '/openapi.json' })).json()
    assert.deepEqual(doc.paths['/.well-known/jwks.json'].get.security, [])
    assert.deepEqual(doc.paths['/v1/consents'].post.security, [{ memberApiKey: [] }])
    assert.deepEqual(doc.paths['/v1/consents/{id}/approve'].post.security, [{ consumerSession: [] }])
    assert.ok(doc.paths['/v1/consents'].post.responses['202'])
  })

  it('answers 202 with the same shape for someone on file and for nobody', async () => {
    const known = await requestConsent(f.request())
    const unknown = await requestConsent(f.request({ nationalId: f.ids.nobody }))
    assert.deepEqual([known.statusCode, unknown.statusCode], [202, 202])
    assert.deepEqual(Object.keys(known.json()), Object.keys(unknown.json()))
    for (const res of [known, unknown]) {
      const get = await app.inject({ url: `/v1/consents/${res.json().id}`, headers: as('bank-a') })
      assert.equal(get.statusCode, 404)
    }
    const bad = await requestConsent({ ...f.request(), categories: ['merchants'] })
    assert.equal(bad.statusCode, 400)
  })

  it('runs the lifecycle over HTTP: approve without a body, read with its JWS, revoke by the member', async () => {
    const { id } = (await requestConsent(f.request())).json()
    const approved = await app.inject({
      method: 'POST',
      url: `/v1/consents/${id}/approve`,
      headers: as('alice'),
    })
    assert.equal(approved.statusCode, 200)
    assert.equal(approved.json().status, 'active')
    const read = await app.inject({ url: `/v1/consents/${id}`, headers: as('bank-a') })
    assert.equal(read.statusCode, 200)
    assert.ok(
      (
        await verifyConsentJws(
          read.json<{ jws: string }>().jws,
          (await app.inject({ url: '/.well-known/jwks.json' })).json<Jwks>(),
        )
      ).valid,
    )
    const listed = await app.inject({ url: '/v1/consents?status=active', headers: as('bank-a') })
    assert.ok(listed.json<{ consents: { id: string }[] }>().consents.some((c) => c.id === id))
    const paused = await app.inject({
      method: 'POST',
      url: `/v1/consents/${id}/pause`,
      headers: as('bank-a'),
    })
    assert.deepEqual([paused.statusCode, paused.json().error.code], [403, 'forbidden'])
    const revoked = await app.inject({
      method: 'POST',
      url: `/v1/consents/${id}/revoke`,
      headers: as('bank-a'),
    })
    assert.deepEqual([revoked.statusCode, revoked.json().status], [200, 'revoked'])
  })

  it('narrows on approval and refuses to widen', async () => {
    const { id } = (await requestConsent(f.request({ categories: ['accounts', 'inquiries'] }))).json()
    const approve = (categories: string[]) =>
      app.inject({
        method: 'POST',
        url: `/v1/consents/${id}/approve`,
        headers: as('alice'),
        payload: { categories },
      })
    const wide = await approve(['accounts', 'identity'])
    assert.deepEqual([wide.statusCode, wide.json().error.code], [422, 'unprocessable'])
    const narrow = await approve(['inquiries'])
    assert.deepEqual([narrow.statusCode, narrow.json().categories], [200, ['inquiries']])
  })

  it('answers another member and another consumer exactly as for an id that does not exist', async () => {
    const { id } = (await requestConsent(f.request())).json()
    await app.inject({ method: 'POST', url: `/v1/consents/${id}/approve`, headers: as('alice') })
    const missing = await app.inject({
      url: '/v1/consents/00000000-0000-4000-8000-000000000000',
      headers: as('bob'),
    })
    const shape = (r: typeof missing): [number, string] => [
      r.statusCode,
      r.json<{ error: { code: string } }>().error.code,
    ]
    for (const [token, method, url] of [
      ['bank-b', 'GET', `/v1/consents/${id}`],
      ['bank-b', 'POST', `/v1/consents/${id}/revoke`],
      ['bob', 'GET', `/v1/consents/${id}`],
      ['bob', 'POST', `/v1/consents/${id}/pause`],
    ] as const) {
      assert.deepEqual(
        shape(await app.inject({ method, url, headers: as(token) })),
        shape(missing),
        `${token} ${method} ${url}`,
      )
    }
    const bobs = await app.inject({ url: '/v1/consents', headers: as('bob') })
    assert.deepEqual(bobs.json(), { consents: [] })
  })

  it('lets only the operator read and set the jurisdiction profile', async () => {
    const member = await app.inject({ url: '/v1/settings/jurisdiction', headers: as('bank-a') })
    assert.equal(member.statusCode, 403)
    const put = await app.inject({
      method: 'PUT',
      url: '/v1/settings/jurisdiction',
      headers: as('operator'),
      payload: { code: 'DE-SCHUFA' },
    })
    assert.equal(put.statusCode, 200)
    const got = (await app.inject({ url: '/v1/settings/jurisdiction', headers: as('operator') })).json()
    assert.deepEqual(
      [got.code, got.source, got.profile.scoreRange],
      ['DE-SCHUFA', 'operator', { min: 100, max: 999 }],
    )
    const bad = await app.inject({
      method: 'PUT',
      url: '/v1/settings/jurisdiction',
      headers: as('operator'),
      payload: { code: 'XX' },
    })
    assert.equal(bad.statusCode, 400)
    const denied = await app.inject({
      method: 'PUT',
      url: '/v1/settings/jurisdiction',
      headers: as('alice'),
      payload: { code: 'US-FCRA' },
    })
    assert.equal(denied.statusCode, 403)
  })
})
