// `openbureau demo` reads a consumer's whole file as the bureau's operator, and records it as `openbureau file`
// does (DESIGN.md principle 3: every read is an event the consumer sees in their own log).
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { testApp } from './app.fixture.ts'
import { checkDemoOptions, runDemo } from './demo.ts'
import { createModules } from './modules.ts'
import { openTestDb } from './platform/testing.ts'

/** The command line, run to its end: exit status and both outputs. */
function openbureau(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['bin/openbureau.mjs', ...args], {
    cwd: join(import.meta.dirname, '..'),
    env,
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (status) => resolve({ status, stdout, stderr })),
  )
}

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

  it("refuses options the generator would refuse, by the demo's option name, before the database is opened", async () => {
    const { DATABASE_URL: _server, ...env } = process.env
    const cases = [
      [
        ['--months', '500'],
        /^error: option '--months <n>' argument '500' is invalid\. must be a whole number from 1 to 120$/,
      ],
      [['--seed', '99999999999'], /^error: option '--seed <n>' argument '99999999999' is invalid/],
      [
        ['--consumers', '999999999999'],
        /^error: option '--consumers <n>' argument '999999999999' is invalid/,
      ],
      [['--furnishers', '1000'], /^error: option '--furnishers <n>' argument '1000' is invalid/],
      // Within the generator's bounds, but months that have not ended (until 2034): named as the demo's --months.
      [
        ['--months', '120', '--consumers', '2'],
        /^openbureau: --months 120: the demo's files start in 2024-01, /,
      ],
    ] as const
    // In parallel: each run is a node start-up and little else.
    await Promise.all(
      cases.map(async ([args, named]) => {
        const dir = mkdtempSync(join(tmpdir(), 'ob-demo-'))
        try {
          const run = await openbureau(['demo', ...args], { ...env, OPENBUREAU_DATA_DIR: dir })
          assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`)
          assert.match(run.stderr.split('\n')[0]!, named)
          assert.doesNotMatch(run.stderr, /unexpected error|registered/)
          assert.equal(run.stdout, '', 'nothing registered')
          assert.equal(existsSync(join(dir, 'pgdata')), false, 'the database was not even opened')
        } finally {
          rmSync(dir, { recursive: true, force: true })
        }
      }),
    )
  })

  it("counts the months that have ended from the demo's first month, and names every bad value", () => {
    const o = { consumers: 2, furnishers: 1, months: 12, seed: 0 }
    assert.doesNotThrow(() => checkDemoOptions(o, '2024-12-31'))
    assert.throws(
      () => checkDemoOptions(o, '2024-12-30'),
      /^AppError: --months 12: the demo's files start in 2024-01, and at most 11 months from then have ended by today \(2024-12-30\)$/,
    )
    assert.throws(
      () => checkDemoOptions({ consumers: 0, furnishers: 1000, months: 1, seed: 2 ** 33 }, '2030-01-01'),
      (e: Error) => ['--consumers', '--furnishers', '--seed'].every((n) => e.message.includes(n)),
    )
  })
})
