import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import {
  createHttpServer,
  type Authenticate,
  type HttpServer,
  type Principal,
} from '../platform/http/index.ts'
import { openConsentFixture, type ConsentFixture } from './consent.fixture.ts'

interface ListAnswer {
  consents: { id: string }[]
  next?: string
}

// GET /v1/consents pages by a keyset cursor (`before`, the `next` of the page before), as the audit log does.
describe('GET /v1/consents: keyset pages', () => {
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

  /** A consent granted a millisecond after the one before, as time goes on between requests. */
  const grant = async () => {
    f.clock.now = new Date(f.clock.now.getTime() + 1)
    await f.granted()
  }
  const list = async (query: string, who: string): Promise<ListAnswer> => {
    const res = await app.inject({ url: `/v1/consents?${query}`, headers: as(who) })
    assert.equal(res.statusCode, 200, res.body)
    return res.json<ListAnswer>()
  }
  const walk = async (who: string, limit: number, between = async () => {}) => {
    const ids: string[] = []
    let page = await list(`limit=${limit}`, who)
    for (;;) {
      assert.ok(page.consents.length <= limit)
      ids.push(...page.consents.map((c) => c.id))
      if (page.next === undefined) return ids
      await between()
      page = await list(`limit=${limit}&before=${page.next}`, who)
    }
  }

  for (const who of ['alice', 'bank-a']) {
    it(`walking ${who}'s pages while consents are added repeats none and misses none`, async () => {
      for (let i = 0; i < 5; i++) await grant()
      const all = (await list('limit=500', who)).consents.map((c) => c.id)
      assert.ok(all.length >= 5)
      assert.deepEqual(await walk(who, 2, grant), all, 'the list as it stood at the first page, each once')
      const now = (await list('limit=500', who)).consents.length
      assert.equal((await list(`limit=${now}`, who)).next, undefined, 'no next page when none follows')
      assert.notEqual((await list(`limit=${now - 1}`, who)).next, undefined)
    })
  }

  it('pages exactly through consents made at the same instant, and with a status filter', async () => {
    for (let i = 0; i < 4; i++) {
      await f.consent.request(f.member('bank-b'), f.request({ nationalId: f.ids.bob }))
    }
    const all = (await list('limit=500', 'bob')).consents.map((c) => c.id)
    assert.equal(all.length, 4)
    for (const limit of [1, 3]) assert.deepEqual(await walk('bob', limit), all)
    const pending = await list('status=pending&limit=3', 'bob')
    const rest = await list(`status=pending&limit=3&before=${pending.next}`, 'bob')
    assert.deepEqual(
      [...pending.consents, ...rest.consents].map((c) => c.id),
      all,
    )
  })

  it('takes a whole number in decimal digits and a cursor it gave, and refuses anything else', async () => {
    for (const q of [
      'limit=1e1',
      'limit=2.0',
      'limit=0x1',
      'limit=',
      'limit=0',
      'limit=501',
      'offset=0x1',
      'offset=',
      'offset=2',
      'before=',
      'before=bm90IGEgY3Vyc29y',
      `before=${Buffer.from(`2031-02-30T00:00:00.000000Z ${randomUUID()}`).toString('base64url')}`,
    ]) {
      const res = await app.inject({ url: `/v1/consents?${q}`, headers: as('alice') })
      assert.deepEqual([res.statusCode, res.json().error.code], [400, 'invalid_input'], q)
    }
    assert.equal((await list('limit=2', 'alice')).consents.length, 2)
  })
})
