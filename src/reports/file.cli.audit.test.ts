// `openbureau file` is a read of a consumer's whole decrypted file, and every read is an audit event (DESIGN.md
// principle 3): the consumer sees in their own log that the bureau's operator looked (found by probing: the CLI
// printed a file and recorded nothing). A national ID not on file is recorded as a refused read, naming no one.
// The file shows the freeze and the fraud alerts in force, as the consumer's own does.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { sql } from 'kysely'
import { openPglite } from '../platform/pglite-db.ts'

const ROOT = join(import.meta.dirname, '..', '..')

describe('openbureau file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ob-file-read-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const data = join(dir, 'data')

  const run = (...args: string[]) => {
    // The embedded database of its own, whatever the caller's environment names.
    const { DATABASE_URL: _server, ...inherited } = process.env
    return spawnSync(process.execPath, ['bin/openbureau.mjs', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...inherited, OPENBUREAU_DATA_DIR: data },
    })
  }

  it("records the operator's read of a file, and of a national ID not on file", () => {
    const files = join(dir, 'files')
    const synth = run(
      'synth',
      '--out',
      files,
      ...'--consumers 3 --furnishers 1 --months 1 --seed 1'.split(' '),
    )
    assert.equal(synth.status, 0, synth.stderr)
    const manifest = JSON.parse(readFileSync(join(files, 'manifest.json'), 'utf8')) as {
      furnishers: { memberId: string; name: string; kind: string; identificationNumber: string }[]
      files: { file: string }[]
    }
    const f = manifest.furnishers[0]!
    const furnisher = run(
      ...['members', 'add', '--id', f.memberId, '--name', f.name, '--kind', f.kind],
      ...['--roles', 'furnisher', '--metro2-id', f.identificationNumber],
    )
    assert.equal(furnisher.status, 0, furnisher.stderr)
    const ingest = run('ingest', join(files, manifest.files[0]!.file))
    assert.equal(ingest.status, 0, ingest.stderr)

    const read = run('file', '--national-id', '801-26-3579', '--id-type', 'us-ssn')
    assert.equal(read.status, 0, read.stderr)
    // The protections in force, after the identity, as the consumer's own file shows them (none here).
    assert.match(read.stdout, /\n\nSecurity freeze: none\nFraud alerts in force: none\n\nTradelines: /)
    const json = run('file', '--national-id', '801-26-3579', '--id-type', 'us-ssn', '--json')
    assert.equal(json.status, 0, json.stderr)
    assert.deepEqual(
      (({ freeze, alerts }) => ({ freeze, alerts }))(JSON.parse(json.stdout) as Record<string, unknown>),
      { freeze: { frozen: false, since: null, liftedUntil: null }, alerts: [] },
    )
    const missing = run('file', '--national-id', '123-45-6781', '--id-type', 'us-ssn')
    assert.notEqual(missing.status, 0)
    return (async () => {
      const db = await openPglite(join(data, 'pgdata'))
      try {
        const events = await sql<{ actor: string; outcome: string; named: boolean }>`
          select actor_kind || ':' || actor_id as actor, outcome, consumer_key is not null as named
            from audit_events where action = 'file.operator_access' order by seq`.execute(db.kysely)
        assert.deepEqual(events.rows, [
          { actor: 'operator:cli', outcome: 'allowed', named: true },
          { actor: 'operator:cli', outcome: 'allowed', named: true },
          { actor: 'operator:cli', outcome: 'refused', named: false },
        ])
      } finally {
        await db.close()
      }
    })()
  })
})
