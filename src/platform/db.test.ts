import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { copyLine } from './copy.ts'
import { openTestDb, type TestDb } from './testing.ts'

describe('Db', () => {
  let db: TestDb
  before(async () => {
    db = await openTestDb({ migrate: false })
    await db.transaction(async ({ raw }) => {
      await raw.query('create table t (id int primary key, name text, born date, amount bigint, blob bytea)')
    })
  })
  after(() => db.dispose())

  it('copies rows in text format, escapes included, inside a transaction', async () => {
    await db.transaction(async ({ raw }) => {
      await raw.copyAll([
        {
          target: 't (id, name, born, amount, blob)',
          rows: [
            copyLine([1, 'tab\there\\and\nnewline', '2020-02-29', 123456789, Uint8Array.from([0, 255])]),
            copyLine([2, null, null, null, null]),
          ],
        },
      ])
    })
    const rows = await sql<{
      id: number
      name: string | null
      born: string | null
      amount: number | null
      blob: Uint8Array | null
    }>`select * from t order by id`.execute(db.kysely)
    assert.equal(rows.rows.length, 2)
    assert.equal(rows.rows[0]!.name, 'tab\there\\and\nnewline')
    assert.equal(rows.rows[0]!.born, '2020-02-29')
    assert.equal(rows.rows[0]!.amount, 123456789)
    assert.deepEqual([...rows.rows[0]!.blob!], [0, 255])
    assert.equal(rows.rows[1]!.name, null)
  })

  it('rolls back every write of a transaction that throws, COPY included', async () => {
    await assert.rejects(
      db.transaction(async ({ raw, kysely }) => {
        await raw.copyAll([{ target: 't (id, name)', rows: [copyLine([10, 'x'])] }])
        await sql`insert into t (id, name) values (11, 'y')`.execute(kysely)
        throw new Error('crash mid-file')
      }),
      /crash mid-file/,
    )
    const rows = await sql<{ n: number }>`select count(*)::int as n from t where id >= 10`.execute(db.kysely)
    assert.equal(rows.rows[0]!.n, 0)
  })

  it('runs none of the statements that work running ahead issues after its transaction failed', async () => {
    // Each late statement's outcome, kept as a value: its failure may come before the rollback has answered.
    const late: Promise<unknown>[] = []
    const later = (ms: number, work: () => Promise<unknown>) =>
      late.push(
        new Promise((r) => setTimeout(r, ms)).then(work).then(
          () => 'ran',
          (e: unknown) => e,
        ),
      )
    await assert.rejects(
      db.transaction(async ({ raw, kysely }) => {
        await raw.query('insert into t (id, name) values (20, $1)', ['in the transaction'])
        later(0, () => raw.query('delete from t where id = 1'))
        later(5, () => raw.copyAll([{ target: 't (id, name)', rows: [copyLine([21, 'late copy'])] }]))
        later(5, () => raw.pipeline([sql`insert into t (id) values (22)`.compile(kysely)]))
        later(5, () => sql`insert into t (id) values (23)`.execute(kysely))
        throw new Error('the upload was cut off')
      }),
      /the upload was cut off/,
    )
    for (const outcome of await Promise.all(late)) assert.match(String(outcome), /the transaction is over/)
    const rows = await sql<{ id: number }>`select id from t where id = 1 or id >= 20 order by id`.execute(
      db.kysely,
    )
    assert.deepEqual(
      rows.rows.map((r) => r.id),
      [1],
      'nothing committed after the rollback',
    )
  })

  it('serves queries on the pool while no transaction is open', async () => {
    const [a, b] = await Promise.all([
      sql<{ v: number }>`select 1 as v`.execute(db.kysely),
      sql<{ v: number }>`select 2 as v`.execute(db.kysely),
    ])
    assert.deepEqual([a.rows[0]!.v, b.rows[0]!.v], [1, 2])
  })
})
