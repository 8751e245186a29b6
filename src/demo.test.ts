// `openbureau demo` reads a consumer's whole file as the bureau's operator, and records it as `openbureau file`
// does (DESIGN.md principle 3: every read is an event the consumer sees in their own log).
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { testApp } from './app.fixture.ts'
import { runDemo } from './demo.ts'
import { createModules } from './modules.ts'
import { openTestDb } from './platform/testing.ts'

describe('runDemo', () => {
  it("records the operator's read of the file it prints", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ob-demo-'))
    const db = await openTestDb()
    const app = testApp(db, { OPENBUREAU_DATA_DIR: dir })
    const mods = createModules(app)
    let out = ''
    // The demo prints to the process's stdout: kept here, to read which file it showed.
    const write = process.stdout.write.bind(process.stdout)
    process.stdout.write = (s: string | Uint8Array) => {
      out += String(s)
      return true
    }
    try {
      await runDemo(app, mods, {
        consumers: 20,
        furnishers: 2,
        months: 1,
        seed: 42,
      })
    } finally {
      process.stdout.write = write
    }
    try {
      const ssn = /The file of consumer #\d+ \(SSN (\d{3})-(\d{2})-(\d{4})/.exec(out)
      assert.ok(ssn, out)
      const shown = await mods.identity.findConsumerByNationalId('us-ssn', ssn.slice(1).join(''))
      const reads = (await mods.audit.tail({ limit: 500 })).filter((r) => r.action === 'file.operator_access')
      assert.ok(reads.length >= 1)
      assert.deepEqual(
        [reads[0]!.consumerKey, reads[0]!.actor, reads[0]!.outcome],
        [shown, { kind: 'operator', id: 'cli' }, 'allowed'],
        'the file printed is the last read recorded',
      )
      assert.match(out, /audit log intact, \d+ events/)
    } finally {
      await mods.close()
      await db.dispose()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
