// What the error line of a request keeps of what the caller sent, found by probing: a national ID masked in the
// URL of "incoming request" stood in clear in the message and details of the refusal logged next (`no member
// "801-26-3579"`, an unknown query or body key); and a request id that is a whole API key or session token was
// echoed and written on every line. DESIGN.md principle 4: identifiers are never stored in clear, and a log is stored.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AppError } from '../errors.ts'
import { capturedLogger, MEMBER, sampleServer, uuid } from './http.fixture.ts'
import type { HttpServer } from './index.ts'
import { loggedValue } from './logged-text.ts'

describe('the error line of a request', () => {
  const log = capturedLogger()
  let app: HttpServer
  before(async () => {
    app = await sampleServer({ logger: log.logger })
    app.get('/v1/members/:id', async (request) => {
      throw new AppError('not_found', `no member "${(request.params as { id: string }).id}"`)
    })
    await app.ready()
  })
  after(() => app.close())

  const text = () => log.lines().map((l) => JSON.stringify(l))

  it('masks a national ID on the error line of a request as in its URL, and answers the caller with it', async () => {
    const lines = (id: string) => text().filter((l) => l.includes(`"requestId":"${id}"`))
    const cases = [
      { url: '/v1/members/801-26-3579', message: 'no member "801-26-3579"' },
      { url: '/v1/members/m-1?ssn801-26-3579=1', path: 'query.ssn801-26-3579' },
      {
        method: 'POST',
        url: '/loans',
        payload: { 'Matthew Peterson 801263579': 1 },
        path: 'body.Matthew Peterson 801263579',
      },
    ] as const
    for (const { url, ...c } of cases) {
      const res = await app.inject({
        method: 'method' in c ? c.method : 'GET',
        url,
        headers: MEMBER,
        ...('payload' in c ? { payload: { amount: 1, currency: 'EUR', ...c.payload } } : {}),
      })
      const error = res.json<{ error: { message: string; details?: { path: string }[] } }>().error
      if ('message' in c) assert.equal(error.message, c.message, 'the caller hears what it sent')
      if ('path' in c)
        assert.deepEqual(
          error.details?.map((d) => d.path),
          [c.path],
        )
      const logged = lines(String(res.headers['x-request-id']))
      assert.ok(
        logged.some((l) => /"code":"(not_found|invalid_input)"/.test(l)),
        url,
      )
      assert.ok(!logged.some((l) => /801.?26.?3579/.test(l)), logged.join('\n'))
    }
  })

  it('replaces a request id that is an API key or a session token, which would be echoed and logged', async () => {
    const secret = 'XOLaMVbqJIq2rRJNaWdvbitYX-iixSsbXf87kv0MQBc'
    for (const credential of [`ob_k1qo4lmluess_${secret}`, `cs_${secret}`]) {
      const res = await app.inject({ url: '/health', headers: { 'x-request-id': credential } })
      assert.match(String(res.headers['x-request-id']), uuid, credential)
    }
    assert.ok(!text().some((l) => l.includes(secret)), 'no line holds the secret')
  })

  it('masks numbers and credentials in the keys and values of details, and keeps the rest', () => {
    assert.deepEqual(
      loggedValue({
        'ssn 801263579': [
          { path: 'body.x', message: 'cs_XOLaMVbqJIq2rRJNaWdvbitYX-iixSsbXf87kv0MQBc', n: 801263579 },
        ],
        count: 12,
        ok: true,
      }),
      { 'ssn [number]': [{ path: 'body.x', message: 'cs_[redacted]', n: '[number]' }], count: 12, ok: true },
    )
  })
})
