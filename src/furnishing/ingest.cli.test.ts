// `openbureau ingest FILE` as an operator runs it, in a process of its own on an embedded database: a file that
// cannot be read is one line and exit 2 with nothing stored; a file through a pipe is applied once and
// recognised when it comes again, through a pipe or from disk.
import assert from 'node:assert/strict'
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'

const ROOT = join(import.meta.dirname, '../..')

let dir: string
let file: string
// The command the Ctrl-C test started, killed at the end should the test fail before it ends.
let running: ChildProcess | undefined

// The embedded database of a folder of its own, whatever DATABASE_URL the test run has.
const { DATABASE_URL: _server, ...inherited } = process.env
let embedded: NodeJS.ProcessEnv

function openbureau(args: string[]) {
  const run = spawnSync(process.execPath, ['bin/openbureau.mjs', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: embedded,
  })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

/** `cat FILE | openbureau ingest /dev/stdin --json`, through a pipe of the shell's, as an operator would. */
function ingestPiped(path: string) {
  const command = `cat "$1" | "$2" bin/openbureau.mjs ingest /dev/stdin --json`
  const run = spawnSync('sh', ['-c', command, 'sh', path, process.execPath], {
    cwd: ROOT,
    encoding: 'utf8',
    env: embedded,
  })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

const batchCount = () => {
  const run = openbureau(['batches', '--json'])
  assert.equal(run.code, 0, run.stderr)
  return (JSON.parse(run.stdout) as unknown[]).length
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'openbureau-ingest-cli-'))
  embedded = { ...inherited, OPENBUREAU_DATA_DIR: join(dir, 'data') }
  const synth = [
    'synth',
    '--out',
    join(dir, 'files'),
    '--consumers',
    '3',
    '--furnishers',
    '1',
    '--months',
    '1',
  ]
  assert.equal(openbureau([...synth, '--seed', '1']).code, 0)
  file = join(dir, 'files', 'SY001-2024-01.dat')
  const add = ['members', 'add', '--id', 'northwind', '--name', 'Northwind Bank', '--kind', 'bank']
  const run = openbureau([...add, '--roles', 'furnisher', '--metro2-id', 'SY001'])
  assert.equal(run.code, 0, run.stderr)
})
after(() => {
  running?.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

describe('openbureau ingest', () => {
  it('refuses a missing file, a folder and a path through a file in one line each, exit 2, nothing stored', () => {
    const cases: [string, string][] = [
      [join(dir, 'missing.dat'), 'no such file'],
      [join(dir, 'files'), 'it is a folder, not a file'],
      [join(file, 'inside'), 'no such file (a part of the path is not a folder)'],
    ]
    for (const [path, reason] of cases) {
      const run = openbureau(['ingest', path])
      assert.equal(run.code, 2, run.stderr)
      assert.equal(run.stderr, `openbureau: cannot read ${path}: ${reason}\n`)
      assert.equal(run.stdout, '')
    }
    assert.equal(batchCount(), 0)
  })

  it('applies a file that comes through a pipe, and knows it again through a pipe and from disk', () => {
    const piped = ingestPiped(file)
    assert.equal(piped.code, 0, piped.stderr)
    const applied = JSON.parse(piped.stdout) as {
      status: string
      batchId: string
      counts: { records: number; accepted: number; rejected: number }
    }
    assert.equal(applied.status, 'applied')
    assert.ok(applied.counts.accepted > 0)
    for (const again of [ingestPiped(file), openbureau(['ingest', file, '--json'])]) {
      assert.equal(again.code, 0, again.stderr)
      assert.deepEqual(
        (({ status, batchId }) => ({ status, batchId }))(JSON.parse(again.stdout) as typeof applied),
        { status: 'duplicate', batchId: applied.batchId },
      )
    }
    const told = openbureau(['ingest', file])
    assert.equal(told.code, 0, told.stderr)
    assert.match(
      told.stdout,
      new RegExp(
        `^This file was already applied on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC as batch ${applied.batchId} ` +
          `\\(furnisher northwind, file stdin: ${applied.counts.records} records, ${applied.counts.accepted} accepted, ` +
          `${applied.counts.rejected} rejected\\); ` +
          'it was not applied again\\.\n$',
      ),
    )
    assert.equal(batchCount(), 1)
  })

  it(
    'says that an ingest interrupted by Ctrl-C applied nothing, dies of SIGINT, and nothing is stored',
    { timeout: 120_000 },
    async () => {
      const big = join(dir, 'big')
      const synth = ['synth', '--out', big, '--consumers', '1500', '--furnishers', '1', '--months', '1']
      assert.equal(openbureau([...synth, '--seed', '2']).code, 0)
      const content = readFileSync(join(big, 'SY001-2024-01.dat'))
      const stored = batchCount()
      // Through a named pipe whose writer stays open, as a stalled producer's would: the test knows how far the
      // command has read (below), and a command that waited for its pending read before ending would hang here.
      const fifo = join(dir, 'interrupted.fifo')
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0)
      const child = spawn(process.execPath, ['bin/openbureau.mjs', 'ingest', fifo], {
        cwd: ROOT,
        env: embedded,
        stdio: ['ignore', 'ignore', 'pipe'],
      })
      running = child
      const pipe = createWriteStream(fifo)
      let stderr = ''
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
      const ended = new Promise<[number | null, string | null]>((done) =>
        child.on('close', (code, signal) => done([code, signal])),
      )
      // The write completes only once the command has read all but a pipe's buffer of it (64 KB): it is loading.
      const half = content.subarray(0, Math.floor(content.length / 2))
      assert.ok(half.length > 256 * 1024, `a file of ${content.length} bytes`)
      await new Promise<void>((done, fail) => pipe.write(half, (e) => (e ? fail(e) : done())))
      child.kill('SIGINT')
      // Killed by the signal it caught, as a shell expects of Ctrl-C (it reports 130 = 128 + 2).
      assert.deepEqual(await ended, [null, 'SIGINT'], stderr)
      pipe.destroy()
      assert.equal(stderr, `openbureau: interrupted: nothing of ${fifo} was applied\n`)
      assert.equal(batchCount(), stored)
    },
  )

  it("pages through a batch's issues with --after, saying how to read on", () => {
    const lines = join(dir, 'bad.jsonl')
    writeFileSync(lines, '{"x": 1}\n{"x": 2}\n{"x": 3}\n')
    const run = openbureau(['ingest', lines, '--furnisher', 'northwind', '--json'])
    const { batchId, issuesTotal } = JSON.parse(run.stdout) as { batchId: string; issuesTotal: number }
    assert.ok(issuesTotal >= 3, run.stdout)
    const first = openbureau(['batch', batchId, '--issues', '2'])
    assert.equal(first.code, 0, first.stderr)
    assert.match(
      first.stdout,
      new RegExp(`\\.\\.\\. ${issuesTotal - 2} more: openbureau batch ${batchId} --after 2 --issues 2\n$`),
    )
    const next = openbureau(['batch', batchId, '--after', '2', '--issues', '2', '--json'])
    const seqs = (JSON.parse(next.stdout) as { issues: { seq: number }[] }).issues.map((i) => i.seq)
    assert.deepEqual(seqs, [3, 4].slice(0, Math.min(2, issuesTotal - 2)))
    const all = openbureau(['batch', batchId, '--issues', String(issuesTotal)])
    assert.doesNotMatch(all.stdout, / more: /)
  })

  it('names an unknown member where a list was asked for one, rather than print an empty list', () => {
    for (const args of [
      ['batches', '--furnisher', 'nosuch'],
      ['keys', 'list', '--member', 'nosuch'],
    ]) {
      const run = openbureau(args)
      assert.deepEqual(
        [run.code, run.stderr, run.stdout],
        [1, 'openbureau: no member "nosuch"\n', ''],
        args.join(' '),
      )
    }
    const known = openbureau(['batches', '--furnisher', 'northwind', '--json'])
    assert.equal(known.code, 0, known.stderr)
  })
})
