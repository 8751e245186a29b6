// GET /v1/furnishing/files/{id} pages a batch's issues by seq: `nextAfterSeq` is there only when more issues
// follow. Found by probing: a full last page (one issue, ?limit=1) handed out a cursor to an empty page.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { metro2File } from '../access-matrix.fixture.ts'
import { body, openFurnishingWorld, type FurnishingWorld } from './furnishing.fixture.ts'

type Page = { issues: { seq: number }[]; nextAfterSeq: number | null }

describe('GET /v1/furnishing/files/{id}, paged', () => {
  let w: FurnishingWorld
  before(async () => (w = await openFurnishingWorld({}, [['furnisher-a', 'FURNA01']])))
  after(() => w.dispose())

  const read = async (batchId: string, query: string): Promise<Page> => {
    const r = await w.server.inject({
      url: `/v1/furnishing/files/${batchId}?${query}`,
      headers: { ...w.tokens['furnisher-a'] },
    })
    assert.equal(r.statusCode, 200, r.body)
    return r.json<Page>()
  }

  it('gives the next page only when more issues follow, and every issue once', async () => {
    const twice = [{ account: 'PG-1' }, { account: 'PG-1' }]
    const res = await w.upload('furnisher-a', body(metro2File('furnisher-a', twice)))
    assert.equal(res.statusCode, 201, res.body)
    const { batchId, issuesTotal } = res.json<{ batchId: string; issuesTotal: number }>()
    assert.ok(issuesTotal > 0, res.body)
    const whole = await read(batchId, `limit=${issuesTotal}`)
    assert.deepEqual([whole.issues.length, whole.nextAfterSeq], [issuesTotal, null])
    const seen: number[] = []
    let next: number | null = 0
    for (let pages = 0; next !== null; pages++) {
      assert.ok(pages < issuesTotal, 'one page an issue, no empty page at the end')
      const page: Page = await read(batchId, `limit=1&afterSeq=${next}`)
      assert.equal(page.issues.length, 1)
      seen.push(...page.issues.map((i) => i.seq))
      next = page.nextAfterSeq
    }
    assert.deepEqual(
      seen,
      Array.from({ length: issuesTotal }, (_, i) => i + 1),
    )
  })
})
