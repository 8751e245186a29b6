// The command line's exit codes for what is wrong before any command runs (README "Exit codes").
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'

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
