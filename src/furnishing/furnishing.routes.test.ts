// The upload route's refusals (found by probing): a furnisher naming another furnisher in ?furnisher=, a body
// whose parts are not the one `file`, and a file over the server's limit, answered with the limit and the way a
// larger file goes in. Nothing of a refused upload is stored. A file sent again is answered with its earlier batch.
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { metro2File } from '../access-matrix.fixture.ts'
import { body, boundary, openFurnishingWorld, type FurnishingWorld } from './furnishing.fixture.ts'

type Answer = { error: { code: string; message: string; details?: unknown } }

describe('POST /v1/furnishing/files', () => {
  let w: FurnishingWorld
  before(async () => {
    w = await openFurnishingWorld({ OPENBUREAU_UPLOAD_MAX_BYTES: '4096' }, [
      ['furnisher-a', 'FURNA01'],
      ['furnisher-b', 'FURNB01'],
    ])
  })
  after(() => w.dispose())

  const upload = (who: string, payload: Buffer, query = '') => w.upload(who, payload, query)
  const batches = async () =>
    (await w.server.inject({ url: '/v1/furnishing/files', headers: { ...w.tokens['bureau'] } })).json<{
      files: unknown[]
    }>().files.length

  it('refuses a furnisher naming another furnisher, and takes one naming itself', async () => {
    const stored = await batches()
    const other = await upload(
      'furnisher-a',
      body(metro2File('furnisher-a', [{ account: 'F-1' }])),
      '?furnisher=furnisher-b',
    )
    assert.equal(other.statusCode, 403, other.body)
    assert.deepEqual(other.json<Answer>().error.details, [
      { path: 'query.furnisher', message: 'only the operator may name another furnisher' },
    ])
    assert.match(other.json<Answer>().error.message, /furnisher="furnisher-b"/)
    assert.equal(await batches(), stored)
    const own = await upload(
      'furnisher-a',
      body(metro2File('furnisher-a', [{ account: 'F-2' }])),
      '?furnisher=furnisher-a',
    )
    assert.equal(own.statusCode, 201, own.body)
  })

  it('logs a file the operator sends for a furnisher as sent by the operator, the furnisher in its details', async () => {
    const sent = await upload(
      'bureau',
      body(metro2File('furnisher-a', [{ account: 'O-1' }])),
      '?furnisher=furnisher-a',
    )
    assert.equal(sent.statusCode, 201, sent.body)
    const { batchId } = sent.json<{ batchId: string }>()
    const events = (await w.mods.audit.tail({ limit: 20 })).filter((e) => e.target === batchId)
    assert.deepEqual(
      events.map((e) => [e.action, e.actor.kind, e.actor.id, e.details['furnisherId']]),
      [['batch.applied', 'operator', 'bureau', 'furnisher-a']],
    )
  })

  it('answers a file sent again with the batch that applied it, when, and what became of its records', async () => {
    const file = body(metro2File('furnisher-a', [{ account: 'F-9' }, { account: 'F-10' }]))
    const first = await upload('furnisher-a', file)
    assert.equal(first.statusCode, 201, first.body)
    const applied = first.json<{ batchId: string }>()
    const stored = await batches()
    const again = await upload('furnisher-a', file)
    assert.equal(again.statusCode, 200, again.body)
    const answer = again.json<{ status: string; batchId: string; earlier: { appliedAt: string } }>()
    const { appliedAt, ...earlier } = answer.earlier
    assert.deepEqual(
      { status: answer.status, batchId: answer.batchId, earlier },
      {
        status: 'duplicate',
        batchId: applied.batchId,
        earlier: { fileName: 'file.dat', records: 2, accepted: 2, rejected: 0 },
      },
    )
    assert.ok(Math.abs(Date.parse(appliedAt) - Date.now()) < 60_000, appliedAt)
    assert.equal(await batches(), stored)
  })

  it('refuses a file part not named file, and a field beside it, by name', async () => {
    const stored = await batches()
    const file = metro2File('furnisher-a', [{ account: 'F-3' }])
    const misnamed = await upload('furnisher-a', body(file, 'upload'))
    assert.equal(misnamed.statusCode, 400, misnamed.body)
    assert.deepEqual(misnamed.json<Answer>().error.details, [
      { path: 'body.upload', message: 'unknown field' },
    ])
    const note = `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n`
    const extra = await upload('furnisher-a', body(file, 'file', note))
    assert.equal(extra.statusCode, 400, extra.body)
    assert.deepEqual(extra.json<Answer>().error.details, [{ path: 'body.note', message: 'unknown field' }])
    assert.equal(await batches(), stored)
  })

  it("records every page of a batch's issues read, over HTTP and from the command line, and no empty page", async () => {
    const twice = [{ account: 'DUP-1' }, { account: 'DUP-1' }]
    const res = await upload('furnisher-a', body(metro2File('furnisher-a', twice)))
    assert.equal(res.statusCode, 201, res.body)
    const { batchId, issuesTotal } = res.json<{ batchId: string; issuesTotal: number }>()
    assert.ok(issuesTotal > 0, res.body)
    const reads = async () =>
      (await w.mods.audit.tail({ limit: 50 }))
        .filter((e) => e.action === 'batch.issues_read' && e.target === batchId)
        .map((e) => [e.actor.id, e.outcome, e.details])
        .reverse()
    const page = await w.server.inject({
      url: `/v1/furnishing/files/${batchId}?limit=1`,
      headers: { ...w.tokens['furnisher-a'] },
    })
    assert.equal(page.statusCode, 200, page.body)
    const past = await w.server.inject({
      url: `/v1/furnishing/files/${batchId}?afterSeq=${issuesTotal}`,
      headers: { ...w.tokens['furnisher-a'] },
    })
    assert.deepEqual(past.json<{ issues: unknown[] }>().issues, [])
    for (const [afterSeq, status] of [
      ['2147483647', 200],
      ['2147483648', 400],
    ] as const) {
      const far = await w.server.inject({
        url: `/v1/furnishing/files/${batchId}?afterSeq=${afterSeq}`,
        headers: { ...w.tokens['furnisher-a'] },
      })
      assert.equal(far.statusCode, status, far.body)
    }
    // `openbureau batch ID`: the operator's read, through the same module the command uses.
    await w.mods.furnishing.batches.issues(batchId, { limit: 100, afterSeq: 0 })
    assert.deepEqual(await reads(), [
      ['furnisher-a', 'allowed', { afterSeq: 0, shown: 1 }],
      ['cli', 'allowed', { afterSeq: 0, shown: issuesTotal }],
    ])
  })

  it('refuses a file over the limit, saying the limit and that the CLI takes larger files', async () => {
    const accounts = Array.from({ length: 20 }, (_, i) => ({ account: `BIG-${i}` }))
    const res = await upload('furnisher-a', body(metro2File('furnisher-a', accounts)))
    assert.equal(res.statusCode, 413, res.body)
    assert.deepEqual(res.json<Answer>().error, {
      code: 'payload_too_large',
      message: 'the file exceeds 4 KiB; use the CLI `openbureau ingest` for larger files',
    })
  })
})

