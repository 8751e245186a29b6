// A signed-in consumer's change of password and ending of their other sessions, over HTTP on PGlite, with the
// audit routes registered so that the consumer's own log is read as they read it (/v1/me/audit-events).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { auditRoutes } from '../audit/index.ts'
import { createHttpServer, type Authenticate, type HttpServer } from '../platform/http/index.ts'
import { WRONG_CURRENT_PASSWORD } from './change-password.ts'
import { openConsumersFixture, type ConsumersFixture } from './consumers.fixture.ts'
import { LIMITS } from './index.ts'
import { HOLDS_NATIONAL_ID } from './password-policy.ts'

const PASSWORD = 'my own long passphrase'
const NEW_PASSWORD = 'another passphrase, longer still'

type Refusal = { error: { code: string; message: string; details?: unknown } }

describe('a consumer changes their password and ends their other sessions', () => {
  let f: ConsumersFixture
  let app: HttpServer
  let token: string
  const as = (t: string) => ({ authorization: `Bearer ${t}` })
  const signIn = async (password = PASSWORD) => (await f.consumers.signIn({ login: 'jane', password })).token
  const live = async (t: string) => (await f.consumers.authenticateSession(t)) !== undefined
  const change = (currentPassword: string, newPassword: string, t = token) =>
    app.inject({
      method: 'POST',
      url: '/v1/me/password',
      headers: as(t),
      payload: { currentPassword, newPassword },
    })
  const endOthers = (t = token) => app.inject({ method: 'DELETE', url: '/v1/me/sessions', headers: as(t) })
  const ownLog = async () =>
    (await app.inject({ url: '/v1/me/audit-events?limit=500', headers: as(token) })).json<
      { action: string; actor: { id: string }; outcome: string; reason: string | null }[]
    >()

  before(async () => {
    f = await openConsumersFixture()
    const authenticate: Authenticate = async (request) => {
      const t = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1] ?? ''
      return f.consumers.authenticateSession(t)
    }
    app = await createHttpServer({ authenticate, rateLimit: false })
    await app.register(f.consumers.routes)
    await app.register(auditRoutes(f.audit))
    await app.ready()
    token = await f.enrolJane('jane', PASSWORD)
  })
  after(async () => {
    await app.close()
    await f.dispose()
  })

  it('holds a new password to the rules of enrolment, naming body.newPassword, and burns no attempt', async () => {
    for (const [newPassword, message] of [
      ['short', 'the password must have at least 12 characters'],
      ['jane-and-more-jane', 'the password must not contain the login'],
      ['password1234', 'the password is too common: it is among the passwords most used, and guessed first'],
      ['mine is 123 45 6781, ok', HOLDS_NATIONAL_ID],
    ] as const) {
      const res = await change('not even the current one', newPassword)
      assert.deepEqual(
        [res.statusCode, res.json<Refusal>().error.details],
        [400, [{ path: 'body.newPassword', message }]],
        newPassword,
      )
    }
    // Another consumer's national ID is not the consumer's own; the current password is then found wrong.
    const other = await change('not even the current one', 'richard is 234-56-7890 here')
    assert.deepEqual(other.json<Refusal>().error.details, [
      { path: 'body.currentPassword', message: WRONG_CURRENT_PASSWORD },
    ])
    assert.equal((await ownLog()).filter((e) => e.action === 'consumer.password_change_refused').length, 1)
  })

  it('counts a wrong current password toward the lockout of sign-in, and changes nothing while locked', async () => {
    // One wrong so far (above); three more here and a fifth at sign-in lock the account.
    for (let i = 0; i < 3; i++) {
      const res = await change('still not the current one', NEW_PASSWORD)
      assert.deepEqual([res.statusCode, res.json<Refusal>().error.code], [400, 'invalid_input'])
    }
    await assert.rejects(f.consumers.signIn({ login: 'jane', password: 'and wrong again' }))
    await assert.rejects(f.consumers.signIn({ login: 'jane', password: PASSWORD }), 'locked at sign-in')
    const locked = await change(PASSWORD, NEW_PASSWORD)
    assert.equal(locked.statusCode, 429)
    assert.equal(locked.headers['retry-after'], String(LIMITS.lockoutMs / 1000))
    assert.match(locked.json<Refusal>().error.message, /^the account is locked until /)
    assert.ok(await live(token), 'the session itself stays')
    f.clock.advance(LIMITS.lockoutMs)
    // Four wrong at a change, then the fifth locks from there too.
    for (let i = 0; i < 4; i++) assert.equal((await change('wrong', NEW_PASSWORD)).statusCode, 400)
    const fifth = await change('wrong', NEW_PASSWORD)
    assert.match(
      fifth.json<Refusal>().error.message,
      /the 5th in a row: the account is locked for 15 minutes$/,
    )
    await assert.rejects(f.consumers.signIn({ login: 'jane', password: PASSWORD }), 'locked by the change')
    f.clock.advance(LIMITS.lockoutMs)
    const refusals = (await ownLog()).filter((e) => e.action === 'consumer.password_change_refused')
    assert.equal(refusals.length, 10, 'each wrong one, and the one while locked')
    assert.ok(refusals.every((e) => e.actor.id === f.keys.jane && e.outcome === 'refused'))
  })

  it('changes the password, ends every other session and keeps this one, in the consumer’s own log', async () => {
    const others = [await signIn(), await signIn()]
    const res = await change(PASSWORD, NEW_PASSWORD)
    assert.deepEqual([res.statusCode, res.json()], [200, { sessionsEnded: 2 }])
    assert.ok(await live(token), 'this session stays')
    for (const t of others) assert.equal(await live(t), false)
    await assert.rejects(f.consumers.signIn({ login: 'jane', password: PASSWORD }), 'the old one is gone')
    assert.ok(await signIn(NEW_PASSWORD))
    const [changed] = (await ownLog()).filter((e) => e.action === 'consumer.password_changed')
    assert.deepEqual([changed?.actor.id, changed?.outcome], [f.keys.jane, 'done'])
    // The count of wrong passwords starts again after a change: four more do not lock.
    for (let i = 0; i < 4; i++) assert.equal((await change('wrong', PASSWORD)).statusCode, 400)
    assert.equal((await change(NEW_PASSWORD, PASSWORD)).statusCode, 200)
  })

  it('ends every other live session at the consumer’s asking, counting none already over', async () => {
    const idle = await signIn()
    f.clock.advance(LIMITS.sessionIdleMs - 60_000)
    assert.ok(await live(token), 'this one used meanwhile')
    f.clock.advance(60_000)
    const others = [await signIn(), await signIn()]
    const res = await endOthers()
    assert.deepEqual([res.statusCode, res.json()], [200, { sessionsEnded: 2 }])
    assert.ok(await live(token))
    for (const t of [...others, idle]) assert.equal(await live(t), false)
    assert.deepEqual((await endOthers()).json(), { sessionsEnded: 0 })
    const ended = (await ownLog()).filter((e) => e.action === 'consumer.sessions_ended')
    assert.equal(ended.length, 1, 'ending none records nothing')
    assert.equal(ended[0]?.actor.id, f.keys.jane)
  })
})
