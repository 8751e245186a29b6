// The tests' embedded databases start from a copy of one migrated database. A new PGlite runs initdb, which
// costs 4-7 s a database on a two-CPU CI machine (the migrations 0.3 s), where loading a dumped data folder
// costs about 1.5 s: the suite opens over a hundred. The copy is made once per set of migrations and PGlite
// version, in the system's temporary folder, and shared by the test files that run beside each other.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { migrate, MIGRATIONS_DIR } from './migrations.ts'
import { openPglite } from './pglite-db.ts'

let cached: Promise<Blob> | undefined

/** A dumped data folder holding every migration, made on first use. */
export function migratedSnapshot(): Promise<Blob> {
  cached ??= loadOrMake()
  return cached
}

/** Names the snapshot by what it holds, so that a changed migration or engine never starts from a stale one. */
function snapshotPath(): string {
  const hash = createHash('sha256')
  const pglite = new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url)
  hash.update(readFileSync(pglite))
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) {
    hash.update(`${file}\n`).update(readFileSync(join(MIGRATIONS_DIR, file)))
  }
  return join(tmpdir(), `openbureau-test-db-${hash.digest('hex').slice(0, 16)}.tar`)
}

async function loadOrMake(): Promise<Blob> {
  const path = snapshotPath()
  try {
    return new Blob([readFileSync(path)])
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
  const folder = mkdtempSync(join(tmpdir(), 'openbureau-test-db-'))
  try {
    const db = await openPglite(join(folder, 'pgdata'))
    await migrate(db)
    await db.close()
    const lite = await PGlite.create({ dataDir: join(folder, 'pgdata') })
    const dump = await lite.dumpDataDir('none')
    await lite.close()
    // Written aside and renamed: a test file beside this one reads a whole snapshot or none.
    const partial = `${path}.${randomBytes(4).toString('hex')}.partial`
    writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()))
    renameSync(partial, path)
    return dump
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}
