// Test databases (STYLE.md "Tests"): a fresh in-memory PGlite per test file, or, when DATABASE_URL is set,
// a fresh database of its own on that server, dropped afterwards. Same migrations on both.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openPglite, openPostgres, type Db } from './db.ts'
import { migrate } from './migrations.ts'

export interface TestDb extends Db {
  dispose(): Promise<void>
}

// The one place outside config.ts that reads the environment: the test harness decides which engine the
// suite runs on, exactly as .ci/run sets it.
const serverUrl = process.env['DATABASE_URL']

export async function openTestDb(options: { migrate?: boolean } = {}): Promise<TestDb> {
  if (serverUrl === undefined || serverUrl === '') {
    const db = await openPglite(undefined)
    if (options.migrate !== false) await migrate(db)
    return Object.assign(db, { dispose: () => db.close() })
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
    async dispose() {
      await db.close()
      const a = new pg.Client({ connectionString: serverUrl })
      await a.connect()
      await a.query(`drop database if exists ${name} with (force)`)
      await a.end()
    },
  })
}

export const testingOnServer = serverUrl !== undefined && serverUrl !== ''
