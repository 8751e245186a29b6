// Scoring keeps points in Int32Arrays: a model file whose points do not fit would wrap (2^32 + 48 points scored as
// 48) or stop `scorecard apply` with a RangeError and its stack. Such a model is refused when it is read, naming
// the field.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, describe, it } from 'node:test'
import { applyScorecard } from './apply.ts'
import { compileScorecard } from './compile-scorecard.ts'
import { tableFromCsv } from './csv-table.ts'
import { handModel, handNumeric, handRange } from './hand-card.fixture.ts'
import { scoreRecord } from './score-record.ts'
import { parseScorecardModel, type ScorecardModel } from './scorecard.model.ts'

/** The JSON of a model with one attribute `util` (cut at 1 and 3), its first bin's points `points`. */
function modelFile(points: number, edit: (m: ScorecardModel) => void = () => {}): ScorecardModel {
  const util = handNumeric('util', [points, 0, 0, 0])
  const m = handModel({ name: 'bounds', segment: 'main', basePoints: 500, attributes: [util] })
  edit(m)
  return m
}

describe('scorecard model bounds', () => {
  it('refuses points that do not fit, naming the field', () => {
    for (const points of [3e9, 2 ** 32 + 48, -3e9]) {
      assert.throws(() => parseScorecardModel(modelFile(points)), {
        code: 'invalid_input',
        message: `not a valid scorecard model:\n  attributes.0.bins.0.points: points must be from -1000000 to 1000000, got ${points}`,
      })
    }
  })

  it('refuses base points and a score range that do not fit, naming the field', () => {
    assert.throws(() => parseScorecardModel(modelFile(48, (m) => (m.basePoints = 2 ** 32 + 500))), {
      message: /\n {2}basePoints: basePoints must be from -1000000 to 1000000, got 4294967796$/,
    })
    const range = modelFile(48, (m) => Object.assign(m.scaling, { minScore: 3e9, maxScore: 4e9 }))
    assert.throws(() => parseScorecardModel(range), {
      message:
        'not a valid scorecard model:\n  scaling.minScore: minScore must be from -1000000 to 1000000, got 3000000000' +
        '\n  scaling.maxScore: maxScore must be from -1000000 to 1000000, got 4000000000',
    })
  })

  it('refuses more attributes than the points of a score can add up over', () => {
    const many = modelFile(48, (m) => {
      m.attributes = Array.from({ length: 1001 }, (_, k) => ({ ...m.attributes[0]!, name: `a${k}` }))
    })
    assert.throws(() => parseScorecardModel(many), {
      message: 'not a valid scorecard model:\n  attributes: a model has at most 1000 attributes',
    })
  })

  it('scores a model at the bounds without wrapping, and ranks its reasons', () => {
    // 1000 attributes whose bins score -1000000 and +1000000, base points 1000000: sums of about ±10^9.
    const model = parseScorecardModel(
      modelFile(-1_000_000, (m) => {
        m.basePoints = 1_000_000
        Object.assign(m.scaling, { minScore: -1_000_000, maxScore: 1_000_000 })
        const [low, , , none] = m.attributes[0]!.bins
        const high = handRange(1, null, 1_000_000)
        m.attributes = Array.from({ length: 1000 }, (_, k) => ({
          ...m.attributes[0]!,
          name: `a${k}`,
          reasonCode: `A${k}`,
          bins: [low!, high, none!],
        }))
      }),
    )
    const compiled = compileScorecard(model)
    const names = model.attributes.map((a) => a.name)
    const csv = `${names.join(',')}\n${names.map(() => 0).join(',')}\n${names.map(() => 2).join(',')}\n`
    const scored = applyScorecard(compiled, tableFromCsv(csv))
    assert.deepEqual([...scored.score], [-1_000_000, 1_000_000])
    assert.deepEqual(scored.reasonCodes(0), ['A0', 'A1', 'A2', 'A3'])
    const one = scoreRecord(compiled, Object.fromEntries(names.map((n) => [n, 0])))
    assert.deepEqual([one.score, one.reasons[0]?.pointsLost], [-1_000_000, 2_000_000])
  })
})

describe('scorecard apply with a model whose points do not fit', () => {
  const ROOT = fileURLToPath(new URL('../..', import.meta.url))
  const dir = mkdtempSync(join(tmpdir(), 'ob-bounds-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  // No database: the child is kept off whatever server DATABASE_URL names.
  const { DATABASE_URL: _server, ...env } = process.env

  it('exits 2 with the message naming the field, and writes nothing', () => {
    for (const [name, points] of [
      ['huge', 3e9],
      ['wrapping', 2 ** 32 + 48],
    ] as const) {
      const model = join(dir, `${name}.json`)
      writeFileSync(model, JSON.stringify(modelFile(points)))
      const data = join(dir, 'data.csv')
      writeFileSync(data, 'util\n0\n2\n')
      const out = join(dir, `${name}.csv`)
      const r = spawnSync(
        process.execPath,
        [
          join(ROOT, 'bin', 'openbureau.mjs'),
          'scorecard',
          'apply',
          '--model',
          model,
          '--data',
          data,
          '--out',
          out,
        ],
        { cwd: ROOT, encoding: 'utf8', env },
      )
      assert.equal(r.status, 2, `${name}: ${r.stderr}`)
      assert.match(
        r.stderr,
        new RegExp(
          `attributes\\.0\\.bins\\.0\\.points: points must be from -1000000 to 1000000, got ${points}`,
        ),
      )
      assert.doesNotMatch(r.stderr, /RangeError|\n\s+at /)
      assert.equal(existsSync(out) || existsSync(`${out}.partial`), false)
    }
  })
})
