// The command line's exit codes for what is wrong before any command runs (README "Exit codes").
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { sharedDataDir } from './platform/shared-data.ts'

const ROOT = join(import.meta.dirname, '..')

function openbureau(args: string[], env: Record<string, string> = {}, timeout?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'ob-cli-'))
  try {
    const { DATABASE_URL: _server, ...inherited } = process.env
    return spawnSync(process.execPath, ['bin/openbureau.mjs', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...inherited, OPENBUREAU_DATA_DIR: dir, ...env },
      ...(timeout === undefined ? {} : { timeout }),
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('openbureau exit codes', () => {
  it('ends quietly with 141 when its reader closes the pipe, and says so in one line with 74 when the output fails', () => {
    const file = join(sharedDataDir(), 'metro2', 'unpacked_fixed_file.dat')
    const { DATABASE_URL: _server, ...env } = process.env
    // `true` ends, closing the pipe, long before node has started and written anything.
    const piped = spawnSync(
      'bash',
      ['-c', `node bin/openbureau.mjs metro2 to-json '${file}' | true; exit \${PIPESTATUS[0]}`],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env,
      },
    )
    assert.equal(piped.status, 141, piped.stderr)
    assert.equal(piped.stderr, '')
    const full = spawnSync('bash', ['-c', `node bin/openbureau.mjs metro2 to-json '${file}' >/dev/full`], {
      cwd: ROOT,
      encoding: 'utf8',
      env,
    })
    assert.equal(full.status, 74)
    assert.equal(full.stderr, 'openbureau: cannot write to standard output: no space left on the device\n')
  })

  it('exits 2 with one line naming the server, never its password, when the database cannot be reached', () => {
    const { DATABASE_URL: _server, ...env } = process.env
    const run = spawnSync(process.execPath, ['bin/openbureau.mjs', 'migrate'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...env, DATABASE_URL: 'postgres://someone:secret@127.0.0.1:1/nowhere' },
    })
    assert.equal(run.status, 2)
    assert.equal(
      run.stderr,
      'openbureau: cannot connect to the database at 127.0.0.1:1/nowhere: connection refused (is the server running?)\n',
    )
  })

  it('exits 2 for an empty item in a list option, naming the option, rather than dropping it', () => {
    const run = openbureau([
      'members',
      'add',
      '--id',
      'b',
      '--name',
      'B',
      '--kind',
      'bank',
      '--roles',
      'furnisher',
      '--metro2-id',
      '',
    ])
    assert.equal(run.status, 2, run.stderr)
    assert.match(run.stderr, /--metro2-id.*must not be empty/s)
  })

  it('exits 2 naming the variable for a signing key that is not Ed25519, and does not hang', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 })
    const rsa = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const run = openbureau(['members', 'list'], { OPENBUREAU_SIGNING_KEY: rsa }, 60_000)
    assert.equal(run.error, undefined, 'it exited by itself')
    assert.equal(run.status, 2, run.stderr)
    assert.match(run.stderr, /OPENBUREAU_SIGNING_KEY: must be an Ed25519 private key/)
  })

  it('exits 2, naming the variable, for a bad setting in the environment, as for a bad option value', () => {
    const run = openbureau(['members', 'list'], { PORT: 'abc' })
    assert.equal(run.status, 2, run.stderr)
    assert.match(run.stderr, /^openbureau: invalid configuration:\s.*PORT/s)
  })
})
