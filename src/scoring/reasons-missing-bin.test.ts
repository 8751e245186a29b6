import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { applyScorecard } from './apply.ts'
import { compileScorecard } from './compile-scorecard.ts'
import { handCard } from './hand-card.fixture.ts'
import { tableFromCsv } from './csv-table.ts'
import { reasonAttribute } from './reasons.ts'
import { scalingOf } from './scaling.ts'
import { scoreRecord } from './score-record.ts'
import { parseScorecardModel, rangeLabel, type ModelAttribute, type ModelBin } from './scorecard.model.ts'

const stats = (points: number) => ({
  count: 10,
  events: 2,
  eventRate: 0.2,
  woe: points / 30,
  iv: 0.01,
  points,
})
const range = (lower: number | null, upper: number | null, points: number): ModelBin => ({
  kind: 'range',
  lower,
  upper,
  label: rangeLabel(lower, upper),
  ...stats(points),
})
const missing = (points: number): ModelBin => ({ kind: 'missing', label: 'missing', ...stats(points) })

/** A numeric attribute with cuts at 1 and 3 and the points of its three ranges and its missing bin. */
const numeric = (name: string, points: [number, number, number, number]): ModelAttribute => ({
  name,
  description: `${name} text`,
  reasonCode: name.toUpperCase(),
  kind: 'numeric',
  trend: null,
  iv: 0.1,
  coefficient: 1,
  standardError: 0.1,
  zScore: 10,
  pValue: 0.001,
  bins: [range(null, 1, points[0]), range(1, 3, points[1]), range(3, null, points[2]), missing(points[3])],
})

// `late`: months since the last late payment, missing when there was none ("never late"), which scores above
// every real bin, as in the bureau's months_since_last_delinquency. `util`: missing scores below every real bin.
const late = numeric('late', [-27, -10, 13, 37])
const util = numeric('util', [25, 0, -26, -5])

function model() {
  const performance = { rows: 1, events: 0, eventRate: 0, auc: 0.5, gini: 0, ks: 0 }
  return parseScorecardModel({
    format: 'openbureau.scorecard',
    formatVersion: 1,
    name: 'missing-bin',
    version: '1',
    segment: 'main',
    createdAt: '2024-01-01T00:00:00.000Z',
    target: { name: 'bad', bad: '1', good: '0' },
    scaling: scalingOf({ pdo: 20, baseScore: 600, baseOdds: 50, minScore: 300, maxScore: 850 }),
    intercept: { coefficient: 1, standardError: 0.1, zScore: 10, pValue: 0 },
    basePoints: 516,
    attributes: [late, util],
    card: handCard({ ...performance, scoreBands: { cuts: [], shares: [1] } }),
  })
}

describe('reasons against the best bin, the missing bin included (FCRA §609(f)(2)(B))', () => {
  const compiled = compileScorecard(model())

  // Points lost were once measured against the best real bin: a late payment 3+ months ago lost nothing against
  // "never late" and was no key factor, though it lowered the score by 24 points.
  it('measures points lost against the best bin, the missing bin included', () => {
    assert.deepEqual([...reasonAttribute(late).loss], [24 + 40, 24 + 23, 24, 0])
    assert.deepEqual([...reasonAttribute(util).loss], [0, 25, 51, 30])
  })

  it('names a late payment however long ago as a key factor, with nothing to advise from the best real bin', () => {
    const r = scoreRecord(compiled, { late: 5, util: 0 })
    assert.deepEqual(
      r.reasons.map((x) => [x.attribute, x.bin, x.pointsLost, x.improvement]),
      [['late', '>= 3', 24, null]],
    )
    const recent = scoreRecord(compiled, { late: 0, util: 0 })
    assert.deepEqual(
      recent.reasons.map((x) => [x.attribute, x.pointsLost, x.improvement]),
      [['late', 64, { bin: '[1, 3)', points: 17 }]],
    )
  })

  it('gives a missing value a reason only when its bin scores below the best bin, aimed at a real bin', () => {
    const r = scoreRecord(compiled, { late: null, util: null })
    assert.deepEqual(r.reasons, [
      {
        rank: 1,
        attribute: 'util',
        code: 'UTIL',
        text: 'util text',
        bin: 'missing',
        pointsLost: 30,
        improvement: { bin: '[1, 3)', points: 5 },
      },
    ])
  })

  it('advises only a real bin that scores higher, and only for a bin that is a reason', () => {
    for (const a of [late, util]) {
      const r = reasonAttribute(a)
      r.improveTo.forEach((to, b) => {
        if (to < 0) return
        assert.ok(r.loss[b]! > 0, `${a.name} bin ${b}`)
        assert.ok(to < a.bins.length - 1 && r.points[to]! > r.points[b]!, `${a.name} bin ${b}`)
      })
    }
  })

  it('gives the same reasons for a table as one record at a time', () => {
    const t = tableFromCsv('late,util\n0,2\n,\n5,0\n')
    const scored = applyScorecard(compiled, t)
    assert.deepEqual(scored.reasonCodes(0), ['LATE', 'UTIL'])
    assert.deepEqual(scored.reasonCodes(1), ['UTIL'])
    assert.deepEqual(scored.reasonCodes(2), ['LATE'])
    assert.deepEqual(scored.reasons(1), scoreRecord(compiled, { late: null, util: null }).reasons)
  })
})
