// GET /v1/furnishing/files pages by a keyset cursor (`before`, the `next` of the page before), as consents and
// inquiries do: a file received between two requests neither repeats nor hides one. An operator may name a
// furnisher (?furnisher=); a furnisher may name only itself, answered as the upload answers it.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { metro2File } from '../access-matrix.fixture.ts'
import { insertBatch } from './batches.store.ts'
import { body, openFurnishingWorld, type FurnishingWorld } from './furnishing.fixture.ts'

interface File {
  batchId: string
  furnisherId: string
  status: string
}
interface ListAnswer {
  files: File[]
  next?: string
}
type Answer = { error: { code: string; message: string; details?: { path: string }[] } }

describe('GET /v1/furnishing/files: keyset pages', () => {
  let w: FurnishingWorld
  before(async () => {
    w = await openFurnishingWorld({}, [
      ['furnisher-a', 'FURNA01'],
      ['furnisher-b', 'FURNB01'],
    ])
  })
  after(() => w.dispose())

  let sent = 0
  /** A new file of the furnisher, sent by itself. */
  const furnish = async (furnisher: 'furnisher-a' | 'furnisher-b') => {
    const res = await w.upload(furnisher, body(metro2File(furnisher, [{ account: `P-${++sent}` }])))
    assert.equal(res.statusCode, 201, res.body)
  }
  /** A batch stored as received at `at` (to the microsecond), as ingestion stores one. */
  const receivedAt = async (furnisherId: string, at: string, status: 'applied' | 'rejected' = 'applied') => {
    const batchId = randomUUID()
    await w.db.transaction(async (tx) => {
      await insertBatch(tx, {
        batchId,
        furnisherId,
        contentHash: batchId,
        fileName: null,
        format: 'metro2',
        status,
        records: 0,
        accepted: 0,
        rejected: 0,
        warnings: 0,
        errors: 0,
        activityDate: null,
        summary: {},
        receivedAt: new Date(at),
      })
      await sql`update batches set received_at = ${at}::timestamptz where batch_id = ${batchId}`.execute(
        tx.kysely,
      )
    })
    return batchId
  }
  const get = (who: string, query: string) =>
    w.server.inject({ url: `/v1/furnishing/files?${query}`, headers: { ...w.tokens[who] } })
  const list = async (who: string, query: string): Promise<ListAnswer> => {
    const res = await get(who, query)
    assert.equal(res.statusCode, 200, res.body)
    return res.json<ListAnswer>()
  }
  const ids = (a: ListAnswer) => a.files.map((f) => f.batchId)
  /** Every page from the first, `between` run before each next one; the ids in order and how many pages. */
  const walk = async (who: string, query: string, between = async () => {}) => {
    const seen: string[] = []
    let pages = 1
    let page = await list(who, query)
    for (;;) {
      seen.push(...ids(page))
      if (page.next === undefined) return { seen, pages }
      await between()
      page = await list(who, `${query}&before=${page.next}`)
      pages++
    }
  }

  for (const who of ['furnisher-a', 'bureau']) {
    it(`walking ${who}'s pages while files arrive repeats none and misses none`, async () => {
      for (let i = 0; i < 5; i++) await furnish('furnisher-a')
      for (let i = 0; i < 2; i++) await furnish('furnisher-b')
      const all = ids(await list(who, 'limit=500'))
      const { seen, pages } = await walk(who, 'limit=2', () => furnish('furnisher-a'))
      assert.ok(pages >= 3, `${pages} pages`)
      assert.deepEqual(seen, all, 'the list as it stood at the first page, each once')
      const now = (await list(who, 'limit=500')).files.length
      assert.equal(now, all.length + pages - 1)
      assert.equal((await list(who, `limit=${now}`)).next, undefined, 'no next page when none follows')
      assert.notEqual((await list(who, `limit=${now - 1}`)).next, undefined)
    })
  }

  it('pages exactly through files received in the same instant and in the same millisecond', async () => {
    const late = await receivedAt('furnisher-b', '2020-01-01T00:00:00.000007Z')
    const together = [
      await receivedAt('furnisher-b', '2020-01-01T00:00:00.000005Z'),
      await receivedAt('furnisher-b', '2020-01-01T00:00:00.000005Z'),
      await receivedAt('furnisher-b', '2020-01-01T00:00:00.000005Z'),
    ].sort()
    const early = await receivedAt('furnisher-b', '2020-01-01T00:00:00.000003Z')
    const all = ids(await list('bureau', 'furnisher=furnisher-b&limit=500'))
    assert.deepEqual(all.slice(-5), [late, ...together, early], 'newest first, then by id')
    for (const limit of [1, 2, 3]) {
      assert.deepEqual((await walk('bureau', `furnisher=furnisher-b&limit=${limit}`)).seen, all, `${limit}`)
      assert.deepEqual((await walk('furnisher-b', `limit=${limit}`)).seen, all, `${limit}`)
    }
  })

  it('lets the operator choose a furnisher and a status, and a furnisher name only itself', async () => {
    await furnish('furnisher-a')
    await furnish('furnisher-b')
    const refused = await receivedAt('furnisher-a', new Date().toISOString(), 'rejected')
    const everyone = (await list('bureau', 'limit=500')).files
    const ofB = (await list('bureau', 'furnisher=furnisher-b&limit=500')).files
    assert.deepEqual(
      ofB,
      everyone.filter((f) => f.furnisherId === 'furnisher-b'),
    )
    assert.ok(ofB.length > 0 && ofB.length < everyone.length)
    const rejectedOfA = await list('bureau', 'furnisher=furnisher-a&status=rejected')
    assert.deepEqual(ids(rejectedOfA), [refused])
    assert.equal((await list('bureau', 'furnisher=furnisher-b&status=rejected')).files.length, 0)
    assert.deepEqual(
      (await list('bureau', 'status=applied&limit=500')).files,
      everyone.filter((f) => f.status === 'applied'),
    )
    assert.deepEqual(
      await list('furnisher-a', 'furnisher=furnisher-a&limit=500'),
      await list('furnisher-a', 'limit=500'),
    )
  })

  it('answers another furnisher or no member named in ?furnisher= as the upload does', async () => {
    const stored = (await list('bureau', 'limit=500')).files.length
    for (const [who, named, status] of [
      ['furnisher-a', 'furnisher-b', 403],
      ['furnisher-a', 'nobody', 403],
      ['bureau', 'nobody', 404],
    ] as const) {
      const listed = await get(who, `furnisher=${named}`)
      const upload = await w.upload(
        who,
        body(metro2File('furnisher-a', [{ account: `R-${++sent}` }])),
        `?furnisher=${named}`,
      )
      assert.equal(listed.statusCode, status, listed.body)
      assert.deepEqual(
        [listed.statusCode, listed.json<Answer>().error],
        [upload.statusCode, upload.json<Answer>().error],
        `${who} naming ${named}`,
      )
    }
    const other = (await get('furnisher-a', 'furnisher=furnisher-b')).json<Answer>().error
    assert.deepEqual(other.details, [
      { path: 'query.furnisher', message: 'only the operator may name another furnisher' },
    ])
    assert.equal((await list('bureau', 'limit=500')).files.length, stored, 'no refused upload stored')
  })

  it('refuses a cursor it did not give, a limit out of range and an unknown status or parameter, by name', async () => {
    const thirtyFeb = Buffer.from(`2031-02-30T00:00:00.000000Z ${randomUUID()}`).toString('base64url')
    for (const [query, field] of [
      ['before=', 'query.before'],
      ['before=bm90IGEgY3Vyc29y', 'query.before'],
      [`before=${thirtyFeb}`, 'query.before'],
      ['limit=0', 'query.limit'],
      ['limit=501', 'query.limit'],
      ['limit=1e1', 'query.limit'],
      ['status=pending', 'query.status'],
      ['offset=2', 'query.offset'],
    ] as const) {
      const res = await get('bureau', query)
      assert.equal(res.statusCode, 400, `${query}: ${res.body}`)
      const error = res.json<Answer>().error
      assert.equal(error.code, 'invalid_input', query)
      assert.deepEqual(
        error.details?.map((d) => d.path),
        [field],
        `${query}: ${res.body}`,
      )
    }
    // And takes what it gave: a cursor of its own, a status it knows.
    const { next } = await list('bureau', 'limit=1')
    assert.ok(next !== undefined)
    assert.equal((await list('bureau', `limit=1&status=applied&before=${next}`)).files.length, 1)
  })
})
