// Test databases (STYLE.md "Tests"): a fresh in-memory PGlite per test file, or, when DATABASE_URL is set,
// a fresh database of its own on that server, dropped afterwards. Same migrations on both.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { Db } from './db.ts'
import { openPglite } from './pglite-db.ts'
import { migratedSnapshot } from './pglite-snapshot.ts'
import { openPostgres } from './postgres-db.ts'
import { migrate } from './migrations.ts'

export interface TestDb extends Db {
  /** The database's URL on a server; undefined in process. */
  readonly url: string | undefined
  dispose(): Promise<void>
}

// The one place outside config.ts that reads the environment: the test harness decides which engine the
// suite runs on, exactly as .ci/run sets it.
const serverUrl = process.env['DATABASE_URL']

export async function openTestDb(options: { migrate?: boolean } = {}): Promise<TestDb> {
  if (serverUrl === undefined || serverUrl === '') {
    const db =
      options.migrate === false
        ? await openPglite(undefined)
        : await openPglite(undefined, await migratedSnapshot())
    return Object.assign(db, { url: undefined, dispose: () => db.close() })
  }
  const name = `ob_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const db = await openPostgres(url.toString(), 4)
  if (options.migrate !== false) await migrate(db)
  return Object.assign(db, {
    url: url.toString(),
    async dispose() {
      await db.close()
      const a = new pg.Client({ connectionString: serverUrl })
      await a.connect()
      // The pool's end() resolves before its connections' backends have read their Terminate (pg-pool's
      // _pulseQueue): the forced drop waits for them to leave rather than end them in the middle of closing.
      await eventually(
        async () =>
          (await a.query('select 1 from pg_stat_activity where datname = $1', [name])).rowCount === 0,
        2000,
      )
      await a.query(`drop database if exists ${name} with (force)`)
      await a.end()
    },
  })
}

export const testingOnServer = serverUrl !== undefined && serverUrl !== ''

/** Polls `check` every 20 ms until it holds, for at most `ms`; its last answer. For what arrives in its own time. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 5000): Promise<boolean> {
  for (const until = Date.now() + ms; Date.now() < until;) {
    if (await check()) return true
    await new Promise((r) => setTimeout(r, 20))
  }
  return check()
}
