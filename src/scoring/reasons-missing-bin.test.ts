import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { applyScorecard } from './apply.ts'
import { compileScorecard } from './compile-scorecard.ts'
import { handModel, handNumeric } from './hand-card.fixture.ts'
import { tableFromCsv } from './csv-table.ts'
import { reasonAttribute } from './reasons.ts'
import { scoreRecord } from './score-record.ts'
import { parseScorecardModel } from './scorecard.model.ts'

// `late`: months since the last late payment, missing when there was none ("never late"), which scores above
// every real bin, as in the bureau's months_since_last_delinquency. `util`: missing scores below every real bin.
const late = handNumeric('late', [-27, -10, 13, 37])
const util = handNumeric('util', [25, 0, -26, -5])

const model = () =>
  parseScorecardModel(
    handModel({ name: 'missing-bin', segment: 'main', basePoints: 516, attributes: [late, util] }),
  )

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
