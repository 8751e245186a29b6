// .ci/run runs again on PostgreSQL only the test files that use a test database (.ci/database-tests.mjs): a
// database test left off that list would never meet a real server in CI.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'

const ROOT = join(import.meta.dirname, '..')

describe('.ci/database-tests.mjs', () => {
  const run = spawnSync(process.execPath, ['.ci/database-tests.mjs'], { cwd: ROOT, encoding: 'utf8' })
  const listed = new Set(run.stdout.split('\n').filter((l) => l !== ''))

  it('lists every test file that opens a test database, directly or through a fixture', () => {
    assert.equal(run.status, 0, run.stderr)
    const direct = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => join('src', f))
      .filter((f) => /\bopenTestDb\(/.test(readFileSync(join(ROOT, f), 'utf8')))
    assert.ok(direct.length > 10, `${direct.length} files open one themselves`)
    assert.deepEqual(
      direct.filter((f) => !listed.has(f)),
      [],
    )
    // Through fixtures only: the report routes' (report.fixture.ts) and the HTTP matrix's (app.fixture.ts).
    for (const f of ['src/reports/report.routes.test.ts', 'src/access-matrix.test.ts'])
      assert.ok(listed.has(f), f)
  })

  it('leaves out the tests that need none: codecs, rules, and CLI runs on an embedded database of their own', () => {
    for (const f of [
      'src/metro2/golden.test.ts',
      'src/furnishing/validation/rules.test.ts',
      'src/furnishing/ingest.cli.test.ts',
      'src/walkthrough.test.ts',
    ])
      assert.equal(listed.has(f), false, f)
  })
})
