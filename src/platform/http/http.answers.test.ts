// The answers the platform gives on every route of a kind, whatever the route: 405 with Allow for a known path
// asked with another method, no caching of API answers, client errors of the docs' static files, whole numbers in
// a query, the platform's own answers in the OpenAPI document, 503 in the error shape while closing, a log line
// for what the HTTP parser refuses, and the rate limit on unknown paths.
import assert from 'node:assert/strict'
import { connect, type AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, it } from 'node:test'
import { z } from 'zod'
import { capturedLogger, MEMBER, sampleServer } from './http.fixture.ts'
import { queryInteger, type ErrorBody, type HttpServer } from './index.ts'

/** Sends raw bytes and collects the whole answer, until the server closes the connection. */
function rawExchange(port: number, first: string, rest?: { before: () => Promise<void>; text: string }) {
  return new Promise<string>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.write(first)
      if (rest === undefined) return
      void rest.before().then(() => socket.write(rest.text))
    })
    let out = ''
    socket.setEncoding('utf8').on('data', (s: string) => (out += s))
    socket.on('close', () => resolve(out)).on('error', reject)
  })
}

function parsed(response: string) {
  const [head = '', body = ''] = response.split('\r\n\r\n')
  const header = (name: string) => new RegExp(`^${name}: (.+)$`, 'mi').exec(head)?.[1]?.trim()
  return { status: head.split('\r\n')[0], body: JSON.parse(body) as ErrorBody, header }
}

