import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, describe, it } from 'node:test'
import { compileScorecard } from './compile-scorecard.ts'
import { createRng } from './rng.ts'
import { readCsvTable, tableFromCsv } from './csv-table.ts'
import { scoreRecord } from './score-record.ts'
import { trainScorecard } from './train.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BIN = join(ROOT, 'bin', 'openbureau.mjs')
// The command needs no database: the child is kept off whatever server DATABASE_URL names.
const { DATABASE_URL: _server, ...env } = process.env

const dir = mkdtempSync(join(tmpdir(), 'ob-csv-table-'))
after(() => rmSync(dir, { recursive: true, force: true }))

/** Rows where `x` (numeric) and `level` (categorical) both raise the share of bads. */
function rows(n: number): string {
  const rng = createRng(3)
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const x = rng.int(10)
    const level = rng.next() < 0.5 ? 'a' : 'b'
    out.push(`${x},${level},${rng.next() < 0.05 + 0.06 * x + (level === 'b' ? 0.15 : 0) ? 1 : 0}`)
  }
  return out.join('\n') + '\n'
}

describe('readCsvTable', () => {
  it('reads a pipe (/dev/stdin), which cannot be read twice, into the same model as the file', () => {
    const text = `x,level,bad\n${rows(400)}`
    const file = join(dir, 'data.csv')
    writeFileSync(file, text)
    const args = (data: string, out: string) => [
      'scorecard',
      'train',
      '--data',
      data,
      '--target',
      'bad',
      '--out',
      out,
      '--min-iv',
      '0',
    ]
    const options = { cwd: ROOT, encoding: 'utf8', env, timeout: 60_000 } as const
    // Through a shell's pipe: Node's own `input` is a socket, which /dev/stdin cannot be opened on.
    const piped = spawnSync(
      'sh',
      ['-c', 'cat "$0" | "$@"', file, process.execPath, BIN, ...args('/dev/stdin', join(dir, 'piped.json'))],
      options,
    )
    assert.equal(piped.status, 0, piped.stderr)
    assert.match(piped.stdout, / on 400 rows/)
    assert.equal(spawnSync(process.execPath, [BIN, ...args(file, join(dir, 'file.json'))], options).status, 0)
    const attributes = (path: string) =>
      (JSON.parse(readFileSync(path, 'utf8')) as { attributes: unknown }).attributes
    assert.deepEqual(attributes(join(dir, 'piped.json')), attributes(join(dir, 'file.json')))
  })

  it('says a file with a header and no rows has no data rows, rather than what an empty table breaks', async () => {
    const path = join(dir, 'header-only.csv')
    writeFileSync(path, 'x,level,bad\n')
    await assert.rejects(readCsvTable(path, { target: 'bad' }), {
      code: 'invalid_input',
      message: `${path}: no data rows, only the header`,
    })
  })
})

describe('CSV header', () => {
  it('refuses a column without a name that would be an attribute, naming its position, and reads past one that is not read', () => {
    for (const header of ['x,,bad', 'x, ,bad']) {
      assert.throws(() => tableFromCsv(`${header}\n1,2,0\n2,3,1\n`, { target: 'bad' }), {
        code: 'invalid_input',
        message: 'CSV header: column 2 has no name',
      })
    }
    const t = tableFromCsv(',x\n0,1.5\n1,2.5\n', { columns: ['x'], kinds: { x: 'numeric' } })
    assert.deepEqual(
      t.columns.map((c) => c.name),
      ['x'],
    )
  })

  it('takes any column name, __proto__ and constructor included, and infers its kind like any other', () => {
    const t = tableFromCsv(`__proto__,constructor,bad\n${rows(60)}`, { target: 'bad' })
    assert.deepEqual(
      t.columns.map((c) => [c.name, c.kind]),
      [
        ['__proto__', 'numeric'],
        ['constructor', 'categorical'],
      ],
    )
    const fixed = tableFromCsv('__proto__,toString\n1,2\n', { kinds: { toString: 'categorical' as const } })
    assert.deepEqual(
      fixed.columns.map((c) => c.kind),
      ['numeric', 'categorical'],
    )
  })

  it('scores a model with such a column from a record that leaves it out, as missing', () => {
    const model = trainScorecard(tableFromCsv(`__proto__,level,bad\n${rows(400)}`, { target: 'bad' }), {
      selection: { minIv: 0 },
    })
    const proto = model.attributes.find((a) => a.name === '__proto__')
    assert.equal(proto?.kind, 'numeric')
    const compiled = compileScorecard(model)
    const missing = proto.bins[proto.bins.length - 1]!.points
    const level = model.attributes.find((a) => a.name === 'level')
    const levelPoints = level
      ? level.bins.find((b) => b.kind === 'levels' && b.levels.includes('a'))!.points
      : 0
    assert.equal(scoreRecord(compiled, { level: 'a' }).score, model.basePoints + missing + levelPoints)
  })
})
