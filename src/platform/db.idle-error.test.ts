// A server that ends a pooled connection (a restart, an administrator, a dropped database), idle or lent to a
// transaction, must not end the process: the error is reported and another connection serves the next query.
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

    const pidOf = async () =>
      Number((await db.batch([CompiledQuery.raw('select pg_backend_pid() as pid')]))[0]!.rows[0]!['pid'])

    it('reports it, and the next query runs on a new connection', async () => {
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

    it('survives a connection ended in the middle of a transaction: that transaction fails, the next runs', async () => {
      idleErrors.length = 0
      const admin = new pg.Client({ connectionString: test.url! })
      await admin.connect()
      try {
        await assert.rejects(
          db.transaction(async (tx) => {
            const pid = (await tx.raw.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid
            await admin.query('select pg_terminate_backend($1)', [pid])
            // The server's FATAL arrives while no statement of ours is running on the connection.
            assert.ok(await eventually(() => idleErrors.length > 0, 2000), 'reported')
            await tx.raw.pipeline([CompiledQuery.raw('select 1')])
          }),
        )
      } finally {
        await admin.end()
      }
      assert.match(idleErrors[0]!.message, /terminat/)
      assert.equal(await pidOf(), await pidOf(), 'a new connection serves, and is lent again')
    })
  },
)
