// Applies the SQL files in migrations/ in name order, each once, each in its own transaction.
// On a server an advisory lock keeps two processes that start together from applying the same file twice.
// Every command migrates first: when nothing is pending it only reads, so that a role with no right to change
// the schema (read and write on the tables only, no CREATE on the schema) can run every command.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Db } from './db.ts'
import { AppError } from './errors.ts'

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url))
const LOCK_ID = 4_2424_2424
// SQLSTATE insufficient_privilege: "permission denied for schema public", "must be owner of table ...".
const INSUFFICIENT_PRIVILEGE = '42501'

export interface MigrationResult {
  applied: string[]
}

export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const versions = readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => f.replace(/\.sql$/, ''))
  // Read-only first: PostgreSQL checks the right to CREATE before it sees that a table exists, so even
  // `create table if not exists` is refused to a role without it.
  const { role, present, done } = await appliedVersions(db)
  if (versions.every((v) => done.has(v))) return { applied: [] }
  const applied: string[] = []
  let step = 'create the table schema_migrations'
  try {
    if (!present)
      await db.transaction(async ({ raw }) => {
        await raw.query(
          'create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())',
        )
      })
    for (const version of versions.filter((v) => !done.has(v))) {
      step = `apply migration ${version}`
      await db.transaction(async ({ raw }) => {
        if (db.kind === 'pg') await raw.query('select pg_advisory_xact_lock($1)', [LOCK_ID])
        // Again under the lock: another process may have applied it since the read above.
        const again = await raw.query('select 1 from schema_migrations where version = $1', [version])
        if (again.rows.length > 0) return
        await raw.exec(readFileSync(join(dir, `${version}.sql`), 'utf8'))
        await raw.query('insert into schema_migrations (version) values ($1)', [version])
        applied.push(version)
      })
    }
  } catch (e) {
    if (!isDenied(e)) throw e
    throw new AppError(
      'invalid_input',
      `the database role "${role}" cannot ${step} (${(e as Error).message}): it lacks CREATE on the schema, or does not own the tables; run \`openbureau migrate\` as the database owner`,
    )
  }
  return { applied }
}

/** The versions already applied (none when the table is missing) and the role connected, by reads alone. */
async function appliedVersions(db: Db): Promise<{ role: string; present: boolean; done: Set<string> }> {
  return db.transaction(async ({ raw }) => {
    const who = await raw.query<{ role: string; present: boolean }>(
      `select current_user as role, to_regclass('schema_migrations') is not null as present`,
    )
    const { role, present } = who.rows[0]!
    if (!present) return { role, present, done: new Set<string>() }
    const rows = await raw
      .query<{ version: string }>('select version from schema_migrations')
      .catch((e: unknown) => {
        if (!isDenied(e)) throw e
        throw new AppError(
          'invalid_input',
          `the database role "${role}" cannot read schema_migrations (${(e as Error).message}): grant it select on the table`,
        )
      })
    return { role, present, done: new Set(rows.rows.map((r) => r.version)) }
  })
}

const isDenied = (e: unknown) => (e as { code?: unknown } | undefined)?.code === INSUFFICIENT_PRIVILEGE
