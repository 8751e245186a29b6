import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, describe, it } from 'node:test'
import { renderTraining, segmentPath } from './bureau.cli.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BIN = join(ROOT, 'bin', 'openbureau.mjs')

describe('scorecard CLI over the bureau database', () => {
  // A fresh embedded database of its own: the commands never touch the server the test suite may run on.
  const dataDir = mkdtempSync(join(tmpdir(), 'ob-scorecard-db-'))
  after(() => rmSync(dataDir, { recursive: true, force: true }))
  const run = (...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, OPENBUREAU_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }
    delete env['DATABASE_URL']
    const r = spawnSync(process.execPath, [BIN, 'scorecard', ...args], { cwd: ROOT, encoding: 'utf8', env })
    return { status: r.status, stdout: r.stdout, stderr: r.stderr }
  }

  it('names what each way of training needs', () => {
    const csv = run('train', '--target', 'default')
    assert.equal(csv.status, 2)
    assert.match(csv.stderr, /training from a CSV file needs --data, --out/)
    const bureau = run('train', '--from-bureau')
    assert.equal(bureau.status, 2)
    assert.match(bureau.stderr, /--from-bureau needs --as-of DATE/)
    const report = run('report', '--out', join(dataDir, 'r.html'))
    assert.equal(report.status, 2)
    assert.match(report.stderr, /a report on a CSV file needs --model, --data/)
  })

  it('refuses the options of the other way of training or reporting, which it would ignore', () => {
    const csv = run('train', '--data', 'x.csv', '--target', 'bad', '--out', 'm.json', '--as-of', '2024-06-30')
    assert.equal(csv.status, 2)
    assert.match(csv.stderr, /training from a CSV file \(without --from-bureau\) does not use --as-of/)
    const bureau = run('train', '--from-bureau', '--as-of', '2024-06-30', '--pdo', '40', '--data', 'x.csv')
    assert.equal(bureau.status, 2)
    assert.match(bureau.stderr, /training with --from-bureau does not use --data, --pdo/)
    const stored = run('report', '--version', 'v1', '--model', 'm.json', '--out', join(dataDir, 'r.html'))
    assert.equal(stored.status, 2)
    assert.match(stored.stderr, /a report on a stored model \(--version\) does not use --model/)
    const file = run(
      'report',
      '--model',
      'm.json',
      '--data',
      'x.csv',
      '--as-of',
      '2024-06-30',
      '--out',
      'r.html',
    )
    assert.equal(file.status, 2)
    assert.match(file.stderr, /a report on a CSV file \(without --version\) does not use --as-of/)
  })

  it('trains, lists and promotes against the database, and says when there is nothing', () => {
    const trained = run('train', '--from-bureau', '--as-of', '2024-06-30', '--validate-at', '2024-12-31')
    assert.equal(trained.status, 0, trained.stderr)
    assert.match(trained.stdout, /observed at 2024-06-30: 0 consumers on file/)
    assert.match(trained.stdout, /no thick model: 0 rows and 0 bads/)
    const models = run('models')
    assert.equal(models.status, 0, models.stderr)
    assert.match(models.stdout, /^version\s+segment\s+status/)
    const promote = run('promote', 'thick-2024-06-30-1')
    assert.equal(promote.status, 1)
    assert.match(promote.stderr, /openbureau: no model version thick-2024-06-30-1/)
    const report = run('report', '--version', 'thick-2024-06-30-1', '--out', join(dataDir, 'r.html'))
    assert.equal(report.status, 1)
    assert.match(report.stderr, /no model version thick-2024-06-30-1/)
  })

  it('checks every output path before it trains or builds a report, and refuses a folder', () => {
    const folder = mkdtempSync(join(tmpdir(), 'ob-scorecard-out-'))
    after(() => rmSync(folder, { recursive: true, force: true }))
    mkdirSync(join(folder, 'm.thin.json'))
    const cases: [string[], string][] = [
      [['train', '--from-bureau', '--as-of', '2024-06-30', '--out', folder], folder],
      [
        ['train', '--from-bureau', '--as-of', '2024-06-30', '--out', join(folder, 'm.json')],
        join(folder, 'm.thin.json'),
      ],
      [['report', '--version', 'thick-2024-06-30-1', '--out', folder], folder],
    ]
    for (const [args, path] of cases) {
      const r = run(...args)
      assert.equal(r.status, 2, r.stderr)
      assert.equal(r.stderr, `openbureau: cannot write ${path}: it is a folder, not a file\n`)
      assert.equal(r.stdout, '')
    }
    const missing = run(
      'train',
      '--from-bureau',
      '--as-of',
      '2024-06-30',
      '--out',
      join(folder, 'no', 'm.json'),
    )
    assert.equal(missing.status, 2)
    assert.match(missing.stderr, /cannot write .*m\.json: no such folder/)
    assert.deepEqual(readdirSync(folder), ['m.thin.json'])
  })

  it('writes one model file per segment beside the name given', () => {
    assert.equal(segmentPath('out/model.json', 'thin'), 'out/model.thin.json')
    assert.equal(segmentPath('model', 'thick'), 'model.thick.json')
  })

  it('prints each candidate with its out-of-time figures', () => {
    const perf = { rows: 1000, events: 50, eventRate: 0.05, auc: 0.81234, gini: 0.62468, ks: 0.5 }
    const text = renderTraining({
      asOf: '2024-12-31',
      validateAt: '2025-06-30',
      population: {
        consumers: 10,
        withOpenAccount: 9,
        indeterminate: 1,
        rows: { thick: 6, thin: 2 },
        bads: { thick: 1, thin: 0 },
      },
      outOfTimePopulation: null,
      candidates: [
        {
          version: 'thick-2024-12-31-1',
          segment: 'thick',
          attributes: ['a', 'b'],
          performance: {
            train: perf,
            outOfTime: { ...perf, asOf: '2025-06-30', windowEnd: '2026-06-30', psi: 0.0123 },
            population: null,
          },
          model: undefined as never,
        },
      ],
      skipped: [{ segment: 'thin', reason: 'too few' }],
      timings: { datasetMs: 5, trainMs: 6 },
    })
    assert.match(
      text,
      /thick-2024-12-31-1\s+thick\s+1000\/50\s+0\.8123\s+1000\/50\s+0\.8123\s+0\.6247\s+0\.5000\s+0\.0123\s+2/,
    )
    assert.match(text, /no thin model: too few/)
    assert.match(text, /1 indeterminate/)
  })
})
