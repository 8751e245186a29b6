import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PSI_FLOOR, auc, calibration, gini, ks, psi, rocCurve, scoreBands } from './metrics.ts'
import { createRng } from './rng.ts'

// Events score 0.35, 0.8 and 0.4; non-events 0.1 and 0.4 (a tie at 0.4).
const scores = [0.1, 0.4, 0.35, 0.8, 0.4]
const labels = [0, 0, 1, 1, 1]

describe('metrics', () => {
  it('computes AUC with ties counted as one half', () => {
    // Pairs (event, non-event): (.35,.1)=1 (.35,.4)=0 (.8,.1)=1 (.8,.4)=1 (.4,.1)=1 (.4,.4)=1/2 -> 4.5 / 6.
    assert.equal(auc(scores, labels), 0.75)
    assert.equal(gini(0.75), 0.5)
  })

  it('agrees with counting every pair on random data with many ties', () => {
    const rng = createRng(3)
    const s = Array.from({ length: 400 }, () => rng.int(20))
    const l = s.map((v) => (rng.next() < 0.2 + v / 40 ? 1 : 0))
    let sum = 0
    let pairs = 0
    for (let i = 0; i < s.length; i++) {
      for (let j = 0; j < s.length; j++) {
        if (l[i] !== 1 || l[j] !== 0) continue
        pairs++
        sum += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0
      }
    }
    assert.ok(Math.abs(auc(s, l) - sum / pairs) < 1e-12)
  })

  it('computes KS as the largest gap between the cumulative distributions', () => {
    // At 0.1: events 0/3, non-events 1/2 -> 0.5; at 0.35: 1/3 vs 1/2; at 0.4: 2/3 vs 1; at 0.8: 1 vs 1.
    assert.deepEqual(ks(scores, labels), { ks: 0.5, threshold: 0.1 })
  })

  it('draws the ROC curve from (0, 0) to (1, 1), one point per distinct score', () => {
    assert.deepEqual(
      rocCurve(scores, labels).map((p) => [p.threshold, p.falsePositiveRate, p.truePositiveRate]),
      [
        [Infinity, 0, 0],
        [0.8, 0, 1 / 3],
        [0.4, 0.5, 2 / 3],
        [0.35, 0.5, 1],
        [0.1, 1, 1],
      ],
    )
  })

  it('computes PSI over the reference deciles, flooring empty bands', () => {
    const reference = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    const actual = [1, 1, 1, 1, 1, 2, 3, 4, 5, 6]
    const r = psi(reference, actual)
    assert.deepEqual(r.cuts, [2, 3, 4, 5, 6, 7, 8, 9, 10])
    assert.deepEqual(r.actual, [0.5, 0.1, 0.1, 0.1, 0.1, 0.1, 0, 0, 0, 0])
    // Band 1: (0.5 - 0.1) ln 5; bands 2-6: 0; bands 7-10: (floor - 0.1) ln(floor / 0.1).
    const expected = 0.4 * Math.log(5) + 4 * (PSI_FLOOR - 0.1) * Math.log(PSI_FLOOR / 0.1)
    assert.ok(Math.abs(r.psi - expected) < 1e-12)
    assert.equal(psi(reference, reference).psi, 0)
  })

  it('collapses tied deciles into fewer bands', () => {
    const b = scoreBands([5, 5, 5, 5, 5, 5, 6, 7, 8, 9])
    assert.deepEqual(b.cuts, [6, 7, 8, 9])
    assert.deepEqual(b.shares, [0.6, 0.1, 0.1, 0.1, 0.1])
  })

  it('compares mean predicted and observed bad rates by group of predicted probability', () => {
    const predicted = [0.5, 0.1, 0.2, 0.1, 0.3, 0.3, 0.4, 0.2, 0.4, 0.5]
    const observed = [1, 0, 0, 0, 0, 1, 1, 1, 1, 1]
    const groups = calibration(predicted, observed, 5)
    assert.deepEqual(
      groups.map((g) => [g.count, Number(g.meanPredicted.toFixed(12)), g.observedRate]),
      [
        [2, 0.1, 0],
        [2, 0.2, 0.5],
        [2, 0.3, 0.5],
        [2, 0.4, 1],
        [2, 0.5, 1],
      ],
    )
  })
})
