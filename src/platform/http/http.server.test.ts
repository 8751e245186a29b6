// What every request to the server gets: the health check and its readiness, the OpenAPI document and the docs, a
// request id, authentication and roles, the fields a bad request names, and the error shape for each failure.
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, it } from 'node:test'
import { z } from 'zod'
import { capturedLogger, CONSUMER, MEMBER, principals, sampleServer, statusOf, uuid } from './http.fixture.ts'
import type { ErrorBody, FieldProblem, HttpServer } from './index.ts'

describe('createHttpServer', () => {
  const log = capturedLogger()
  let app: HttpServer
  before(async () => {
    app = await sampleServer({ logger: log.logger })
    await app.ready()
  })
  after(() => app.close())

  it('answers health without credentials', async () => {
    const res = await app.inject({ url: '/health' })
    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.json(), { status: 'ok' })
  })

  it('serves an OpenAPI 3.1 document with the zod schema of a route and the security schemes', async () => {
    const res = await app.inject({ url: '/openapi.json' })
    assert.equal(res.statusCode, 200)
    const doc = res.json()
    assert.match(String(doc.openapi), /^3\.1\./)
    const post = doc.paths['/loans'].post
    const body = post.requestBody.content['application/json'].schema
    assert.deepEqual([...body.required].sort(), ['amount', 'currency'])
    assert.equal(body.properties.amount.type, 'integer')
    assert.equal(body.properties.currency.minLength, 3)
    assert.equal(body.additionalProperties, false)
    assert.deepEqual(post.security, [{ memberApiKey: [] }])
    assert.deepEqual(doc.paths['/health'].get.security, [])
    assert.deepEqual(doc.paths['/public'].get.security, [])
    assert.equal(doc.paths['/me'].get.security, undefined)
    assert.equal(doc.components.securitySchemes.memberApiKey.scheme, 'bearer')
    assert.equal(doc.components.securitySchemes.consumerSession.scheme, 'bearer')
    assert.deepEqual(doc.security, [{ memberApiKey: [] }, { consumerSession: [] }])
    assert.equal(doc.paths['/openapi.json'], undefined)
  })

  it('serves the interactive docs without credentials', async () => {
    const page = await app.inject({ url: '/docs' })
    assert.equal(page.statusCode, 200)
    assert.match(String(page.headers['content-type']), /^text\/html/)
    assert.match(page.body, /swagger-ui/)
    const asset = await app.inject({ url: '/docs/static/swagger-ui.css' })
    assert.equal(asset.statusCode, 200)
  })

  it('logs a request without the secret of a credential put in its URL', async () => {
    const secret = 'XOLaMVbqJIq2rRJNaWdvbitYX-iixSsbXf87kv0MQBc'
    const session = 'cs_' + 'A'.repeat(43)
    const res = await app.inject({ url: `/nowhere/ob_k1qo4lmluess_${secret}/rotate?token=${session}` })
    const id = String(res.headers['x-request-id'])
    const urls = log.lines().flatMap((l) => {
      const req = l['req'] as { url?: string } | undefined
      return l['requestId'] === id && req?.url !== undefined ? [req.url] : []
    })
    assert.deepEqual(urls, ['/nowhere/ob_k1qo4lmluess_[redacted]/rotate?token=cs_[redacted]'])
    assert.ok(!log.lines().some((l) => JSON.stringify(l).includes(secret)))
  })

  it('logs a request without the secret of a credential put in its URL percent-encoded, as the router decodes it', async () => {
    const secret = 'XOLaMVbqJIq2rRJNaWdvbitYX-iixSsbXf87kv0MQBc'
    const encoded = [
      `/v1/keys/ob%5fk1qo4lmluess_${secret}`,
      `/v1/keys/ob_k1qo4lmluess%5F${secret.replace('-', '%2d')}?x=%zz`,
      `/v1/keys/%6f%62_k1qo4lmluess_${secret}`,
    ]
    for (const url of encoded) {
      const res = await app.inject({ url })
      const id = String(res.headers['x-request-id'])
      const urls = log.lines().flatMap((l) => {
        const req = l['req'] as { url?: string } | undefined
        return l['requestId'] === id && req?.url !== undefined ? [req.url] : []
      })
      assert.equal(urls.length, 1, url)
      assert.match(urls[0]!, /ob_k1qo4lmluess_\[redacted\]/, url)
    }
    const logged = JSON.stringify(log.lines())
    for (const piece of [secret, secret.slice(0, 24), 'XOLaMVbqJIq2rRJN'])
      assert.ok(!logged.includes(piece), piece)
  })

  it('generates a request id, echoes it and logs with it', async () => {
    const res = await app.inject({ url: '/me' })
    const id = String(res.headers['x-request-id'])
    assert.match(id, uuid)
    assert.equal(res.json().requestId, id)
    assert.ok(log.lines().some((l) => l['requestId'] === id && l['msg'] === 'authentication required'))
  })

  it('keeps a sane incoming request id and replaces an insane one', async () => {
    const kept = await app.inject({ url: '/health', headers: { 'x-request-id': 'trace-42.a_B' } })
    assert.equal(kept.headers['x-request-id'], 'trace-42.a_B')
    for (const insane of ['has space', 'x'.repeat(65), '<script>', '']) {
      const res = await app.inject({ url: '/health', headers: { 'x-request-id': insane } })
      assert.match(String(res.headers['x-request-id']), uuid, insane)
    }
  })

  it('refuses a protected route without a valid credential and serves it with one', async () => {
    const none = await app.inject({ url: '/me' })
    assert.deepEqual([none.statusCode, none.json().error.code], [401, 'unauthenticated'])
    assert.equal(none.json().error.message, 'authentication required')
    assert.equal(none.headers['www-authenticate'], 'Bearer')
    const member = await app.inject({ url: '/me', headers: MEMBER })
    assert.equal(member.statusCode, 200)
    assert.deepEqual(member.json(), principals[MEMBER.authorization])
    const consumer = await app.inject({ url: '/me', headers: CONSUMER })
    assert.equal(consumer.json().kind, 'consumer')
    const open = await app.inject({ url: '/public' })
    assert.deepEqual([open.statusCode, open.json()], [200, { principal: null }])
  })

  it('answers 403 when the principal lacks the role', async () => {
    const res = await app.inject({ url: '/admin', headers: MEMBER })
    assert.equal(res.statusCode, 403)
    assert.equal(res.json().error.code, 'forbidden')
  })

  it('names every bad field of a body', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/loans',
      headers: MEMBER,
      payload: { amount: -5, currency: 'EURO' },
    })
    assert.equal(res.statusCode, 400)
    const { error, requestId } = res.json()
    assert.equal(error.code, 'invalid_input')
    assert.equal(requestId, res.headers['x-request-id'])
    assert.deepEqual((error.details as FieldProblem[]).map((d) => d.path).sort(), [
      'body.amount',
      'body.currency',
    ])
    for (const d of error.details) assert.ok(d.message.length > 0)
  })

  it('names a field that is outside the schema, and a bad query parameter', async () => {
    const extra = await app.inject({
      method: 'POST',
      url: '/loans',
      headers: MEMBER,
      payload: { amount: 5, currency: 'EUR', merchant: 'corner shop' },
    })
    assert.deepEqual(extra.json().error.details, [{ path: 'body.merchant', message: 'unknown field' }])
    const query = await app.inject({ url: '/loans?limit=1000', headers: MEMBER })
    assert.equal(query.statusCode, 400)
    assert.deepEqual(
      (query.json<ErrorBody>().error.details as FieldProblem[]).map((d) => d.path),
      ['query.limit'],
    )
  })

  it('maps each AppError code to its status with the request id and details in the body', async () => {
    for (const [code, status] of Object.entries(statusOf)) {
      const res = await app.inject({ url: `/fail/${code}`, headers: MEMBER })
      assert.equal(res.statusCode, status, code)
      assert.deepEqual(res.json(), {
        error: { code, message: `failed: ${code}`, details: { why: code } },
        requestId: res.headers['x-request-id'],
      })
    }
  })

  it('answers an unknown error as internal without details and logs it in full', async () => {
    const res = await app.inject({ url: '/boom', headers: MEMBER })
    assert.equal(res.statusCode, 500)
    const requestId = res.headers['x-request-id']
    assert.deepEqual(res.json(), { error: { code: 'internal', message: 'internal error' }, requestId })
    assert.doesNotMatch(res.body, /secret/)
    const logged = log.lines().find((l) => l['requestId'] === requestId && l['level'] === 50)
    assert.match(String((logged?.['err'] as { stack?: string } | undefined)?.stack), /db-secret-host/)
  })

  it('answers a NUL character the database refused as bad input, not as internal', async () => {
    const res = await app.inject({ url: '/nul', headers: MEMBER })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json().error, {
      code: 'invalid_input',
      message: 'a text value holds a NUL character (\\u0000), which cannot be stored',
    })
  })

  it('answers a response that breaks its schema as internal, logged', async () => {
    const res = await app.inject({ url: '/bad-response', headers: MEMBER })
    assert.equal(res.statusCode, 500)
    assert.equal(res.json().error.code, 'internal')
    assert.ok(log.lines().some((l) => l['requestId'] === res.headers['x-request-id'] && l['level'] === 50))
  })

  it('answers an unknown route with 404 in the error shape, credentials or not', async () => {
    const res = await app.inject({ url: '/no/such/route' })
    assert.equal(res.statusCode, 404)
    assert.deepEqual(res.json(), {
      error: { code: 'not_found', message: 'no route for GET /no/such/route' },
      requestId: res.headers['x-request-id'],
    })
  })

  it("keeps the status of Fastify's own client errors", async () => {
    const text = await app.inject({
      method: 'POST',
      url: '/loans',
      headers: { ...MEMBER, 'content-type': 'application/xml' },
      payload: '<loan amount="5"/>',
    })
    assert.deepEqual([text.statusCode, text.json().error.code], [415, 'unsupported_media_type'])
    const small = await sampleServer({ bodyLimit: 64 })
    const big = await small.inject({
      method: 'POST',
      url: '/loans',
      headers: MEMBER,
      payload: { amount: 1, currency: 'EUR', pad: 'x'.repeat(100) },
    })
    assert.deepEqual([big.statusCode, big.json().error.code], [413, 'payload_too_large'])
    await small.close()
  })

  it('names a query parameter an API route does not know, with or without a query schema of its own', async () => {
    const api = await sampleServer()
    const status = z.object({ status: z.enum(['open', 'closed']).optional() })
    api.get('/v1/things', { schema: { querystring: status } }, async (request) => request.query)
    api.get('/v1/plain', async () => ({ ok: true }))
    api.get('/outside', async (request) => request.query)
    const ask = async (url: string) => {
      const res = await api.inject({ url, headers: MEMBER })
      const body: unknown = res.statusCode === 400 ? res.json<ErrorBody>().error.details : res.json()
      return [res.statusCode, body]
    }
    assert.deepEqual(await ask('/v1/things?status=open'), [200, { status: 'open' }])
    assert.deepEqual(await ask('/v1/things?stauts=open'), [
      400,
      [{ path: 'query.stauts', message: 'unknown field' }],
    ])
    assert.deepEqual(await ask('/v1/plain'), [200, { ok: true }])
    assert.deepEqual(await ask('/v1/plain?x=1&y=2'), [
      400,
      [
        { path: 'query.x', message: 'unknown field' },
        { path: 'query.y', message: 'unknown field' },
      ],
    ])
    assert.deepEqual(await ask('/outside?x=1'), [200, { x: '1' }])
    await api.close()
  })

  it('takes nothing or {} where an API route takes no body, and names a field sent there', async () => {
    const api = await sampleServer()
    api.post('/v1/freeze', async () => ({ frozen: true }))
    const send = async (payload?: Record<string, unknown>) => {
      const res = await api.inject({
        method: 'POST',
        url: '/v1/freeze',
        headers: MEMBER,
        ...(payload === undefined ? {} : { payload }),
      })
      const body: unknown = res.statusCode === 400 ? res.json<ErrorBody>().error.details : res.json()
      return [res.statusCode, body]
    }
    assert.deepEqual(await send(), [200, { frozen: true }])
    assert.deepEqual(await send({}), [200, { frozen: true }])
    assert.deepEqual(await send({ x: 1 }), [400, [{ path: 'body.x', message: 'unknown field' }]])
    await api.close()
  })
})

describe('health readiness', () => {
  it('answers 503 when the readiness check fails or hangs, 200 when it passes', async () => {
    let state: 'up' | 'down' | 'hung' = 'down'
    const readiness = () =>
      state === 'up'
        ? Promise.resolve()
        : state === 'down'
          ? Promise.reject(new Error('db down'))
          : sleep(1000)
    const app = await sampleServer({ readiness, readinessTimeoutMs: 50 })
    for (const [s, status] of [
      ['down', 503],
      ['hung', 503],
      ['up', 200],
    ] as const) {
      state = s
      const res = await app.inject({ url: '/health' })
      assert.equal(res.statusCode, status, s)
      assert.deepEqual(res.json(), { status: status === 200 ? 'ok' : 'unavailable' })
    }
    await app.close()
  })
})
