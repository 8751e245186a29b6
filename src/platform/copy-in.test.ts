import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { CopyBuffer, copyLine } from './copy.ts'
import { copyStatements } from './copy-in.ts'
import { openTestDb, type TestDb } from './testing.ts'

const ids = async (db: TestDb, table: string) =>
  (await sql<{ id: number }>`select id from ${sql.table(table)} order by id`.execute(db.kysely)).rows.map(
    (r) => r.id,
  )

describe('RawConnection.copyAll: several tables by COPY in one statement', () => {
  let db: TestDb
  before(async () => {
    db = await openTestDb({ migrate: false })
    await db.transaction(async ({ raw }) => {
      await raw.query('create table a (id int primary key, name text)')
      await raw.query('create table b (id int primary key, a_id int not null references a (id), blob bytea)')
      await raw.query('create table c (id int primary key)')
    })
  })
  after(() => db.dispose())

  it('names one COPY FROM STDIN per part, in order', () => {
    assert.equal(
      copyStatements([
        { target: 'a (id)', rows: [] },
        { target: 'b (id, a_id)', rows: [] },
      ]),
      'copy a (id) from stdin;\ncopy b (id, a_id) from stdin',
    )
  })

  it('loads every part in order, lines and pieces of bytes alike, so a later part may refer to an earlier one', async () => {
    const b = new CopyBuffer(16)
    for (let i = 1; i <= 50; i++) b.row([i, i, Uint8Array.from([i, 0, 255])])
    await db.transaction(async ({ raw }) => {
      await raw.copyAll([
        {
          target: 'a (id, name)',
          rows: Array.from({ length: 50 }, (_, i) => copyLine([i + 1, `tab\there ${i}`])),
        },
        { target: 'b (id, a_id, blob)', rows: [Buffer.alloc(0), ...b.take()] },
      ])
    })
    assert.deepEqual(
      await ids(db, 'b'),
      Array.from({ length: 50 }, (_, i) => i + 1),
    )
    const row = await sql<{ name: string; blob: Uint8Array }>`
      select a.name, b.blob from a join b on b.a_id = a.id where b.id = 7`.execute(db.kysely)
    assert.equal(row.rows[0]!.name, 'tab\there 6')
    assert.deepEqual([...row.rows[0]!.blob], [7, 0, 255])
  })

  it('fails with the server error of the bad part, keeps none of its statement, and leaves the connection usable', async () => {
    // The part after the bad one is large, so that its bytes are still on their way when the server fails.
    const large = new CopyBuffer()
    for (let i = 1000; i < 101_000; i++) large.row([i])
    let pid: number | undefined
    await assert.rejects(
      db.transaction(async ({ raw }) => {
        pid = (await raw.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid
        await raw.copyAll([
          { target: 'a (id, name)', rows: [copyLine([900, 'kept until the failure'])] },
          { target: 'b (id, a_id)', rows: [copyLine([900, 'not a number'])] },
          { target: 'c (id)', rows: large.take() },
        ])
      }),
      /invalid input syntax for type integer: "not a number"/,
    )
    for (const table of ['a', 'b', 'c']) assert.ok(!(await ids(db, table)).includes(900), table)
    assert.deepEqual(await ids(db, 'c'), [])
    // The same connection (one pool lease after another gets the last one back) reads and loads again.
    await db.transaction(async ({ raw }) => {
      const again = (await raw.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid
      if (db.kind === 'pg') assert.equal(again, pid)
      await raw.copyAll([{ target: 'c (id)', rows: [copyLine([1]), copyLine([2])] }])
    })
    assert.deepEqual(await ids(db, 'c'), [1, 2])
  })

  it('refuses a row that breaks a key, naming the constraint (SQLSTATE 23505)', async () => {
    await assert.rejects(
      db.transaction(({ raw }) =>
        raw.copyAll([
          { target: 'c (id)', rows: [copyLine([3])] },
          { target: 'a (id, name)', rows: [copyLine([1, 'a second row 1'])] },
        ]),
      ),
      (e: { code?: string; message: string }) => e.code === '23505' && /a_pkey/.test(e.message),
    )
    assert.deepEqual(await ids(db, 'c'), [1, 2])
  })
})
