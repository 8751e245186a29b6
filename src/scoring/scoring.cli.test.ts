import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import {
  createReadStream,
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, before, describe, it } from 'node:test'
import { sharedDataDir } from '../platform/shared-data.ts'
import { applyScorecard } from './apply.ts'
import { parseCsv } from './csv.ts'
import { readCsvTable } from './csv-table.ts'
import { parseScorecardModel, type ScorecardModel } from './scorecard.model.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const GERMAN = join(sharedDataDir(), 'credit', 'german_credit_train.csv')

// Until `scorecard` is wired into src/commands.ts, a child process mounts the commands on a bare
// program the way src/cli.ts does (same error handling); afterwards this becomes
// spawnSync('node', ['bin/openbureau.mjs', 'scorecard', ...args]).
const BIN = join(ROOT, 'bin', 'openbureau.mjs')

// These commands need no database: the child is kept off whatever server DATABASE_URL names.
const { DATABASE_URL: _server, ...env } = process.env

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'scorecard', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('scorecard CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ob-scorecard-'))
  const modelPath = join(dir, 'model.json')
  let model: ScorecardModel
  after(() => rmSync(dir, { recursive: true, force: true }))

  before(() => {
    const r = run(
      'train',
      '--data',
      GERMAN,
      '--target',
      'default',
      '--out',
      modelPath,
      '--test-share',
      '0.3',
      '--seed',
      '5',
    )
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /model written to .*train AUC 0\.\d+ on 490 rows, test AUC 0\.\d+ on 210 rows/)
    model = parseScorecardModel(JSON.parse(readFileSync(modelPath, 'utf8')))
  })

  it('trains a model whose card records the split', () => {
    assert.equal(model.card.data.seed, 5)
    assert.equal(model.card.data.testShare, 0.3)
    assert.equal(model.card.data.trainRows, 490)
    assert.equal(model.card.performance.test?.rows, 210)
    assert.equal(model.target.name, 'default')
  })

  it('writes an attribute named like a formula as text, behind an apostrophe (OWASP CSV injection)', () => {
    const [header, ...rows] = readFileSync(GERMAN, 'utf8').trimEnd().split('\n')
    const formula = `=cmd|' /C calc'!A0`
    const data = join(dir, 'formula.csv')
    writeFileSync(
      data,
      [header!.replace('"CheckingAccountStatus"', `"${formula}"`), ...rows].join('\n') + '\n',
    )
    const formulaModel = join(dir, 'formula.model.json')
    const trained = run('train', '--data', data, '--target', 'default', '--out', formulaModel)
    assert.equal(trained.status, 0, trained.stderr)
    const out = join(dir, 'formula.scores.csv')
    const r = run('apply', '--model', formulaModel, '--data', data, '--out', out)
    assert.equal(r.status, 0, r.stderr)
    const cells = readFileSync(out, 'utf8')
      .split(/[\r\n]+/)
      .flatMap((l) => l.split(','))
    assert.ok(
      cells.some((c) => c.startsWith(`'=cmd|`)),
      'the reason is written, as text',
    )
    assert.ok(!cells.some((c) => /^"?[=+@]/.test(c)), 'no cell starts a formula')
  })

  it('applies the model: one row per input row, in order, exactly the promised columns, as in process', async () => {
    // 20 copies of the data (14,000 rows, about 2 MB) so that the file is read in several chunks.
    const [header, ...rows] = readFileSync(GERMAN, 'utf8').trimEnd().split('\n')
    const big = join(dir, 'big.csv')
    writeFileSync(big, [header, ...Array.from({ length: 20 }, () => rows).flat()].join('\r\n') + '\r\n')
    const out = join(dir, 'scores.csv')
    const r = run('apply', '--model', modelPath, '--data', big, '--out', out)
    assert.equal(r.status, 0, r.stderr)
    const records = parseCsv(readFileSync(out, 'utf8'))
    assert.deepEqual(records[0], ['score', 'probability_default', 'reason1', 'reason2', 'reason3', 'reason4'])
    assert.equal(records.length, 1 + 14_000)
    const table = await readCsvTable(GERMAN, {
      kinds: Object.fromEntries(model.attributes.map((a) => [a.name, a.kind])),
    })
    const expected = applyScorecard(model, table)
    for (let i = 0; i < 14_000; i++) {
      const row = records[i + 1]!
      const k = i % 700
      assert.equal(Number(row[0]), expected.score[k])
      assert.ok(
        Math.abs(Number(row[1]) - expected.probabilityDefault[k]!) <= 1e-5 * expected.probabilityDefault[k]!,
      )
      const codes = expected.reasonCodes(k).slice(0, 4)
      assert.deepEqual(row.slice(2), [...codes, '', '', '', ''].slice(0, 4))
    }
  })

  it('writes the scores through a symbolic link and into a named pipe, replacing neither', async () => {
    const data = join(dir, 'small.csv')
    writeFileSync(data, readFileSync(GERMAN, 'utf8').split('\n').slice(0, 11).join('\n') + '\n')
    const real = join(dir, 'scores-real.csv')
    const link = join(dir, 'scores-latest.csv')
    writeFileSync(real, '')
    symlinkSync('scores-real.csv', link)
    const viaLink = run('apply', '--model', modelPath, '--data', data, '--out', link)
    assert.equal(viaLink.status, 0, viaLink.stderr)
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link')
    assert.equal(readFileSync(real, 'utf8').trimEnd().split('\n').length, 11)
    assert.equal(viaLink.stdout, '')
    assert.match(viaLink.stderr, /^scored 10 rows into /)
    const fifo = join(dir, 'scores.fifo')
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0)
    const child = spawn(
      process.execPath,
      [BIN, 'scorecard', 'apply', '--model', modelPath, '--data', data, '--out', fifo],
      {
        cwd: ROOT,
        env,
        stdio: 'ignore',
      },
    )
    const ended = once(child, 'close')
    let read = ''
    for await (const chunk of createReadStream(fifo, 'utf8')) read += chunk as string
    assert.deepEqual(await ended, [0, null])
    assert.equal(read.trimEnd().split('\n').length, 11)
    assert.ok(lstatSync(fifo).isFIFO(), 'the pipe is still a pipe')
  })

  it('writes a self-contained HTML report with charts, metrics and PSI against a reference', () => {
    const out = join(dir, 'report.html')
    const r = run('report', '--model', modelPath, '--data', GERMAN, '--out', out, '--reference', GERMAN)
    assert.equal(r.status, 0, r.stderr)
    const html = readFileSync(out, 'utf8')
    assert.ok(html.startsWith('<!doctype html>'))
    assert.equal((html.match(/<svg /g) ?? []).length, 4)
    for (const s of [
      'ROC',
      'KS',
      'Score distribution',
      'Calibration by decile',
      'PSI vs reference 0.0000',
      'CheckingAccountStatus',
    ]) {
      assert.ok(html.includes(s), `report lacks ${s}`)
    }
    assert.doesNotMatch(html, /<script|<link|src=|href=|url\(/i)
  })

  it('fails with a message naming the missing column, and a non-zero exit code', () => {
    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, 'Duration,Amount\n6,1169\n')
    const r = run('apply', '--model', modelPath, '--data', bad, '--out', join(dir, 'never.csv'))
    assert.equal(r.status, 2)
    assert.match(r.stderr, /openbureau: the data has no column "\w+"/)
    assert.equal(existsSync(join(dir, 'never.csv')) || existsSync(join(dir, 'never.csv.partial')), false)
    const t = run('train', '--data', GERMAN, '--target', 'Purpose', '--out', join(dir, 'never.json'))
    assert.equal(t.status, 2)
    assert.match(t.stderr, /target column Purpose must hold exactly two values/)
    const negative = run('train', '--from-bureau', '--min-rows', '-5', '--out', join(dir, 'never.json'))
    assert.equal(negative.status, 2)
    assert.match(negative.stderr, /--min-rows.*must be a whole number of at least 1/)
  })

  it('refuses a score range without the base score, or with a bound that is not a whole number', () => {
    const out = join(dir, 'never-scaled.json')
    const base = ['train', '--data', GERMAN, '--target', 'default', '--out', out]
    const outside = run(...base, '--min-score', '0', '--max-score', '100')
    assert.equal(outside.status, 2)
    assert.equal(
      outside.stderr,
      'openbureau: invalid scaling: the score range 0-100 (--min-score, --max-score) must contain the base score 600 (--base-score): scores would be clipped to one end of it\n',
    )
    const fraction = run(...base, '--max-score', '400.5')
    assert.equal(fraction.status, 2)
    // A whole number in the range the option's parser now states (cli-input.ts TRAIN_OPTIONS).
    assert.match(fraction.stderr, /--max-score <score>.*400\.5.*must be a whole number from 0 to 100000/)
    assert.equal(existsSync(out), false)
    // Moving the base score into the range is accepted.
    const inside = run(...base, '--min-score', '0', '--max-score', '100', '--base-score', '50', '--pdo', '10')
    assert.equal(inside.status, 0, inside.stderr)
    assert.deepEqual(
      [parseScorecardModel(JSON.parse(readFileSync(out, 'utf8'))).scaling.minScore, existsSync(out)],
      [0, true],
    )
  })

  it('refuses to write its output over its own input or into a folder, and leaves the input whole', () => {
    const data = join(dir, 'data.csv')
    writeFileSync(data, readFileSync(GERMAN))
    const r = run('apply', '--model', modelPath, '--data', data, '--out', data)
    assert.equal(r.status, 2)
    assert.equal(
      r.stderr,
      `openbureau: cannot write ${data}: it is also the input (${data}); name another file for the output\n`,
    )
    assert.deepEqual(readFileSync(data), readFileSync(GERMAN))
    const folder = run('apply', '--model', modelPath, '--data', data, '--out', dir)
    assert.equal(folder.status, 2)
    assert.equal(folder.stderr, `openbureau: cannot write ${dir}: it is a folder, not a file\n`)
    const report = run('report', '--model', modelPath, '--data', data, '--out', modelPath)
    assert.equal(report.status, 2)
    assert.match(report.stderr, /it is also the input/)
  })
})
