import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createHttpServer, type Authenticate, type HttpServer } from '../platform/http/index.ts'
import {
  JANE_KNOWS,
  LENDER,
  PEOPLE,
  openConsumersFixture,
  type ConsumersFixture,
} from './consumers.fixture.ts'
import type { Enrolment } from './index.ts'

const PASSWORD = 'my own long passphrase'

describe('consumers routes', () => {
  let f: ConsumersFixture
  let app: HttpServer
  const as = (token: string) => ({ authorization: `Bearer ${token}` })

  before(async () => {
    f = await openConsumersFixture()
    // As the server composes it: `ob_` is a member's API key (here one fixed member), anything else a session.
    const authenticate: Authenticate = async (request) => {
      const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1] ?? ''
      if (token.startsWith('ob_'))
        return token === 'ob_member'
          ? { kind: 'member', id: 'first-bank', roles: ['user'], memberStatus: 'active' }
          : undefined
      return f.consumers.authenticateSession(token)
    }
    app = await createHttpServer({ authenticate, rateLimit: false })
    await app.register(f.consumers.routes)
    await app.ready()
  })
  after(async () => {
    await app.close()
    await f.dispose()
  })

  const startEnrolment = (body: object) =>
    app.inject({ method: 'POST', url: '/v1/consumers/enrolments', payload: body })
  const submit = (id: string, body: object) =>
    app.inject({ method: 'POST', url: `/v1/consumers/enrolments/${id}/answers`, payload: body })
  const withoutRequestId = (body: { requestId?: string }) => ({ ...body, requestId: undefined })

  it('serves enrolment and sign-in without a credential, the rest only with a session, and says so in OpenAPI', async () => {
    for (const [method, url] of [
      ['GET', '/v1/me'],
      ['GET', '/v1/me/file'],
      ['DELETE', '/v1/consumers/sessions/current'],
      ['DELETE', '/v1/me/sessions'],
      ['POST', '/v1/me/password'],
    ] as const) {
      const res = await app.inject({ method, url })
      assert.equal(res.statusCode, 401, `${method} ${url}`)
      assert.equal(res.headers['www-authenticate'], 'Bearer')
    }
    const doc = (await app.inject({ url: '/openapi.json' })).json()
    assert.deepEqual(doc.paths['/v1/consumers/enrolments'].post.security, [])
    assert.deepEqual(doc.paths['/v1/consumers/enrolments/{id}/answers'].post.security, [])
    assert.deepEqual(doc.paths['/v1/consumers/sessions'].post.security, [])
    for (const [path, method] of [
      ['/v1/consumers/sessions/current', 'delete'],
      ['/v1/me', 'get'],
      ['/v1/me/file', 'get'],
      ['/v1/me/sessions', 'delete'],
      ['/v1/me/password', 'post'],
    ] as const) {
      assert.deepEqual(doc.paths[path][method].security, [{ consumerSession: [] }], path)
    }
    assert.ok(doc.paths['/v1/consumers/enrolments'].post.responses['201'], '201')
    assert.ok(doc.paths['/v1/consumers/enrolments'].post.responses['429'], '429')
  })

  it('documents the login and password as strings, and refuses at the route a password too long once normalised', async () => {
    const doc = (await app.inject({ url: '/openapi.json' })).json<{
      components: { schemas: Record<string, { properties: Record<string, unknown> }> }
    }>()
    for (const name of ['EnrolmentAnswers', 'EnrolmentAnswersInput', 'ConsumerCredentials']) {
      const { login, password } = doc.components.schemas[name]!.properties
      assert.deepEqual(password, { type: 'string', maxLength: 256 }, name)
      assert.equal((login as { type?: string }).type, 'string', name)
    }
    // 241 characters, 258 once NFKC has expanded "\ufdfa": refused by the route's own check, where it passed
    // that check and then failed the service's.
    const res = await submit('00000000-0000-4000-8000-000000000000', {
      answers: { lender: 'a', yearOpened: 'a', balance: 'a' },
      login: 'someone',
      password: 'ab'.repeat(120) + '\ufdfa',
    })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(
      res.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path),
      ['body.password'],
    )
  })

  it('enrols over HTTP, shows the account and the whole file, and signs out', async () => {
    const started = await startEnrolment(PEOPLE.jane)
    assert.equal(started.statusCode, 201)
    const e = started.json<Enrolment>()
    const enrolled = await submit(e.id, {
      answers: f.pick(e, JANE_KNOWS),
      login: 'JaneD',
      password: PASSWORD,
    })
    assert.equal(enrolled.statusCode, 201, enrolled.body)
    const { session } = enrolled.json<{
      session: { token: string; tokenType: string; idleTimeoutSeconds: number }
    }>()
    assert.deepEqual([session.tokenType, session.idleTimeoutSeconds], ['Bearer', 12 * 3600])
    const me = await app.inject({ url: '/v1/me', headers: as(session.token) })
    assert.deepEqual(me.json(), {
      consumerKey: f.keys.jane,
      login: 'janed',
      enrolledAt: f.clock.now.toISOString(),
    })
    const file = await app.inject({ url: '/v1/me/file', headers: as(session.token) })
    assert.equal(file.statusCode, 200)
    const body = file.json<{
      tradelines: { furnisher: { name: string }; paymentGrid: unknown[]; dates: { opened: string } }[]
    }>()
    assert.equal(body.tradelines.length, 2)
    assert.deepEqual(
      body.tradelines.map((t) => t.furnisher.name),
      [LENDER, LENDER],
    )
    assert.deepEqual(
      body.tradelines.map((t) => t.dates.opened),
      ['2023-09-01', '2023-03-15'],
    )
    assert.equal(body.tradelines[0]!.paymentGrid.length, 24)
    const out = await app.inject({
      method: 'DELETE',
      url: '/v1/consumers/sessions/current',
      headers: as(session.token),
    })
    assert.equal(out.statusCode, 204)
    assert.equal((await app.inject({ url: '/v1/me', headers: as(session.token) })).statusCode, 401)

    const signIn = await app.inject({
      method: 'POST',
      url: '/v1/consumers/sessions',
      payload: { login: 'janed', password: PASSWORD },
    })
    assert.equal(signIn.statusCode, 201)
    const again = await app.inject({
      url: '/v1/me/file',
      headers: as(signIn.json<{ token: string }>().token),
    })
    assert.equal(again.statusCode, 200)
  })

  it('answers 201 of one shape for someone on file and for nobody, and one 422 for every refusal', async () => {
    f.clock.advance(25 * 3_600_000)
    const known = await startEnrolment(PEOPLE.jane)
    const nobody = await startEnrolment(PEOPLE.nobody)
    assert.deepEqual([known.statusCode, nobody.statusCode], [201, 201])
    const shape = (e: Enrolment) => [
      Object.keys(e),
      e.questions.map((q) => [q.id, q.text, q.choices.map((c) => c.id)]),
    ]
    assert.deepEqual(shape(nobody.json()), shape(known.json()))
    const body = {
      answers: { lender: 'a', yearOpened: 'a', balance: 'a' },
      login: 'someone',
      password: PASSWORD,
    }
    const answers = [
      await submit(nobody.json<Enrolment>().id, body),
      await submit(nobody.json<Enrolment>().id, body),
      await submit('00000000-0000-4000-8000-000000000000', body),
    ]
    const e = known.json<Enrolment>()
    const right = f.pick(e, JANE_KNOWS)
    answers.push(
      await submit(e.id, { ...body, answers: { ...right, lender: right.lender === 'a' ? 'b' : 'a' } }),
    )
    assert.deepEqual(
      answers.map((r) => r.statusCode),
      [422, 422, 422, 422],
    )
    const bodies = answers.map((r) => JSON.stringify(withoutRequestId(r.json())))
    assert.equal(new Set(bodies).size, 1)
  })

  it('refuses a malformed national ID, birth date or answer with 400 naming the problem', async () => {
    type Refusal = { error: { code: string; message: string; details: unknown } }
    const badId = await startEnrolment({
      ...PEOPLE.nobody,
      nationalId: { type: 'us-ssn', value: '000-12-3456' },
    })
    assert.deepEqual([badId.statusCode, badId.json().error.code], [400, 'invalid_input'])
    const idError = badId.json<Refusal>().error
    assert.match(idError.message, /SSN area \(its first three digits\) is never issued/)
    // Found past the schema, named as the schema names a field; the machine-readable reason stays beside it.
    assert.deepEqual(idError.details, [
      {
        path: 'body.nationalId.value',
        message: idError.message.replace(/^national ID: /, ''),
        reason: 'area',
      },
    ])
    const badType = await startEnrolment({ ...PEOPLE.nobody, nationalId: { type: 'xx-id', value: '123' } })
    assert.deepEqual(
      (badType.json<Refusal>().error.details as { path: string }[]).map((d) => d.path),
      ['body.nationalId.type'],
    )
    const badDate = await startEnrolment({ ...PEOPLE.nobody, birthDate: '1990-02-30' })
    assert.deepEqual(
      [badDate.statusCode, badDate.json<Refusal>().error.details],
      [400, [{ path: 'body.birthDate', message: 'not a calendar date' }]],
    )
    const unborn = await startEnrolment({ ...PEOPLE.nobody, birthDate: '2999-01-01' })
    assert.deepEqual(
      [unborn.statusCode, unborn.json<Refusal>().error.message, unborn.json<Refusal>().error.details],
      [400, 'birthDate: in the future', [{ path: 'body.birthDate', message: 'in the future' }]],
    )
    const weak = await submit('00000000-0000-4000-8000-000000000000', {
      answers: { lender: 'a', yearOpened: 'a', balance: 'a' },
      login: 'someone',
      password: 'password1234',
    })
    assert.deepEqual(
      [weak.statusCode, (weak.json<Refusal>().error.details as { path: string }[]).map((d) => d.path)],
      [400, ['body.password']],
    )
    const extra = await startEnrolment({ ...PEOPLE.nobody, email: 'x@example.org' })
    assert.deepEqual(extra.json().error.details, [{ path: 'body.email', message: 'unknown field' }])
    const badChoice = await submit('00000000-0000-4000-8000-000000000000', {
      answers: { lender: 'e', yearOpened: 'a', balance: 'a' },
      login: 'someone',
      password: PASSWORD,
    })
    assert.equal(badChoice.statusCode, 400)
  })

  it('answers a wrong sign-in 401, and keeps a member’s credential out of a consumer’s routes', async () => {
    const wrong = await app.inject({
      method: 'POST',
      url: '/v1/consumers/sessions',
      payload: { login: 'janed', password: 'not it at all' },
    })
    assert.deepEqual([wrong.statusCode, wrong.json().error.code], [401, 'unauthenticated'])
    for (const url of ['/v1/me', '/v1/me/file']) {
      const res = await app.inject({ url, headers: as('ob_member') })
      assert.deepEqual([res.statusCode, res.json().error.code], [403, 'forbidden'], url)
    }
    // Signing out with a member's key is forbidden as every consumer route is, not "no such session".
    for (const [method, url] of [
      ['DELETE', '/v1/consumers/sessions/current'],
      ['DELETE', '/v1/me/sessions'],
      ['POST', '/v1/me/password'],
    ] as const) {
      const res = await app.inject({
        method,
        url,
        headers: as('ob_member'),
        ...(method === 'POST' ? { payload: { currentPassword: PASSWORD, newPassword: PASSWORD } } : {}),
      })
      assert.deepEqual(
        [res.statusCode, res.json().error.message],
        [403, 'only a signed-in consumer has this'],
        `${method} ${url}`,
      )
    }
  })

  it('says in Retry-After when a national ID may start an enrolment again', async () => {
    f.clock.advance(25 * 3_600_000)
    for (let i = 0; i < 3; i++) assert.equal((await startEnrolment(PEOPLE.nobody)).statusCode, 201)
    const limited = await startEnrolment(PEOPLE.nobody)
    assert.deepEqual([limited.statusCode, limited.json().error.code], [429, 'too_many_requests'])
    assert.equal(
      limited.headers['retry-after'],
      String(24 * 3600),
      'the three starts leave the window in 24 h',
    )
    f.clock.advance(3_600_000 + 500)
    const later = await startEnrolment(PEOPLE.nobody)
    assert.equal(later.headers['retry-after'], String(23 * 3600), 'rounded up to the whole second')
    f.clock.advance(23 * 3_600_000 - 500)
    assert.equal((await startEnrolment(PEOPLE.nobody)).statusCode, 201, 'free when Retry-After said')
  })
})
