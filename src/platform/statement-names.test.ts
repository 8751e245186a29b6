import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sql } from 'kysely'
import { StatementNames } from './statement-names.ts'
import { openTestDb, testingOnServer } from './testing.ts'

describe('StatementNames', () => {
  it('names a text from its third call on, the same name every time', () => {
    const names = new StatementNames()
    const text = 'select * from t where k = $1'
    assert.equal(names.nameOf(text), undefined)
    assert.equal(names.nameOf(text), undefined)
    const name = names.nameOf(text)
    assert.match(name ?? '', /^ob_[A-Za-z0-9_-]{24}$/)
    assert.equal(names.nameOf(text), name)
    assert.equal(new StatementNames({ after: 1 }).nameOf(text), name, 'the name is a digest of the text')
  })

  it('names no more than `max` texts, and keeps the ones it named', () => {
    const names = new StatementNames({ after: 1, max: 2 })
    const a = names.nameOf('select $1::int as a')
    const b = names.nameOf('select $1::int as b')
    assert.ok(a !== undefined && b !== undefined && a !== b)
    assert.equal(names.nameOf('select $1::int as c'), undefined)
    assert.equal(names.nameOf('select $1::int as a'), a)
  })
})

describe('openPostgres with named statements', { skip: !testingOnServer && 'needs DATABASE_URL' }, () => {
  it('prepares a statement sent again and again once per connection, and answers as before', async () => {
    const db = await openTestDb({ migrate: false })
    try {
      const text = 'select $1::int + 1 as n'
      const answers = await db.transaction(async (tx) => {
        const out: number[] = []
        for (let i = 0; i < 5; i++) out.push((await tx.raw.query<{ n: number }>(text, [i])).rows[0]!.n)
        const prepared = await tx.raw.query<{ statement: string }>(
          'select statement from pg_prepared_statements',
        )
        assert.deepEqual(
          prepared.rows.map((r) => r.statement),
          [text],
        )
        return out
      })
      assert.deepEqual(answers, [1, 2, 3, 4, 5])
      // Through Kysely too, with the same types coming back.
      for (let i = 0; i < 4; i++) {
        const r = await sql<{ d: string }>`select ${'2024-01-31'}::date as d`.execute(db.kysely)
        assert.equal(r.rows[0]?.d, '2024-01-31')
      }
    } finally {
      await db.dispose()
    }
  })
})
