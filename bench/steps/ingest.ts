// Step: ingest one synthetic file end to end (parse, validate, match, write, commit) on PostgreSQL or
// PGlite, into a fresh database; prints the time and leaves the database for the COPY limit step.
// Usage: ingest.ts pg|pglite FILE TARGET   (TARGET: database name for pg, data directory for pglite)
import { createReadStream, statSync } from 'node:fs'
import { generateSecrets } from '../../src/config.ts'
import { createFurnishingModule } from '../../src/furnishing/index.ts'
import { createIdentityModule } from '../../src/identity/index.ts'
import { createMembersModule } from '../../src/members/index.ts'
import { openPglite } from '../../src/platform/pglite-db.ts'
import { openPostgres } from '../../src/platform/postgres-db.ts'
import { migrate } from '../../src/platform/migrations.ts'
import { furnisherMember, synthFurnisher } from '../../src/synth/index.ts'
import { emit, seconds, urlFor } from './common.ts'

const [engine, file, target] = process.argv.slice(2)
if ((engine !== 'pg' && engine !== 'pglite') || !file || !target)
  throw new Error('usage: ingest.ts pg|pglite FILE TARGET')

const db = engine === 'pg' ? await openPostgres(urlFor(target), 4) : await openPglite(target)
await migrate(db)
const f = synthFurnisher(0)
const members = createMembersModule(db)
await members.add(furnisherMember(f, ['furnisher']))
const identity = createIdentityModule(db, generateSecrets())
const furnishing = createFurnishingModule(db, { identity, members })

const start = process.hrtime.bigint()
const r = await furnishing.ingest.ingest({
  source: createReadStream(file, { highWaterMark: 1 << 18 }),
  fileName: file,
})
const s = seconds(start)
await db.close()
if (r.status !== 'applied') throw new Error(`expected the file to be applied, got ${r.status}`)
emit({
  step: `ingest-${engine}`,
  seconds: s,
  records: r.counts.records,
  accepted: r.counts.accepted,
  bytes: statSync(file).size,
  recordsPerSecond: r.counts.records / s,
})
