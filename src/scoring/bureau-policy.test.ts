import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { applyPolicy } from './bureau-policy.ts'
import { syntheticModel, syntheticTable } from './scoring.fixture.ts'
import type { ScorecardModel } from './scorecard.model.ts'

const table = syntheticTable(5)
const base = syntheticModel('thin', { seed: 5 })
const bills = (m: ScorecardModel) => m.attributes.find((a) => a.name === 'alternative_on_time_share')!

/** The model with the "no bills on file" bin made the best one, as an outcome on every account can make it. */
function withRichMissing(): ScorecardModel {
  return {
    ...base,
    attributes: base.attributes.map((a) => {
      if (a.name !== 'alternative_on_time_share') return a
      const best = Math.max(...a.bins.slice(0, -1).map((b) => b.woe))
      const missing = { ...a.bins[a.bins.length - 1]!, woe: best + 1, points: 99 }
      return { ...a, bins: [...a.bins.slice(0, -1), missing] }
    }),
  }
}

describe('applyPolicy', () => {
  it('caps "no bills on file" at the best on-time bin, and measures the model again', () => {
    const rich = withRichMissing()
    const fixed = applyPolicy(rich, table, undefined)
    const a = bills(fixed)
    const body = a.bins.slice(0, -1)
    const best = body.reduce((x, b) => (b.woe > x.woe ? b : x))
    const missing = a.bins[a.bins.length - 1]!
    assert.equal(missing.woe, best.woe)
    assert.equal(missing.points, best.points)
    assert.equal(
      missing.count,
      bills(rich).bins[a.bins.length - 1]!.count,
      'the data of the bin stays as it was',
    )
    assert.notEqual(fixed.card.performance.train.auc, rich.card.performance.train.auc)
    assert.equal(fixed.card.performance.test, null)
  })

  it('leaves a model alone when having no bills already scores no better than paying them', () => {
    assert.ok(
      bills(base).bins.at(-1)!.woe <=
        Math.max(
          ...bills(base)
            .bins.slice(0, -1)
            .map((b) => b.woe),
        ),
    )
    assert.equal(applyPolicy(base, table, undefined), base)
  })
})