describe('a suspended furnisher’s file', () => {
  let w: FurnishingWorld
  before(async () => {
    w = await openFurnishingWorld({}, [['furnisher-a', 'FURNA01']])
    await w.mods.members.suspend('furnisher-a')
  })
  after(() => w.dispose())

  const refusals = async () =>
    (await w.mods.audit.tail({ limit: 50 }))
      .filter((e) => e.action === 'batch.refused')
      .map((e) => [e.actor.id, e.outcome, e.reason, e.details])

  it('is refused over HTTP, from the CLI and for the operator alike, nothing stored, the refusal in the audit log', async () => {
    const file = () => body(metro2File('furnisher-a', [{ account: 'S-1' }]))
    const upload = (who: string, query = '') => w.upload(who, file(), query)
    const own = await upload('furnisher-a')
    assert.equal(own.statusCode, 403, own.body)
    assert.equal(own.json<Answer>().error.message, 'furnisher "furnisher-a" is suspended')
    const forIt = await upload('bureau', '?furnisher=furnisher-a')
    assert.equal(forIt.statusCode, 403, forIt.body)
    await assert.rejects(
      w.mods.furnishing.ingest.ingest({
        source: Readable.from([metro2File('furnisher-a', [{ account: 'S-1' }])]),
        fileName: 'cli.dat',
      }),
      /furnisher "furnisher-a" is suspended/,
    )
    const reason = 'furnisher "furnisher-a" is suspended'
    assert.deepEqual((await refusals()).reverse(), [
      ['furnisher-a', 'refused', reason, { furnisherId: 'furnisher-a', fileName: 'file.dat' }],
      ['bureau', 'refused', reason, { furnisherId: 'furnisher-a', fileName: 'file.dat' }],
      ['cli', 'refused', reason, { furnisherId: 'furnisher-a', fileName: 'cli.dat' }],
    ])
    assert.deepEqual(await w.mods.furnishing.batches.list({ furnisherId: undefined, limit: 10 }), [])
    assert.equal((await w.mods.audit.verify()).ok, true)
  })
})
