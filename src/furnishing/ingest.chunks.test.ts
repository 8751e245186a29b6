// Ingestion resolves and writes a file chunk by chunk, each chunk's lookups answered before the two chunks
// ahead of it have reached the database (see file-applier.ts). The result must not depend on where the chunks
// fall: the same files ingested three records at a time and in one chunk give the same bureau.
import assert from 'node:assert/strict'
import { createReadStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { generateSecrets } from '../config.ts'
import { createIdentityModule } from '../identity/index.ts'
import { createMembersModule } from '../members/index.ts'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { furnisherMember, synthFurnishers, writeSynthFiles, type SynthFileInfo } from '../synth/index.ts'
import { createFurnishingModule, type IngestResult } from './index.ts'

const secrets = generateSecrets()

async function bureau(files: readonly SynthFileInfo[], chunkRecords: number | undefined) {
  const db = await openTestDb()
  const members = createMembersModule(db)
  for (const f of synthFurnishers(2)) {
    await members.add(furnisherMember(f, ['furnisher']))
  }
  const furnishing = createFurnishingModule(db, { identity: createIdentityModule(db, secrets), members })
  const results: IngestResult[] = []
  for (const f of files) {
    const input = { source: createReadStream(f.path), fileName: f.file }
    results.push(
      await furnishing.ingest.ingest(chunkRecords === undefined ? input : { ...input, chunkRecords }),
    )
  }
  return { db, results }
}

/** Every consumer as what can be compared across two databases: keys are random, tokens and data are not. */
async function consumers(db: TestDb): Promise<string[]> {
  const r = await sql<{ described: unknown }>`
    select json_build_object(
      'tokens', (select json_agg(encode(t.id_token, 'hex') || ' ' || t.id_type order by t.id_token)
                   from id_tokens t where t.consumer_key = c.consumer_key),
      'matchKeys', (select count(*) from match_keys m where m.consumer_key = c.consumer_key),
      'pii', (select json_agg(p.kind || ' ' || p.first_seen || ' ' || p.last_seen || ' ' || p.source
                              order by p.kind, p.first_seen, p.last_seen, p.source)
                from consumer_pii p where p.consumer_key = c.consumer_key),
      'tradelines', (select json_agg(t.furnisher_id || ' ' || t.account_number || ' ' || t.ecoa_code || ' ' ||
                                     t.match_reason || ' ' || t.account_status || ' ' || t.as_of || ' ' ||
                                     t.current_balance order by t.furnisher_id, t.account_number)
                       from tradelines t where t.consumer_key = c.consumer_key),
      'snapshots', (select count(*) from tradeline_snapshots s where s.consumer_key = c.consumer_key)
    ) as described
    from consumers c`.execute(db.kysely)
  return r.rows.map((row) => JSON.stringify(row.described)).sort()
}

const counts = (results: readonly IngestResult[]) =>
  results.map((r) =>
    r.status === 'duplicate'
      ? [r.status]
      : [r.status, r.counts.records, r.counts.accepted, r.counts.rejected, r.counts.errors],
  )

describe('ingestion in chunks', () => {
  let dir: string
  let small: Awaited<ReturnType<typeof bureau>>
  let whole: Awaited<ReturnType<typeof bureau>>

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ob-chunks-'))
    const synth = await writeSynthFiles({
      out: dir,
      consumers: 60,
      furnishers: 2,
      months: 3,
      seed: 11,
      errorRate: 0.05,
    })
    const files = [...synth.files].sort(
      (a, b) => a.month.localeCompare(b.month) || a.file.localeCompare(b.file),
    )
    small = await bureau(files, 3)
    whole = await bureau(files, undefined)
  })
  after(async () => {
    await small.db.dispose()
    await whole.db.dispose()
    rmSync(dir, { recursive: true, force: true })
  })

  it('accepts and rejects the same records whatever the chunk size', () => {
    assert.deepEqual(counts(small.results), counts(whole.results))
    assert.ok(small.results.every((r) => r.status === 'applied'))
    assert.ok(
      small.results.some((r) => r.counts.rejected > 0),
      'the planted errors reject some records',
    )
  })

  it('finds the same consumers, with the same identity, accounts and history', async () => {
    const a = await consumers(small.db)
    assert.ok(a.length >= 50, `${a.length} consumers`)
    assert.deepEqual(a, await consumers(whole.db))
  })
})
