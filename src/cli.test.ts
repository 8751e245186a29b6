// The command line's exit codes for what is wrong before any command runs (README "Exit codes").
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'

const ROOT = join(import.meta.dirname, '..')

describe('openbureau exit codes', () => {
  it('exits 2, naming the variable, for a bad setting in the environment, as for a bad option value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ob-cli-'))
    try {
      const { DATABASE_URL: _server, ...inherited } = process.env
      const run = spawnSync(process.execPath, ['bin/openbureau.mjs', 'members', 'list'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...inherited, OPENBUREAU_DATA_DIR: dir, PORT: 'abc' },
      })
      assert.equal(run.status, 2, run.stderr)
      assert.match(run.stderr, /^openbureau: invalid configuration:\s.*PORT/s)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
