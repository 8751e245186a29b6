import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Command } from 'commander'
import { registerSynthCommand } from './synth.cli.ts'

const small = ['--consumers', '5', '--furnishers', '1', '--months', '1']

/** Runs `openbureau synth` in this process; the printed text, or the error it refused with. */
async function synth(
  args: readonly string[],
): Promise<{ printed: string; error: { code?: string; message: string } | undefined }> {
  let printed = ''
  const program = new Command().exitOverride()
  registerSynthCommand(program, { stdout: { write: (t: string) => (printed += t) } })
  try {
    await program.parseAsync(['synth', ...args], { from: 'user' })
    return { printed, error: undefined }
  } catch (e) {
    return { printed, error: e as { code?: string; message: string } }
  }
}

describe('openbureau synth options', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'synth-options-'))
  })
  after(() => rm(dir, { recursive: true, force: true }))

  it('refuses a --truth that names a file synth writes itself, however it is spelt, before writing', async () => {
    const out = join(dir, 'own')
    for (const truth of [
      join(out, 'SY001-2024-01.dat'),
      join(out, 'manifest.json'),
      join(out, 'sub', '..', 'SY001-2024-01.dat.partial'),
    ]) {
      const { error } = await synth([...small, '--out', out, '--truth', truth])
      assert.equal(error?.code, 'invalid_input', truth)
      assert.match(error.message, /^cannot write .*: synth writes .* itself; name another file for --truth$/)
    }
    assert.deepEqual(await readdir(dir), [], 'nothing written')
    const { error } = await synth([...small, '--out', out, '--truth', join(out, 'truth.json')])
    assert.equal(error, undefined)
  })

  it('refuses an empty --out or --truth instead of writing into the current folder', async () => {
    for (const args of [
      ['--out', ''],
      ['--out', join(dir, 'x'), '--truth', ' '],
    ]) {
      const { error } = await synth([...small, ...args])
      assert.equal(error?.code, 'invalid_input', JSON.stringify(args))
      assert.match(error.message, /^--(out|truth): is empty; name a (folder|file)$/)
    }
  })

  it('refuses a seed that is not a whole number from 0 to 2^32 - 1, rather than hashing it', async () => {
    for (const seed of ['1.5', 'abc', '-3', '4294967296', '']) {
      const { error } = await synth([...small, '--out', join(dir, 'seed'), '--seed', seed])
      assert.equal(error?.code, 'invalid_input', seed)
      assert.equal(error.message, `--seed: '${seed}' is not a whole number from 0 to 4294967295`)
    }
    assert.equal(
      (await synth([...small, '--out', join(dir, 'seed'), '--seed', '4294967295'])).error,
      undefined,
    )
  })

  it('says how many planted errors ingestion rejects and how many it keeps with a warning', async () => {
    const { printed, error } = await synth([
      ...small,
      '--consumers',
      '200',
      '--errors',
      '0.05',
      '--out',
      join(dir, 'e'),
    ])
    assert.equal(error, undefined)
    const [, planted] = /errors planted: (\d+)/.exec(printed) ?? []
    const [, rejected, warned] =
      /ingestion rejects (\d+) of them and accepts (\d+) with a warning/.exec(printed) ?? []
    assert.ok(Number(rejected) > 0 && Number(warned) > 0, printed)
    assert.equal(Number(rejected) + Number(warned), Number(planted))
  })

  it('exits 2 with one line for a refused --truth', () => {
    const out = join(dir, 'cli')
    const run = spawnSync(
      process.execPath,
      ['bin/openbureau.mjs', 'synth', ...small, '--out', out, '--truth', join(out, 'SY001-2024-01.dat')],
      {
        cwd: join(import.meta.dirname, '../..'),
        encoding: 'utf8',
        env: { ...process.env, LOG_LEVEL: 'silent' },
      },
    )
    assert.equal(run.status, 2)
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr)
  })
})
