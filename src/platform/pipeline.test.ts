import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { failedStatement } from './pipeline.ts'
import { openTestDb, type TestDb } from './testing.ts'

describe('Db.batch: several statements in one round trip and one transaction', () => {
  let db: TestDb
  before(async () => {
    db = await openTestDb({ migrate: false })
    await db.transaction(async ({ raw }) => {
      await raw.query('create table p (id int primary key, name text, born date, amount bigint)')
    })
  })
  after(() => db.dispose())

  const insert = (id: number, name: string) =>
    sql`insert into p (id, name, born, amount) values (${id}, ${name}, '2001-02-03', 9007199254740)`.compile(
      db.kysely,
    )
  const count = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from p`.execute(db.kysely)).rows[0]!.n

  it('answers each statement with its own rows, in order, parsed as the pool parses them', async () => {
    const [a, b, c] = await db.batch([
      insert(1, 'one'),
      sql`select id, name, born, amount from p where id = ${1}`.compile(db.kysely),
      sql`select ${'x'}::text as x, ${2}::int + 1 as three`.compile(db.kysely),
    ])
    assert.equal(a!.rowCount, 1)
    assert.deepEqual(a!.rows, [])
    assert.deepEqual(b!.rows, [{ id: 1, name: 'one', born: '2001-02-03', amount: 9007199254740 }])
    assert.deepEqual(c!.rows, [{ x: 'x', three: 3 }])
  })

  it('applies none of its writes when one statement fails, and the connection goes on', async () => {
    const before = await count()
    await assert.rejects(db.batch([insert(2, 'two'), insert(1, 'duplicate'), insert(3, 'three')]), (e) => {
      assert.match(String(e), /duplicate key/)
      assert.equal(failedStatement(e), 1, 'the error names the statement that raised it')
      return true
    })
    assert.equal(await count(), before)
    const [r] = await db.batch([insert(2, 'two')])
    assert.equal(r!.rowCount, 1)
    assert.equal(await count(), before + 1)
  })

  it('keeps a transaction whole whose BEGIN went with its first statement, failing or not', async () => {
    const before = await count()
    await assert.rejects(
      db.transaction(async ({ kysely }) => {
        await sql`insert into p (id, name) values (${1}, 'duplicate first')`.execute(kysely)
      }),
      /duplicate key/,
    )
    await assert.rejects(
      db.transaction(async ({ kysely }) => {
        await sql`insert into p (id, name) values (${40}, 'forty')`.execute(kysely)
        await sql`insert into p (id, name) values (${1}, 'duplicate second')`.execute(kysely)
      }),
      /duplicate key/,
    )
    await assert.rejects(
      db.transaction(({ raw }) => raw.pipeline([insert(50, 'fifty'), insert(1, 'duplicate in a batch')])),
      (e) => failedStatement(e) === 1,
      "the failed statement is counted among the caller's own, without the BEGIN",
    )
    assert.equal(await count(), before)
    assert.equal(await db.transaction(async () => 'nothing sent'), 'nothing sent')
    await db.transaction(async ({ kysely }) => {
      await sql`insert into p (id, name) values (${41}, 'forty-one')`.execute(kysely)
    })
    assert.equal(await count(), before + 1)
  })

  it('runs a statement sent often enough to be prepared, twice in one batch and after a failed batch', async () => {
    const read = (id: number) => sql`select name from p where id = ${id}`.compile(db.kysely)
    for (let round = 0; round < 5; round++) {
      const results = await db.batch([read(1), read(2), read(1)])
      assert.deepEqual(
        results.map((r) => r.rows[0]?.['name']),
        ['one', 'two', 'one'],
      )
      await assert.rejects(db.batch([read(1), insert(1, 'again')]), /duplicate key/)
    }
  })
})
