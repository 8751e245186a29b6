// `openbureau keys create|rotate` show a key's secret once, on standard output: a secret that cannot be written
// there (a full disk) is never stored, and a rotation that cannot show its new key leaves the old one working.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'

const ROOT = join(import.meta.dirname, '..', '..')

describe('openbureau keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ob-keys-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const { DATABASE_URL: _server, ...inherited } = process.env
  const env = { ...inherited, OPENBUREAU_DATA_DIR: join(dir, 'data') }
  /** `openbureau ARGS [>STDOUT]` through a shell, as an operator redirects it. */
  const run = (args: string[], stdout = '') => {
    const command = ['bin/openbureau.mjs', ...args]
    const r = spawnSync(
      'bash',
      [
        '-c',
        'out=$1; shift; if [ -n "$out" ]; then "$@" >"$out"; else "$@"; fi',
        'bash',
        stdout,
        process.execPath,
        ...command,
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env,
      },
    )
    return { code: r.status, stdout: r.stdout, stderr: r.stderr }
  }
  /** Each key of the member: id and whether it is revoked. */
  const keys = () => {
    const r = run(['keys', 'list', '--member', 'bank'])
    assert.equal(r.code, 0, r.stderr)
    const [header = '', , ...rows] = r.stdout.split('\n')
    const revoked = header.indexOf('revoked')
    return rows
      .filter((l) => l.trim() !== '')
      .map((l) => [l.split(' ')[0], l.slice(revoked).trim() !== ''] as const)
  }

  it('stores no key it could not show, and a rotation that could not show its key keeps the old one', () => {
    const add = ['members', 'add', '--id', 'bank', '--name', 'Bank', '--kind', 'bank', '--roles', 'user']
    assert.equal(run(add).code, 0)
    const first = run(['keys', 'create', '--member', 'bank'])
    assert.equal(first.code, 0, first.stderr)
    assert.match(first.stdout, /^ob_\S+\n$/)
    const id = /^key (\S+) for bank/.exec(first.stderr)?.[1]
    assert.ok(id, first.stderr)
    assert.deepEqual(keys(), [[id, false]])

    const lost = run(['keys', 'create', '--member', 'bank'], '/dev/full')
    assert.equal(lost.code, 74)
    assert.equal(
      lost.stderr,
      'openbureau: no key was made\nopenbureau: cannot write to standard output: no space left on the device\n',
    )
    assert.deepEqual(keys(), [[id, false]])

    const unseen = run(['keys', 'rotate', id], '/dev/full')
    assert.equal(unseen.code, 74)
    assert.match(unseen.stderr, new RegExp(`^openbureau: no key was made; ${id} still works\n`))
    assert.deepEqual(keys(), [[id, false]])

    // The whole key given for its id is refused without being printed back.
    const secret = first.stdout.trim()
    for (const command of ['revoke', 'rotate']) {
      const whole = run(['keys', command, secret])
      assert.equal(whole.code, 2, whole.stderr)
      assert.match(whole.stderr, /that is a whole API key, not its id/)
      assert.ok(!whole.stderr.includes(secret.slice(-20)), 'the secret is not repeated')
    }
    assert.deepEqual(keys(), [[id, false]])

    const rotated = run(['keys', 'rotate', id])
    assert.equal(rotated.code, 0, rotated.stderr)
    assert.match(rotated.stdout, /^ob_\S+\n$/)
    assert.deepEqual(
      keys().find(([k]) => k === id),
      [id, true],
    )
    assert.equal(keys().length, 2)
  })

  it('adds Metro 2 numbers to a member with `members add-metro2-id`, and refuses roles that cannot go together', () => {
    const add = ['members', 'add', '--id', 'furn', '--name', 'Furn', '--kind', 'bank', '--roles', 'furnisher']
    assert.equal(run([...add, '--metro2-id', 'FURN01']).code, 0)
    const added = run(['members', 'add-metro2-id', 'furn', 'FURN02', 'FURN03'])
    assert.equal(added.code, 0, added.stderr)
    assert.match(added.stdout, /furn .* FURN01,FURN02,FURN03/)
    const bad = run(['members', 'add-metro2-id', 'furn', '999999'])
    assert.equal(bad.code, 2, bad.stderr)
    assert.match(bad.stderr, /metro2Ids\.0: a Metro 2 identification number is never zero or nine filled/)

    const both = run([
      'members',
      'add',
      '--id',
      'ops',
      '--name',
      'Ops',
      '--kind',
      'bureau',
      '--roles',
      'operator,user',
    ])
    assert.equal(both.code, 2, both.stderr)
    assert.match(both.stderr, /roles: the operator role cannot be held with user/)
  })
})
