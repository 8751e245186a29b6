import assert from 'node:assert/strict'
import { request as httpRequest } from 'node:http'
import { Readable, Writable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, it } from 'node:test'
import { pino } from 'pino'
import { z } from 'zod'
import { AppError, type ErrorCode } from '../errors.ts'
import {
  createHttpServer,
  listenWithShutdown,
  requirePrincipal,
  requireRole,
  security,
  uploadedFile,
  type Authenticate,
  type ErrorBody,
  type FieldProblem,
  type HttpServer,
  type HttpServerOptions,
  type Principal,
  type RoutePlugin,
} from './index.ts'

const MEMBER = { authorization: 'Bearer member-key' }
const CONSUMER = { authorization: 'Bearer consumer-session' }
const principals: Record<string, Principal> = {
  [MEMBER.authorization]: { kind: 'member', id: 'm-1', roles: ['lender'], memberStatus: 'active' },
  [CONSUMER.authorization]: { kind: 'consumer', id: 'c-1', roles: [] },
}
const authenticate: Authenticate = async (request) => principals[request.headers.authorization ?? '']

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const statusOf: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  too_many_requests: 429,
}

const sampleRoutes: RoutePlugin = async (app) => {
  app.post(
    '/loans',
    {
      schema: {
        security: security.member,
        body: z.strictObject({ amount: z.number().int().positive(), currency: z.string().length(3) }),
        response: { 200: z.object({ id: z.string(), amount: z.number() }) },
      },
    },
    async (request) => ({ id: 'loan-1', amount: request.body.amount }),
  )
  app.get(
    '/loans',
    { schema: { querystring: z.object({ limit: z.coerce.number().int().max(100) }) } },
    async () => [],
  )
  app.get('/me', async (request) => requirePrincipal(request))
  app.get('/admin', async (request) => requireRole(request, 'operator'))
  app.get('/public', { config: { public: true } }, async (request) => ({
    principal: request.principal ?? null,
  }))
  app.get(
    '/fail/:code',
    { schema: { params: z.object({ code: z.enum(Object.keys(statusOf) as [ErrorCode]) }) } },
    async (request) => {
      throw new AppError(request.params.code, `failed: ${request.params.code}`, { why: request.params.code })
    },
  )
  app.get('/boom', async () => {
    throw new Error('connection to db-secret-host refused')
  })
  app.get(
    '/bad-response',
    { schema: { response: { 200: z.object({ n: z.number() }) } } },
    async () => ({ n: 'x' }) as never,
  )
}

function capturedLogger() {
  const text: string[] = []
  const sink = new Writable({ write: (chunk, _enc, done) => (text.push(String(chunk)), done()) })
  const lines = () =>
    text
      .join('')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
  return { logger: pino({ level: 'info' }, sink), lines }
}

async function sampleServer(options: Partial<HttpServerOptions> = {}): Promise<HttpServer> {
  const app = await createHttpServer({ authenticate, rateLimit: false, ...options })
  await app.register(sampleRoutes)
  return app
}

function multipartParts(filename: string) {
  const boundary = 'ob-test-boundary'
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    head: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    tail: Buffer.from(`\r\n--${boundary}--\r\n`),
  }
}

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
    for (const headers of [{}, { authorization: 'Bearer wrong' }]) {
      const res = await app.inject({ url: '/me', headers })
      assert.equal(res.statusCode, 401)
      assert.equal(res.json().error.code, 'unauthenticated')
      assert.equal(res.headers['www-authenticate'], 'Bearer')
    }
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

describe('uploads', () => {
  it(
    'streams a multipart file of a few MB to the handler before the client has sent it all',
    { timeout: 20_000 },
    async () => {
      const app = await sampleServer()
      const total = 4 * 1024 * 1024
      const chunk = Buffer.alloc(64 * 1024, 7)
      let handlerSawBytes!: () => void
      const seen = new Promise<void>((resolve) => (handlerSawBytes = resolve))
      app.post('/upload', async (request) => {
        const upload = await uploadedFile(request)
        let bytes = 0
        for await (const c of upload.stream) {
          bytes += (c as Buffer).length
          if (bytes >= 1024 * 1024) handlerSawBytes()
        }
        return { filename: upload.filename, bytes }
      })
      const { address, close } = await listenWithShutdown(
        app,
        { host: '127.0.0.1', port: 0 },
        async () => {},
        {
          signals: [],
        },
      )
      const parts = multipartParts('accounts.dat')
      // The second half is only sent once the handler has counted the first MiB: a server that buffered the
      // whole body before calling the handler would never answer, and the test would time out.
      async function* body() {
        yield parts.head
        for (let sent = 0; sent < total; sent += chunk.length) {
          if (sent === total / 2) await seen
          yield chunk
        }
        yield parts.tail
      }
      const answer = await new Promise<{ status: number; json: unknown }>((resolve, reject) => {
        const req = httpRequest(`${address}/upload`, {
          method: 'POST',
          headers: { ...MEMBER, 'content-type': parts.contentType },
        })
        req.on('response', (res) => {
          let text = ''
          res.on('data', (d: Buffer) => (text += d.toString()))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }))
        })
        req.on('error', reject)
        Readable.from(body()).pipe(req)
      })
      assert.deepEqual(answer, { status: 200, json: { filename: 'accounts.dat', bytes: total } })
      await close()
    },
  )

  it('fails an upload over the size limit with 413, and a malformed body with 400', async () => {
    const app = await sampleServer({ uploads: { fileSize: 1024 } })
    app.post('/upload', async (request) => {
      const upload = await uploadedFile(request)
      let bytes = 0
      for await (const c of upload.stream) bytes += (c as Buffer).length
      return { bytes }
    })
    const parts = multipartParts('big.dat')
    const send = (payload: Buffer) =>
      app.inject({
        method: 'POST',
        url: '/upload',
        headers: { ...MEMBER, 'content-type': parts.contentType },
        payload,
      })
    const fits = await send(Buffer.concat([parts.head, Buffer.alloc(1000), parts.tail]))
    assert.deepEqual(fits.json(), { bytes: 1000 })
    const big = await send(Buffer.concat([parts.head, Buffer.alloc(5000), parts.tail]))
    assert.deepEqual([big.statusCode, big.json().error.code], [413, 'payload_too_large'])
    const cut = await send(Buffer.concat([parts.head, Buffer.alloc(100)]))
    assert.deepEqual([cut.statusCode, cut.json().error.code], [400, 'invalid_input'])
    await app.close()
  })
})

