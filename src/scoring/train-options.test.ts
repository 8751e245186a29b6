import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, describe, it } from 'node:test'
import { createRng } from './rng.ts'

const BIN = join(fileURLToPath(new URL('../..', import.meta.url)), 'bin', 'openbureau.mjs')
// The command needs no database: the child is kept off whatever server DATABASE_URL names.
const { DATABASE_URL: _server, ...env } = process.env

const dir = mkdtempSync(join(tmpdir(), 'ob-train-options-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const data = join(dir, 'data.csv')
const rng = createRng(3)
writeFileSync(
  data,
  'x,bad\n' +
    Array.from({ length: 300 }, () => {
      const x = rng.int(10)
      return `${x},${rng.next() < 0.05 + 0.06 * x ? 1 : 0}\n`
    }).join(''),
)

function train(...options: string[]) {
  const out = join(dir, 'model.json')
  rmSync(out, { force: true })
  const r = spawnSync(
    process.execPath,
    [BIN, 'scorecard', 'train', '--data', data, '--target', 'bad', '--out', out, ...options],
    { encoding: 'utf8', env },
  )
  return { status: r.status, error: r.stderr.split('\n')[0], written: existsSync(out) }
}

describe('scorecard train options', () => {
  // Each was once accepted (a model of 0-point bins, an aliased seed), or refused only after the data was read,
  // in the names of the internals or as an invalid model.
  it('refuses each option outside its range in one line naming the option, exit 2, writing nothing', () => {
    const cases: [string[], string][] = [
      [['--pdo', '1e-9'], `'--pdo <points>' argument '1e-9' is invalid. must be a number from 1 to 1000`],
      [
        ['--base-score', '600.5'],
        `'--base-score <score>' argument '600.5' is invalid. must be a whole number from 0 to 100000`,
      ],
      [
        ['--seed', '-1'],
        `'--seed <n>' argument '-1' is invalid. must be a whole number from 0 to 4294967295`,
      ],
      [
        ['--max-correlation', '2'],
        `'--max-correlation <r>' argument '2' is invalid. must be a number more than 0 and at most 1`,
      ],
      [['--min-iv', '-1'], `'--min-iv <iv>' argument '-1' is invalid. must be a number at least 0`],
      [
        ['--min-bin-share', '0.6'],
        `'--min-bin-share <share>' argument '0.6' is invalid. must be a number at least 0 and below 0.5`,
      ],
      [
        ['--base-score', '1e20', '--max-score', '1e21'],
        `'--base-score <score>' argument '1e20' is invalid. must be a whole number from 0 to 100000`,
      ],
      [
        ['--max-p-value', '2'],
        `'--max-p-value <p>' argument '2' is invalid. must be a number more than 0 and at most 1`,
      ],
      [
        ['--fine-bins', '1000'],
        `'--fine-bins <n>' argument '1000' is invalid. must be a whole number from 2 to 250`,
      ],
      [
        ['--base-odds', '0'],
        `'--base-odds <odds>' argument '0' is invalid. must be a number from 0.01 to 10000`,
      ],
      [
        ['--test-share', '1'],
        `'--test-share <share>' argument '1' is invalid. must be a number more than 0 and below 1`,
      ],
    ]
    for (const [options, message] of cases) {
      assert.deepEqual(train(...options), { status: 2, error: `error: option ${message}`, written: false })
    }
  })

  it('accepts every option at the ends of its range', () => {
    const r = train(
      ...['--pdo', '1000', '--base-odds', '10000', '--seed', '4294967295', '--min-bin-share', '0'],
      ...['--max-correlation', '1', '--max-p-value', '1', '--min-iv', '0', '--fine-bins', '250'],
    )
    assert.deepEqual([r.status, r.written], [0, true], r.error)
  })
})
