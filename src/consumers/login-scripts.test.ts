// Logins in every script: a letter may carry combining marks (the dot that lower-casing "İ" leaves, Devanagari
// vowel signs), and the one who enrolled signs in again with what they typed (UAX #15, UAX #31).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createHttpServer, type HttpServer } from '../platform/http/index.ts'
import { ENROLMENT_REFUSED } from './complete-enrolment.ts'
import { PEOPLE, openConsumersFixture, type ConsumersFixture } from './consumers.fixture.ts'
import { loginSchema, normaliseLogin } from './consumers.model.ts'

const PASSWORD = 'a long passphrase of mine'

describe('logins with combining marks', () => {
  let f: ConsumersFixture
  let app: HttpServer
  before(async () => {
    f = await openConsumersFixture()
    app = await createHttpServer({ authenticate: () => Promise.resolve(undefined), rateLimit: false })
    await app.register(f.consumers.routes)
    await app.ready()
  })
  after(async () => {
    await app.close()
    await f.dispose()
  })

  it('accepts "İlker" and "अनिल" at the route, where they were refused as "not letters"', async () => {
    for (const login of ['İlker', 'अनिल', 'ক্ষমা', 'ñandú']) {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/consumers/enrolments/00000000-0000-4000-8000-000000000000/answers',
        payload: { answers: { lender: 'a', yearOpened: 'a', balance: 'a' }, login, password: PASSWORD },
      })
      assert.equal(res.statusCode, 422, `${login}: ${res.body}`)
      assert.equal(res.json<{ error: { message: string } }>().error.message, ENROLMENT_REFUSED)
    }
  })

  it('enrols "İlker" and "अनिल", and signs each in with what they typed, in either Unicode form', async () => {
    for (const [person, login, again] of [
      [PEOPLE.richard, 'İlker', ['İlker', 'I\u0307lker', 'İLKER']],
      [PEOPLE.mary, 'अनिल', ['अनिल']],
    ] as const) {
      const e = await f.consumers.startEnrolment(person)
      const enrolled = await f.consumers.completeEnrolment(e.id, {
        answers: f.pick(e, 'none'),
        login,
        password: PASSWORD,
      })
      assert.equal(enrolled.login, normaliseLogin(login))
      for (const typed of again) {
        const session = await f.consumers.signIn({ login: typed, password: PASSWORD })
        assert.equal(session.tokenType, 'Bearer', typed)
      }
    }
  })

  it('names the refused character, and still refuses spaces, control, format and bidi characters and a leading mark', () => {
    const problem = (login: string) => {
      const r = loginSchema.safeParse(login)
      return r.success ? 'accepted' : r.error.issues.map((i) => i.message).join('; ')
    }
    assert.match(problem('jane doe'), /^U\+0020 is not allowed: 3-128 letters/)
    assert.match(problem('jane!'), /^"!" \(U\+0021\) is not allowed/)
    for (const c of ['\u0007', '\u200d', '\u200b', '\u202e', '\u2066', '\u00ad', '\t'])
      assert.match(problem(`ja${c}ne`), /is not allowed/, JSON.stringify(c))
    assert.match(problem('\u0301jane'), /cannot start a login/)
    assert.match(problem('-jane'), /cannot start a login/)
    assert.match(problem('jane.\u0301doe'), /must follow a letter or digit/)
    assert.match(problem('ab'), /^3-128 letters/)
  })

  it('spells a login one way whatever Unicode form it was typed in, and again when normalised twice', () => {
    for (const login of ['İlker', 'I\u0307lker', 'अनिल', 'Ｊａｎｅ', 'ñandú', 'n\u0303andu\u0301'])
      assert.equal(normaliseLogin(normaliseLogin(login)), normaliseLogin(login), login)
    assert.equal(normaliseLogin('I\u0307lker'), normaliseLogin('İlker'))
    assert.equal(normaliseLogin('n\u0303andu\u0301'), normaliseLogin('ñandú'))
  })
})