describe('rate limiting', () => {
  it('answers 429 past the limit, per principal, and counts failed credentials per IP', async () => {
    const app = await sampleServer({ rateLimit: { max: 2, timeWindowMs: 60_000 } })
    const statuses = async (headers: Record<string, string>, n: number) => {
      const out: number[] = []
      for (let i = 0; i < n; i++) out.push((await app.inject({ url: '/me', headers })).statusCode)
      return out
    }
    assert.deepEqual(await statuses(MEMBER, 3), [200, 200, 429])
    assert.deepEqual(await statuses(CONSUMER, 1), [200])
    assert.deepEqual(await statuses({ authorization: 'Bearer guess' }, 3), [401, 401, 429])
    const limited = await app.inject({ url: '/me', headers: MEMBER })
    assert.equal(limited.json().error.code, 'too_many_requests')
    assert.equal(limited.json().requestId, limited.headers['x-request-id'])
    assert.ok(Number(limited.headers['retry-after']) > 0)
    for (let i = 0; i < 5; i++) assert.equal((await app.inject({ url: '/health' })).statusCode, 200)
    await app.close()
  })

  it('does not limit when disabled', async () => {
    const app = await sampleServer({ rateLimit: false })
    for (let i = 0; i < 5; i++) {
      const res = await app.inject({ url: '/me', headers: MEMBER })
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['x-ratelimit-limit'], undefined)
    }
    await app.close()
  })
})

describe('listenWithShutdown', () => {
  async function slowServer(events: string[]) {
    const app = await sampleServer()
    let started!: () => void
    const inFlight = new Promise<void>((resolve) => (started = resolve))
    app.get('/slow', async () => {
      started()
      await sleep(300)
      events.push('request finished')
      return { done: true }
    })
    return { app, inFlight }
  }

  it(
    'on SIGTERM finishes the request in flight, then closes resources, then exits 0',
    { timeout: 10_000 },
    async () => {
      const events: string[] = []
      const { app, inFlight } = await slowServer(events)
      let exited!: (code: number) => void
      const exit = new Promise<number>((resolve) => (exited = resolve))
      const { address } = await listenWithShutdown(
        app,
        { host: '127.0.0.1', port: 0 },
        async () => {
          events.push('resources closed')
        },
        { exit: (code) => exited(code) },
      )
      const response = fetch(`${address}/slow`, { headers: MEMBER })
      await inFlight
      process.kill(process.pid, 'SIGTERM')
      const res = await response
      assert.equal(res.status, 200)
      assert.deepEqual(await res.json(), { done: true })
      assert.equal(await exit, 0)
      assert.deepEqual(events, ['request finished', 'resources closed'])
      await assert.rejects(fetch(`${address}/health`))
    },
  )

  it('exits at once with 1 on a second signal', { timeout: 10_000 }, async () => {
    const events: string[] = []
    const { app, inFlight } = await slowServer(events)
    const codes: number[] = []
    const { address, close } = await listenWithShutdown(app, { host: '127.0.0.1', port: 0 }, async () => {}, {
      signals: ['SIGUSR2'],
      exit: (code) => codes.push(code),
    })
    const response = fetch(`${address}/slow`, { headers: MEMBER })
    await inFlight
    process.kill(process.pid, 'SIGUSR2')
    process.kill(process.pid, 'SIGUSR2')
    while (codes.length === 0) await sleep(5)
    assert.deepEqual(codes, [1])
    assert.deepEqual(events, [])
    assert.equal((await response).status, 200)
    await close()
  })
})
