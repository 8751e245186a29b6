import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { runOn } from '../platform/planned.ts'
import { inquiryWrite } from './inquiry.store.ts'
import { openReportFixture, type ReportFixture } from './report.fixture.ts'
import { reportRequests } from './report.requests.fixture.ts'

interface ListAnswer {
  inquiries: { id: string }[]
  next?: string
}

// GET /v1/me/inquiries and GET /v1/inquiries page by a keyset cursor (`before`, the `next` of the page before).
describe('inquiry lists: keyset pages', () => {
  let f: ReportFixture
  before(async () => {
    f = await openReportFixture()
  })
  after(() => f.dispose())

  const { ask, alice } = reportRequests(() => f)
  const newInquiry = async () =>
    assert.equal((await ask('bankA', { ...alice, purpose: 'credit_application' })).statusCode, 200)
  const list = async (url: string, who: 'alice' | 'bob' | 'bankA'): Promise<ListAnswer> => {
    const res = await f.app.inject({ url, headers: f.as(who) })
    assert.equal(res.statusCode, 200, res.body)
    return res.json<ListAnswer>()
  }
  /** Every page of `url` at `limit`, calling `between` before each page after the first. */
  const walk = async (
    url: string,
    who: 'alice' | 'bob' | 'bankA',
    limit: number,
    between = async () => {},
  ) => {
    const ids: string[] = []
    let page = await list(`${url}?limit=${limit}`, who)
    for (;;) {
      assert.ok(page.inquiries.length <= limit)
      ids.push(...page.inquiries.map((q) => q.id))
      if (page.next === undefined) return ids
      await between()
      page = await list(`${url}?limit=${limit}&before=${page.next}`, who)
    }
  }

  for (const [url, who] of [
    ['/v1/me/inquiries', 'alice'],
    ['/v1/inquiries', 'bankA'],
  ] as const) {
    it(`${url}: walking the pages while inquiries are added repeats none and misses none`, async () => {
      for (let i = 0; i < 5; i++) await newInquiry()
      const all = (await list(`${url}?limit=500`, who)).inquiries.map((q) => q.id)
      assert.ok(all.length >= 5)
      const walked = await walk(url, who, 2, newInquiry)
      assert.deepEqual(walked, all, 'the list as it stood at the first page, in order, each once')
      const now = (await list(`${url}?limit=500`, who)).inquiries.length
      assert.equal((await list(`${url}?limit=${now}`, who)).next, undefined, 'no next page when none follows')
      assert.notEqual((await list(`${url}?limit=${now - 1}`, who)).next, undefined)
    })
  }

  it('pages exactly through inquiries of the same microsecond and within one millisecond', async () => {
    const bob = f.consumers.bob
    const ats = [
      '2024-07-01T00:00:00.000400Z',
      ...Array(3).fill('2024-07-01T00:00:00.000500Z'),
      '2024-07-01T00:00:00.000600Z',
    ]
    for (const at of ats) {
      const q = {
        id: randomUUID(),
        consumerKey: bob,
        memberId: 'bank-b',
        purpose: 'credit_application' as const,
      }
      await runOn(f.db.kysely, inquiryWrite({ ...q, hard: true, legalGround: 'test', consentId: null, at }))
    }
    const all = (await list('/v1/me/inquiries?limit=500', 'bob')).inquiries.map((q) => q.id)
    assert.equal(all.length, 5)
    for (const limit of [1, 2, 3]) assert.deepEqual(await walk('/v1/me/inquiries', 'bob', limit), all)
    const own = (await list('/v1/inquiries?limit=500', 'bankA')).inquiries.map((q) => q.id)
    assert.deepEqual(await walk('/v1/inquiries', 'bankA', 3), own)
  })

  it('takes a whole number in decimal digits and a cursor it gave, and refuses anything else', async () => {
    const bad = [
      'limit=1e1',
      'limit=2.0',
      'limit=0x1',
      'limit=',
      'limit=%201',
      'limit=0',
      'limit=501',
      'offset=0x1',
      'offset=',
      'offset=2',
      'before=',
      'before=bm90IGEgY3Vyc29y',
      // A well-formed cursor of 30 February.
      `before=${Buffer.from(`2024-02-30T00:00:00.000000Z ${randomUUID()}`).toString('base64url')}`,
    ]
    for (const [url, who] of [
      ['/v1/me/inquiries', 'alice'],
      ['/v1/inquiries', 'bankA'],
    ] as const) {
      for (const q of bad) {
        const res = await f.app.inject({ url: `${url}?${q}`, headers: f.as(who) })
        assert.deepEqual([res.statusCode, res.json().error.code], [400, 'invalid_input'], `${url}?${q}`)
      }
      assert.equal((await f.app.inject({ url: `${url}?limit=2`, headers: f.as(who) })).statusCode, 200)
    }
  })
})
