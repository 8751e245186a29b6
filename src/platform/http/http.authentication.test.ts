// What a 401 says of the credential presented (RFC 6750 §3.1), found by probing: every failure was the same
// "authentication required" with a bare `WWW-Authenticate: Bearer`. No credential: as before, no error code. A header
// in another scheme or malformed: `invalid_request`, naming what is wrong. A Bearer token that is no live key or
// session: `invalid_token`, without saying whether it never existed or was revoked. Neither repeats the header.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AppError } from '../errors.ts'
import { capturedLogger, sampleServer } from './http.fixture.ts'
import type { ErrorBody, HttpServer } from './index.ts'

const KEY = 'ob_k1qo4lmluess_XOLaMVbqJIq2rRJNaWdvbitYX-iixSsbXf87kv0MQBc'

describe('a refused credential', () => {
  const log = capturedLogger()
  let app: HttpServer
  before(async () => {
    app = await sampleServer({ logger: log.logger })
    app.post('/sign-in', { config: { public: true } }, async () => {
      throw new AppError('unauthenticated', 'wrong login or password')
    })
    await app.ready()
  })
  after(() => app.close())

  const ask = async (authorization?: string) => {
    const res = await app.inject({
      url: '/me',
      headers: authorization === undefined ? {} : { authorization },
    })
    assert.equal(res.statusCode, 401, res.body)
    const { error } = res.json<ErrorBody>()
    assert.equal(error.code, 'unauthenticated')
    return { message: error.message, challenge: String(res.headers['www-authenticate']) }
  }

  it('names no error when no credential was presented', async () => {
    assert.deepEqual(await ask(), { message: 'authentication required', challenge: 'Bearer' })
  })

  it('answers invalid_request, naming the problem, to a header that is not `Bearer <token>`', async () => {
    const cases = [
      [`Token ${KEY}`, 'it does not start with the Bearer scheme'],
      [KEY, 'it does not start with the Bearer scheme'],
      ['Basic dXNlcjpwYXNz', 'it does not start with the Bearer scheme'],
      ['Bearer', 'no token follows Bearer'],
      ['Bearer ob_k1qo4lmluess_"quoted"', 'the token holds a character no key or session token has'],
      ['Bearer two tokens', 'the token holds a character no key or session token has'],
    ]
    for (const [authorization, why] of cases) {
      const { message, challenge } = await ask(authorization)
      assert.equal(message, `the Authorization header must be \`Bearer <API key or session token>\`: ${why}`)
      assert.equal(challenge, `Bearer error="invalid_request", error_description="${message}"`, authorization)
    }
  })

  it('answers invalid_token, the same whatever the reason, to a Bearer token that is no live credential', async () => {
    for (const authorization of [
      `Bearer ${KEY}`,
      `bearer ${KEY.slice(0, 30)}`,
      'Bearer cs_revoked',
      'Bearer wrong',
    ]) {
      assert.deepEqual(await ask(authorization), {
        message: 'the key or session token is not valid',
        challenge: 'Bearer error="invalid_token", error_description="the key or session token is not valid"',
      })
    }
  })

  it('says nothing of a credential that a public route never read', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { authorization: 'Bearer wrong' },
    })
    assert.deepEqual([res.statusCode, res.headers['www-authenticate']], [401, 'Bearer'])
    assert.equal(res.json<ErrorBody>().error.message, 'wrong login or password')
  })

  it('repeats no part of the credential in the answer or the log', async () => {
    const { message, challenge } = await ask(KEY)
    assert.ok(!message.includes('XOLaMVbq') && !challenge.includes('XOLaMVbq'))
    assert.ok(!log.lines().some((l) => JSON.stringify(l).includes('XOLaMVbq')))
  })
})
