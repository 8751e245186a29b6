import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { basePoints, binPoints, clipScore, exactScore, probabilityOfDefault, scalingOf } from './scaling.ts'

describe('scaling', () => {
  const s = scalingOf({ pdo: 20, baseScore: 600, baseOdds: 50, minScore: 300, maxScore: 850 })

  it('derives factor = PDO / ln 2 and offset = base - factor x ln(base odds)', () => {
    // By hand: 20 / 0.693147 = 28.8539; 28.8539 x ln 50 (3.912023) = 112.8771; 600 - 112.8771 = 487.1229.
    assert.ok(Math.abs(s.factor - 28.853901) < 1e-6)
    assert.ok(Math.abs(s.offset - 487.122876) < 1e-6)
  })

  it('gives the base score at the base odds and PDO more points at double the odds', () => {
    assert.ok(Math.abs(exactScore(s, Math.log(50)) - 600) < 1e-9)
    assert.ok(Math.abs(exactScore(s, Math.log(100)) - 620) < 1e-9)
    assert.ok(Math.abs(exactScore(s, Math.log(25)) - 580) < 1e-9)
  })

  it('rounds bin and base points to whole numbers, halves up', () => {
    // 28.8539 x 0.9 x -1.2 = -31.162 -> -31; 28.8539 x 1.1 x 0.3 = 9.522 -> 10; 28.8539 x 0.5 x 0.1 = 1.443 -> 1.
    assert.equal(binPoints(s, 0.9, -1.2), -31)
    assert.equal(binPoints(s, 1.1, 0.3), 10)
    assert.equal(binPoints(s, 0.5, 0.1), 1)
    assert.equal(binPoints(s, 1, 0), 0)
    // 487.1229 + 28.8539 x 1 = 515.977 -> 516
    assert.equal(basePoints(s, 1), 516)
    const half = scalingOf({ pdo: Math.LN2, baseScore: 0, baseOdds: 1, minScore: 0, maxScore: 1 })
    assert.equal(binPoints(half, 1, 2.5), 3)
    assert.equal(binPoints(half, 1, -2.5), -2)
  })

  it('clips the score to the range and derives the probability of default from the log odds of good', () => {
    assert.equal(clipScore(s, 250), 300)
    assert.equal(clipScore(s, 900), 850)
    assert.equal(clipScore(s, 640), 640)
    assert.ok(Math.abs(probabilityOfDefault(Math.log(50)) - 1 / 51) < 1e-15)
    assert.ok(Math.abs(probabilityOfDefault(-1.2) - 0.768524783) < 1e-9)
  })

  it('refuses a non-positive PDO or base odds and an empty range', () => {
    assert.throws(
      () => scalingOf({ pdo: 0, baseScore: 600, baseOdds: 50, minScore: 300, maxScore: 850 }),
      /invalid scaling/,
    )
    assert.throws(
      () => scalingOf({ pdo: 20, baseScore: 600, baseOdds: -1, minScore: 300, maxScore: 850 }),
      /invalid scaling/,
    )
    assert.throws(
      () => scalingOf({ pdo: 20, baseScore: 600, baseOdds: 50, minScore: 850, maxScore: 300 }),
      /invalid scaling/,
    )
  })

  it('refuses a range that does not contain the base score, and bounds that are not whole numbers', () => {
    assert.throws(() => scalingOf({ pdo: 20, baseScore: 600, baseOdds: 50, minScore: 0, maxScore: 100 }), {
      code: 'invalid_input',
      message:
        'invalid scaling: the score range 0-100 (minScore, maxScore) must contain the base score 600 (baseScore): scores would be clipped to one end of it',
    })
    assert.throws(
      () => scalingOf({ pdo: 20, baseScore: 600, baseOdds: 50, minScore: 300, maxScore: 850.5 }),
      /maxScore must be a whole number, got 850\.5/,
    )
    // The bounds may be the base score itself.
    assert.equal(
      scalingOf({ pdo: 20, baseScore: 600, baseOdds: 50, minScore: 600, maxScore: 900 }).minScore,
      600,
    )
  })
})
