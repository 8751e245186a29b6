// Step: the physical limit of ingestion. The rows that ingestion wrote are taken out of its database,
// pre-rendered in COPY text format, and loaded by a server-side COPY into the same tables, with the same
// indexes and constraints, of a fresh database: no parsing, no validation, no matching, no client.
// Usage: copy-limit.ts pg SOURCE_DB DIR | copy-limit.ts pglite SOURCE_DIR
import { chmodSync, mkdirSync, rmSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { openPglite } from '../../src/platform/pglite-db.ts'
import { migrate } from '../../src/platform/migrations.ts'
import { openPostgres } from '../../src/platform/postgres-db.ts'
import { dropDatabase, emit, freshDatabase, seconds, urlFor } from './common.ts'

/** Every table ingestion writes, in an order that satisfies the foreign keys. */
export const WRITTEN_TABLES = [
  'consumers',
  'consumer_keys',
  'consumer_pii',
  'id_tokens',
  'match_keys',
  'match_key_claims',
  'batches',
  'batch_issues',
  'account_index',
  'tradelines',
  'tradeline_snapshots',
]
const SETUP_TABLES = ['members', 'member_metro2_ids']

const [engine, source, dir] = process.argv.slice(2)

if (engine === 'pg' && source && dir) {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  chmodSync(dir, 0o777)
  const src = new pg.Client({ connectionString: urlFor(source) })
  await src.connect()
  const rows: Record<string, number> = {}
  for (const t of [...SETUP_TABLES, ...WRITTEN_TABLES]) {
    const r = await src.query(`copy ${t} to '${dir}/${t}.copy'`)
    rows[t] = r.rowCount ?? 0
  }
  await src.end()
  const target = await freshDatabase('ob_bench_limit')
  const db = await openPostgres(urlFor(target), 2)
  await migrate(db)
  await db.close()
  const c = new pg.Client({ connectionString: urlFor(target) })
  await c.connect()
  for (const t of SETUP_TABLES) await c.query(`copy ${t} from '${dir}/${t}.copy'`)
  const start = process.hrtime.bigint()
  await c.query('begin')
  for (const t of WRITTEN_TABLES) await c.query(`copy ${t} from '${dir}/${t}.copy'`)
  await c.query('commit')
  const s = seconds(start)
  await c.end()
  await dropDatabase(target)
  rmSync(dir, { recursive: true, force: true })
  emit({ step: 'copy-limit-pg', seconds: s, rows })
} else if (engine === 'pglite' && source) {
  const src = await PGlite.create({ dataDir: source })
  const blobs = new Map<string, Blob>()
  const rows: Record<string, number> = {}
  for (const t of [...SETUP_TABLES, ...WRITTEN_TABLES]) {
    const r = await src.query(`copy ${t} to '/dev/blob'`)
    // An empty table gives no blob at all.
    blobs.set(t, r.blob ?? new Blob([]))
    rows[t] = r.affectedRows ?? 0
  }
  await src.close()
  // The same schema in a fresh data directory, then the raw PGlite for the timed COPY.
  const target = await openPglite(`${source}-limit`)
  await migrate(target)
  await target.close()
  const raw = await PGlite.create({ dataDir: `${source}-limit` })
  for (const t of SETUP_TABLES) await raw.query(`copy ${t} from '/dev/blob'`, [], { blob: blobs.get(t)! })
  const start = process.hrtime.bigint()
  await raw.exec('begin')
  for (const t of WRITTEN_TABLES) await raw.query(`copy ${t} from '/dev/blob'`, [], { blob: blobs.get(t)! })
  await raw.exec('commit')
  const s = seconds(start)
  await raw.close()
  rmSync(`${source}-limit`, { recursive: true, force: true })
  emit({ step: 'copy-limit-pglite', seconds: s, rows })
} else {
  throw new Error('usage: copy-limit.ts pg SOURCE_DB DIR | copy-limit.ts pglite SOURCE_DIR')
}
