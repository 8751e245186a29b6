import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createHttpServer, type Authenticate, type HttpServer } from '../platform/http/index.ts'
import { encodePageCursor } from '../platform/page-cursor.ts'
import { openConsentFixture, type ConsentFixture } from './consent.fixture.ts'

// A `before` cursor dated in year 0 passed the cursor check and failed in PostgreSQL, which has no such year,
// as a 500 (found by probing); the first and last years that the database holds still page.
describe('GET /v1/consents: the year of a `before` cursor', () => {
  let f: ConsentFixture
  let app: HttpServer
  const cursorAt = (at: string) => encodePageCursor({ at, id: '00000000-0000-4000-8000-000000000000' })
  const get = (before: string) =>
    app.inject({ url: `/v1/consents?limit=2&before=${before}`, headers: { authorization: 'Bearer alice' } })

  before(async () => {
    f = await openConsentFixture('US-FCRA')
    const alice = f.consumer(f.consumers.alice)
    const authenticate: Authenticate = async (request) =>
      request.headers.authorization === 'Bearer alice' ? alice : undefined
    app = await createHttpServer({ authenticate, rateLimit: false })
    await app.register(f.consent.routes)
    await app.ready()
    await f.granted()
  })
  after(async () => {
    await app.close()
    await f.dispose()
  })

  it('refuses a cursor in year 0 as invalid input', async () => {
    const res = await get(cursorAt('0000-01-01T00:00:00.000000Z'))
    assert.deepEqual([res.statusCode, res.json().error.code], [400, 'invalid_input'], res.body)
  })

  it('pages from AD 1 (nothing older) and from the end of 9999 (everything)', async () => {
    const first = await get(cursorAt('0001-01-01T00:00:00.000000Z'))
    assert.equal(first.statusCode, 200, first.body)
    assert.equal(first.json().consents.length, 0)
    const last = await get(cursorAt('9999-12-31T23:59:59.999999Z'))
    assert.equal(last.statusCode, 200, last.body)
    assert.equal(last.json().consents.length, 1)
  })
})