describe('answers of the platform', () => {
  it('answers a known path asked with another method 405 with the methods it takes, an unknown one 404', async () => {
    const app = await sampleServer()
    const patch = await app.inject({ method: 'PATCH', url: '/loans?x=1', headers: MEMBER })
    assert.equal(patch.statusCode, 405)
    assert.equal(patch.headers['allow'], 'GET, HEAD, POST')
    assert.deepEqual(patch.json<ErrorBody>().error, {
      code: 'method_not_allowed',
      message: '/loans takes GET, HEAD, POST, not PATCH',
    })
    const param = await app.inject({ method: 'DELETE', url: '/fail/conflict' })
    assert.deepEqual([param.statusCode, param.headers['allow']], [405, 'GET, HEAD'])
    const unknown = await app.inject({ method: 'PATCH', url: '/fail/conflict/more' })
    assert.equal(unknown.statusCode, 404)
    await app.close()
  })

  it('tells no cache to keep an API answer, and no browser to guess a media type', async () => {
    const app = await sampleServer()
    app.get('/v1/mine', async () => ({ secret: 'token' }))
    const api = await app.inject({ url: '/v1/mine', headers: MEMBER })
    assert.equal(api.headers['cache-control'], 'no-store')
    const refused = await app.inject({ url: '/v1/mine' })
    assert.deepEqual([refused.statusCode, refused.headers['cache-control']], [401, 'no-store'])
    const health = await app.inject({ url: '/health' })
    assert.equal(health.headers['cache-control'], undefined)
    for (const res of [api, refused, health]) assert.equal(res.headers['x-content-type-options'], 'nosniff')
    await app.close()
  })

  it("answers the docs' static files' client errors with their own status, not as internal", async () => {
    const log = capturedLogger()
    const app = await sampleServer({ logger: log.logger })
    const nul = await app.inject({ url: '/docs/static/%00' })
    const range = await app.inject({ url: '/docs/static/index.css', headers: { range: 'bytes=5-1' } })
    const outside = await app.inject({ url: '/docs/static/../../../package.json' })
    for (const res of [nul, range, outside]) {
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode}: ${res.body}`)
      assert.notEqual(res.json<ErrorBody>().error.code, 'internal')
    }
    assert.equal(range.statusCode, 416)
    assert.equal(log.lines().filter((l) => l['level'] === 50).length, 0)
    await app.close()
  })

  it('takes a whole number in a query as decimal digits only, and names the field otherwise', async () => {
    const app = await sampleServer()
    app.get(
      '/v1/page',
      { schema: { querystring: z.object({ limit: queryInteger({ min: 1, max: 100 }).default(10) }) } },
      async (request) => request.query,
    )
    const ask = async (query: string) => {
      const res = await app.inject({ url: `/v1/page${query}`, headers: MEMBER })
      return res.statusCode === 200 ? res.json<unknown>() : res.json<ErrorBody>().error.details
    }
    assert.deepEqual(await ask(''), { limit: 10 })
    assert.deepEqual(await ask('?limit=42'), { limit: 42 })
    for (const bad of ['0x10', '1e2', '', '%205', '4.5']) {
      assert.deepEqual(await ask(`?limit=${bad}`), [
        { path: 'query.limit', message: 'expected a whole number in decimal digits' },
      ])
    }
    // A whole number out of range is named as such (query-number.test.ts has the rest).
    assert.deepEqual(await ask('?limit=101'), [
      { path: 'query.limit', message: 'too large: must be at most 100' },
    ])
    assert.deepEqual(await ask('?limit=-1'), [
      { path: 'query.limit', message: 'too small: must be at least 1' },
    ])
    await app.close()
  })

  it('documents on each API route the answers the platform gives there', async () => {
    const limited = await sampleServer({ rateLimit: { max: 100, timeWindowMs: 60_000 } })
    const ok = { 200: z.object({ ok: z.boolean() }) }
    const routes = (app: HttpServer) => {
      app.get('/v1/read', { schema: { response: ok } }, async () => ({ ok: true }))
      app.post('/v1/write', { schema: { body: z.object({ n: z.number() }), response: ok } }, async () => ({
        ok: true,
      }))
      app.get('/v1/open', { config: { public: true }, schema: { response: ok } }, async () => ({ ok: true }))
    }
    routes(limited)
    const statuses = async (app: HttpServer) => {
      type Doc = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }
      const doc = (await app.inject({ url: '/openapi.json' })).json<Doc>()
      const of = (path: string, method: string) =>
        Object.keys(doc.paths[path]?.[method]?.responses ?? {}).sort()
      return [of('/v1/read', 'get'), of('/v1/write', 'post'), of('/v1/open', 'get')]
    }
    assert.deepEqual(await statuses(limited), [
      ['200', '400', '401', '429'],
      ['200', '400', '401', '413', '415', '429'],
      ['200', '400', '429'],
    ])
    const unlimited = await sampleServer()
    routes(unlimited)
    assert.deepEqual((await statuses(unlimited))[0], ['200', '400', '401'])
    await Promise.all([limited.close(), unlimited.close()])
  })
})

describe('answers outside a route', () => {
  it(
    'refuses a request that arrives while closing in the error shape, with a request id',
    { timeout: 10_000 },
    async () => {
      const app = await sampleServer()
      let started!: () => void
      const inFlight = new Promise<void>((resolve) => (started = resolve))
      app.get('/slow', async () => {
        started()
        await sleep(400)
        return { done: true }
      })
      await app.listen({ host: '127.0.0.1', port: 0 })
      const { port } = app.server.address() as AddressInfo
      const slow = fetch(`http://127.0.0.1:${port}/slow`, { headers: MEMBER })
      let closed!: Promise<undefined>
      // The headers end only once closing has begun (the slow request holds the close open meanwhile).
      const late = rawExchange(port, 'GET /me HTTP/1.1\r\nhost: x\r\n', {
        before: async () => {
          await inFlight
          closed = app.close()
          await sleep(50)
        },
        text: `authorization: ${MEMBER.authorization}\r\n\r\n`,
      })
      const answer = parsed(await late)
      assert.equal(answer.status, 'HTTP/1.1 503 Service Unavailable')
      assert.deepEqual(answer.body.error, {
        code: 'service_unavailable',
        message: 'the server is shutting down',
      })
      assert.equal(answer.body.requestId, answer.header('x-request-id'))
      assert.equal(answer.header('retry-after'), '1')
      assert.equal((await slow).status, 200)
      await closed
    },
  )

  it('logs what the HTTP parser refuses, with the request id it answered with', async () => {
    const log = capturedLogger()
    const app = await sampleServer({ logger: log.logger })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address() as AddressInfo
    const answer = parsed(await rawExchange(port, 'NOT A REQUEST\r\n\r\n'))
    assert.equal(answer.status, 'HTTP/1.1 400 Bad Request')
    const line = log.lines().find((l) => l['requestId'] === answer.body.requestId)
    assert.ok(line, 'a log line with the request id')
    assert.equal(line['status'], 400)
    await app.close()
  })

  it('counts requests for unknown paths against the rate limit', async () => {
    const app = await sampleServer({ rateLimit: { max: 2, timeWindowMs: 60_000 } })
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) statuses.push((await app.inject({ url: `/guess/${i}` })).statusCode)
    assert.deepEqual(statuses, [404, 404, 429])
    await app.close()
  })
})
