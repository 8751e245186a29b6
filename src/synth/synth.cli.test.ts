import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Command } from 'commander'
import { registerSynthCommand } from './synth.cli.ts'

const small = ['--consumers', '5', '--furnishers', '1', '--months', '1']

/** Runs `openbureau synth` in this process (on the day `now`, when given); the printed text, or the error it
 * refused with. */
async function synth(
  args: readonly string[],
  now?: string,
): Promise<{ printed: string; error: { code?: string; message: string } | undefined }> {
  let printed = ''
  const program = new Command().exitOverride()
  registerSynthCommand(program, {
    stdout: { write: (t: string) => (printed += t) },
    ...(now === undefined ? {} : { clock: () => new Date(now) }),
  })
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

  it('reads counts as decimal whole numbers only, and names every bad value at once', async () => {
    const out = join(dir, 'counts')
    for (const text of ['0x10', '1e1', ' 3', '3.0', '-3']) {
      const { error } = await synth([...small, '--consumers', text, '--out', out])
      assert.equal(error?.code, 'invalid_input', text)
      assert.equal(error.message, `--consumers: '${text}' is not a whole number`)
    }
    const { error } = await synth([
      '--seed',
      'x',
      '--consumers',
      '0',
      '--months',
      'two',
      '--furnishers',
      '0',
      '--out',
      out,
    ])
    assert.equal(
      error?.message,
      "--seed: 'x' is not a whole number from 0 to 4294967295; --months: 'two' is not a whole number; " +
        '--consumers: Too small: expected number to be >=1; --furnishers: Too small: expected number to be >=1',
    )
    const both = await synth([...small, '--accounts', '9', '--out', out])
    assert.match(both.error?.message ?? '', /^--consumers and --accounts: give one of them/)
    assert.equal((await readdir(dir)).includes('counts'), false, 'nothing written')
  })

  it('leaves no --out folder behind when the --truth file cannot be written', async () => {
    const out = join(dir, 'no-truth')
    const { error } = await synth([...small, '--out', out, '--truth', join(dir, 'missing', 't.json')])
    assert.equal(error?.code, 'invalid_input')
    assert.match(error.message, /no such folder/)
    assert.equal((await readdir(dir)).includes('no-truth'), false)
    // A truth file inside a new --out folder is still written: that folder is made first.
    assert.equal((await synth([...small, '--out', out, '--truth', join(out, 't.json')])).error, undefined)
    assert.ok((await readdir(out)).includes('t.json'))
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

  it("refuses an --out that holds an earlier run's files, naming the folder, and changes nothing in it", async () => {
    const out = join(dir, 'again')
    const first = [...'--consumers 50 --furnishers 2 --months 3 --seed 7'.split(' '), '--out', out]
    assert.equal((await synth([...first, '--truth', join(out, 'truth.json')])).error, undefined)
    // A folder that holds only a truth file (its run's Metro 2 files went elsewhere) holds an earlier run too.
    const truthOnly = join(dir, 'truth-only')
    await mkdir(truthOnly)
    const elsewhere = ['--out', join(dir, 'elsewhere'), '--truth', join(truthOnly, 't.json')]
    assert.equal((await synth([...small, ...elsewhere])).error, undefined)
    for (const folder of [out, truthOnly]) {
      const before = (await readdir(folder)).sort()
      const { error } = await synth([...small, '--seed', '1', '--out', folder])
      assert.equal(error?.code, 'invalid_input', folder)
      assert.ok(
        error.message.startsWith(`cannot write into ${folder}: it holds the files of an earlier synth run (`),
        error.message,
      )
      assert.match(error.message, /\); name another folder, or give --force to replace them$/)
      assert.deepEqual((await readdir(folder)).sort(), before, 'nothing written, nothing removed')
    }
  })

  it('with --force replaces only the files of the earlier run, and keeps what else the folder holds', async () => {
    const out = join(dir, 'forced')
    const first = ['--consumers', '50', '--furnishers', '2', '--months', '3', '--seed', '7', '--out', out]
    assert.equal((await synth([...first, '--truth', join(out, 'truth.json')])).error, undefined)
    await writeFile(join(out, 'SY001-2024-01.dat.partial'), 'cut off by an interrupted run')
    await writeFile(join(out, 'notes.txt'), 'mine')
    await writeFile(join(out, 'other.json'), '{"generator":"someone else"}')
    const { printed, error } = await synth([...small, '--seed', '1', '--out', out, '--force'])
    assert.equal(error, undefined)
    assert.match(printed, /^wrote 1 Metro 2 files/)
    assert.deepEqual((await readdir(out)).sort(), [
      'SY001-2024-01.dat',
      'manifest.json',
      'notes.txt',
      'other.json',
    ])
  })

  it('accepts a folder that holds no file of a synth run', async () => {
    const out = join(dir, 'foreign')
    await mkdir(out)
    await writeFile(join(out, 'readme.txt'), 'not synth')
    assert.equal((await synth([...small, '--out', out])).error, undefined)
  })

  it('refuses months whose Date of Account Information is after today, naming the last month allowed', async () => {
    const today = '2026-12-06T12:00:00Z'
    for (const [start, months, last, doai] of [
      ['2024-01', '36', '2026-12', '2026-12-31'],
      ['2030-01', '1', '2030-01', '2030-01-31'],
    ] as const) {
      const out = join(dir, `future-${start}`)
      const { error } = await synth(
        ['--consumers', '5', '--furnishers', '1', '--start', start, '--months', months, '--out', out],
        today,
      )
      assert.equal(error?.code, 'invalid_input', start)
      assert.equal(
        error.message,
        `--start ${start} and --months ${months} run to ${last}, whose Date of Account Information ${doai} is after today (2026-12-06); the last month allowed is 2026-11`,
      )
      await assert.rejects(readdir(out), 'nothing written')
    }
    const upTo = ['--consumers', '5', '--furnishers', '1', '--start', '2024-01', '--months', '35']
    assert.equal((await synth([...upTo, '--out', join(dir, 'up-to')], today)).error, undefined)
    // A month whose last day is today is reported by then.
    const endingToday = ['--consumers', '5', '--furnishers', '1', '--start', '2026-11', '--months', '1']
    assert.equal(
      (await synth([...endingToday, '--out', join(dir, 'today')], '2026-11-30T12:00:00Z')).error,
      undefined,
    )
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

  it('exits 2 with one line for an --out that holds an earlier run', () => {
    const out = join(dir, 'cli-again')
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['bin/openbureau.mjs', 'synth', ...small, '--out', out, ...args], {
        cwd: join(import.meta.dirname, '../..'),
        encoding: 'utf8',
        env: { ...process.env, LOG_LEVEL: 'silent' },
      })
    assert.equal(run([]).status, 0)
    const again = run(['--seed', '2'])
    assert.equal(again.status, 2, again.stderr)
    assert.equal(again.stderr.trim().split('\n').length, 1, again.stderr)
    assert.match(again.stderr, new RegExp(`^openbureau: cannot write into ${out}: `))
    assert.equal(run(['--seed', '2', '--force']).status, 0)
  })
})
