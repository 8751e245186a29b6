import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { CompiledQuery, sql } from 'kysely'
import type { PipelineResult } from './pipeline.ts'
import { sharedBatches, type RunStatements } from './shared-batches.ts'
import { openTestDb, testingOnServer, type TestDb } from './testing.ts'

// The scheduling, over a recorder standing in for the connection: which statements went out together.
describe('sharedBatches: the batches of one turn of the event loop in one pipeline', () => {
  const statement = (text: string) => CompiledQuery.raw(text)
  const recorder = (failWhen: (texts: string[]) => boolean = () => false) => {
    const sent: string[][] = []
    const run: RunStatements = async (statements) => {
      const texts = statements.map((s) => s.sql)
      sent.push(texts)
      await new Promise((r) => setTimeout(r, 5))
      if (failWhen(texts)) throw new Error(`failed: ${texts.join(', ')}`)
      return texts.map((t): PipelineResult => ({ rows: [{ t }], rowCount: 1 }))
    }
    return { sent, run }
  }

  it('sends the callers of one turn together and gives each its own results, in order', async () => {
    const { sent, run } = recorder()
    const read = sharedBatches(run, { lanes: 1 })
    const [a, b] = await Promise.all([read([statement('a1'), statement('a2')]), read([statement('b1')])])
    assert.deepEqual(sent, [['a1', 'a2', 'b1']])
    assert.deepEqual(
      a.map((r) => r.rows),
      [[{ t: 'a1' }], [{ t: 'a2' }]],
    )
    assert.deepEqual(
      b.map((r) => r.rows),
      [[{ t: 'b1' }]],
    )
  })

  it('holds the batches that come while every lane is busy for the next pipeline', async () => {
    const { sent, run } = recorder()
    const read = sharedBatches(run, { lanes: 1 })
    const first = read([statement('first')])
    await new Promise((r) => setImmediate(r))
    const later = [read([statement('x')]), read([statement('y')]), read([statement('z')])]
    await Promise.all([first, ...later])
    assert.deepEqual(sent, [['first'], ['x', 'y', 'z']])
  })

  it('opens more pipelines when there are free lanes or a pipeline is full', async () => {
    const { sent, run } = recorder()
    const read = sharedBatches(run, { lanes: 3, maxStatements: 2 })
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((t) => read([statement(t)])))
    assert.deepEqual(sent, [['a', 'b'], ['c', 'd'], ['e']])
  })

  it("reruns each caller alone when the shared pipeline fails, so one caller's error is no one else's", async () => {
    const { sent, run } = recorder((texts) => texts.includes('bad'))
    const read = sharedBatches(run, { lanes: 1 })
    const results = await Promise.allSettled([read([statement('good')]), read([statement('bad')])])
    assert.deepEqual(sent, [['good', 'bad'], ['good'], ['bad']])
    assert.equal(results[0].status, 'fulfilled')
    assert.equal(results[1].status, 'rejected')
    assert.match(String(results[1].reason), /failed: bad/)
  })
})

describe(`Db.sharedBatch on ${testingOnServer ? 'PostgreSQL' : 'PGlite'}: shared batches against a real database`, () => {
  let db: TestDb
  before(async () => {
    db = await openTestDb({ migrate: false })
    await db.transaction(async ({ raw }) => {
      await raw.query('create table r (id int primary key, name text)')
      await raw.query("insert into r values (1, 'one'), (2, 'two'), (3, 'three')")
    })
  })
  after(() => db.dispose())

  const byId = (id: number) => sql`select name from r where id = ${id}`.compile(db.kysely)

  it('answers many concurrent callers each with the rows of its own statements', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => (i % 3) + 1)
    const names = await Promise.all(ids.map(async (id) => (await db.sharedBatch([byId(id)]))[0]!.rows[0]))
    assert.deepEqual(
      names,
      ids.map((id) => ({ name: ['one', 'two', 'three'][id - 1] })),
    )
  })

  it('fails only the caller whose statement fails; the others get their rows', async () => {
    const bad = sql`select 1 / ${0}::int as x`.compile(db.kysely)
    const results = await Promise.allSettled([
      db.sharedBatch([byId(1)]),
      db.sharedBatch([bad]),
      db.sharedBatch([byId(3)]),
    ])
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    )
    assert.match(String((results[1] as PromiseRejectedResult).reason), /division by zero/)
    assert.deepEqual((results[2] as PromiseFulfilledResult<PipelineResult[]>).value[0]!.rows, [
      { name: 'three' },
    ])
  })

  it("applies every caller's writes once, and none of a failing caller's", async () => {
    const insert = (id: number, name: string) =>
      sql`insert into r (id, name) values (${id}, ${name})`.compile(db.kysely)
    const results = await Promise.allSettled([
      db.sharedBatch([insert(10, 'ten'), insert(11, 'eleven')]),
      db.sharedBatch([insert(12, 'twelve'), insert(1, 'taken')]),
      db.sharedBatch([insert(13, 'thirteen')]),
    ])
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    )
    assert.match(String((results[1] as PromiseRejectedResult).reason), /duplicate key/)
    const rows = await sql<{ id: number }>`select id from r where id >= 10 order by id`.execute(db.kysely)
    assert.deepEqual(
      rows.rows.map((r) => r.id),
      [10, 11, 13],
    )
  })

  it('serves single queries through Db.reads, and refuses a transaction there', async () => {
    const r = await sql<{ name: string }>`select name from r where id = ${2}`.execute(db.reads)
    assert.deepEqual(r.rows, [{ name: 'two' }])
    await assert.rejects(
      db.reads.transaction().execute(async () => {}),
      /shared reads run outside transactions/,
    )
  })
})
