// Applies the SQL files in migrations/ in name order, each once, each in its own transaction.
// On a server an advisory lock keeps two processes that start together from applying the same file twice.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Db } from './db.ts'

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url))
const LOCK_ID = 4_2424_2424

export interface MigrationResult {
  applied: string[]
}

export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
  const applied: string[] = []
  await db.transaction(async ({ raw }) => {
    await raw.query(
      'create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())',
    )
  })
  for (const file of files) {
    const version = file.replace(/\.sql$/, '')
    await db.transaction(async ({ raw }) => {
      if (db.kind === 'pg') await raw.query('select pg_advisory_xact_lock($1)', [LOCK_ID])
      const done = await raw.query('select 1 from schema_migrations where version = $1', [version])
      if (done.rows.length > 0) return
      await raw.exec(readFileSync(join(dir, file), 'utf8'))
      await raw.query('insert into schema_migrations (version) values ($1)', [version])
      applied.push(version)
    })
  }
  return { applied }
}
