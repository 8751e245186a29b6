// The manifest says, for each planted error, what the bureau does with it. Checked against a real ingestion: the
// records it rejects are exactly the planted ones marked 'rejected', each for the rule named, and the planted
// ones marked 'accepted_with_warning' are kept with a warning of the rule named.
import assert from 'node:assert/strict'
import { createReadStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { generateSecrets } from '../config.ts'
import { createFurnishingModule, type IngestResult } from '../furnishing/index.ts'
import { createIdentityModule, parseNationalId } from '../identity/index.ts'
import { createMembersModule } from '../members/index.ts'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { PLANTED_ERROR_KINDS, plantedOutcomes } from './synth.model.ts'
import { furnisherMember, synthFurnishers } from './synthFurnishers.ts'
import { writeSynthFiles, type SynthResult } from './writeSynthFiles.ts'
import type { DataRecord } from '../metro2/index.ts'
import { plantError } from './plantError.ts'

describe('planted errors', () => {
  let dir: string
  let db: TestDb
  let synth: SynthResult
  const results = new Map<string, IngestResult>()

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synth-planted-'))
    synth = await writeSynthFiles({
      out: dir,
      consumers: 100,
      furnishers: 2,
      months: 3,
      seed: 5,
      errorRate: 0.2,
    })
    db = await openTestDb()
    const members = createMembersModule(db)
    for (const f of synthFurnishers(2)) {
      await members.add(furnisherMember(f, ['furnisher']))
    }
    const furnishing = createFurnishingModule(db, {
      identity: createIdentityModule(db, generateSecrets()),
      members,
    })
    const byMonth = [...synth.files].sort(
      (a, b) => a.month.localeCompare(b.month) || a.file.localeCompare(b.file),
    )
    for (const f of byMonth)
      results.set(
        f.file,
        await furnishing.ingest.ingest({ source: createReadStream(f.path), fileName: f.file }),
      )
  })
  after(async () => {
    await db.dispose()
    await rm(dir, { recursive: true, force: true })
  })

  it('plants every kind, and records what ingestion does with each', () => {
    assert.deepEqual(new Set(synth.errors.map((e) => e.kind)), new Set(PLANTED_ERROR_KINDS))
    const outcomes = plantedOutcomes(synth.errors)
    assert.ok(outcomes.rejected > 0 && outcomes.accepted_with_warning > 0, JSON.stringify(outcomes))
  })

  it('is rejected or accepted with a warning by ingestion as the manifest says, and nothing else is rejected', () => {
    let rejected = 0
    for (const r of results.values()) {
      assert.equal(r.status, 'applied')
      if (r.status !== 'applied') continue
      assert.equal(r.issues.length, r.issuesTotal, 'every issue in the result')
      rejected += r.counts.rejected
    }
    assert.equal(rejected, plantedOutcomes(synth.errors).rejected)
    for (const e of synth.errors) {
      const r = results.get(e.file)
      const issues = r?.status === 'applied' ? r.issues.filter((i) => i.recordNo === e.record) : []
      const severity = e.outcome === 'rejected' ? 'error' : 'warning'
      assert.ok(
        issues.some((i) => i.rule === e.rule && i.severity === severity),
        `${e.file} record ${e.record} (${e.kind}): ${JSON.stringify(issues.map((i) => [i.rule, i.severity]))}`,
      )
      if (e.outcome === 'accepted_with_warning')
        assert.ok(
          issues.every((i) => i.severity === 'warning'),
          `${e.file} record ${e.record} is kept`,
        )
    }
  })
})

describe('a planted invalid SSN', () => {
  // Area 9xx in the IRS's ITIN groups is a national ID (identity/national-id.ts): a planted "invalid SSN" there
  // would be matched on as a number, and the manifest's warning would not come.
  it('is never a national ID the bureau takes, whatever the salt', () => {
    for (let salt = 0; salt < 5000; salt++) {
      // The kind reads and writes the base segment's SSN alone.
      const base = { socialSecurityNumber: 123_456_789 - salt }
      const record = { base, j1: [], j2: [] } as unknown as DataRecord
      plantError(record, 'invalid_ssn', salt)
      const ssn = String(record.base.socialSecurityNumber).padStart(9, '0')
      assert.equal(parseNationalId('us-ssn', ssn).ok, false, ssn)
    }
  })
})
