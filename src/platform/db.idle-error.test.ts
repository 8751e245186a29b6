// A server that ends a pooled connection while it is idle (a restart, an administrator, a dropped database) must
// not end the process: the pool reports it and opens another connection for the next query.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { CompiledQuery } from 'kysely'
import pg from 'pg'
import type { Db } from './db.ts'
import { openPostgres } from './postgres-db.ts'
import { eventually, openTestDb, testingOnServer, type TestDb } from './testing.ts'

describe(
  'Db on a server, when an idle connection is ended',
  { skip: !testingOnServer && 'in process there is no server' },
  () => {
    let test: TestDb
    let db: Db
    const idleErrors: Error[] = []
    before(async () => {
      test = await openTestDb({ migrate: false })
      db = await openPostgres(test.url!, 1, (e) => idleErrors.push(e))
    })
    after(async () => {
      await db.close()
      await test.dispose()
    })

    it('reports it, and the next query runs on a new connection', async () => {
      const pidOf = async () =>
        Number((await db.batch([CompiledQuery.raw('select pg_backend_pid() as pid')]))[0]!.rows[0]!['pid'])
      const before = await pidOf()
      const admin = new pg.Client({ connectionString: test.url! })
      await admin.connect()
      await admin.query('select pg_terminate_backend($1)', [before])
      await admin.end()
      assert.ok(await eventually(() => idleErrors.length > 0, 2000))
      assert.equal(idleErrors.length, 1)
      assert.match(idleErrors[0]!.message, /terminat/)
      const after = await pidOf()
      assert.notEqual(after, before)
    })
  },
)
