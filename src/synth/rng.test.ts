import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hashInts, Rng } from './rng.ts'
import { isValidSsn, ssnForIndex } from './ssnForIndex.ts'

describe('Rng', () => {
  it('gives the same sequence for the same stream and different ones for neighbouring streams', () => {
    const a = Rng.from(42, 1, 7)
    const b = Rng.from(42, 1, 7)
    const c = Rng.from(42, 1, 8)
    const seqA = Array.from({ length: 20 }, () => a.u32())
    assert.deepEqual(
      Array.from({ length: 20 }, () => b.u32()),
      seqA,
    )
    assert.notDeepEqual(
      Array.from({ length: 20 }, () => c.u32()),
      seqA,
    )
  })

  it('draws uniform floats and standard normals with the right moments', () => {
    const rng = Rng.from(1, 2, 3)
    const n = 100_000
    let sum = 0
    let sumN = 0
    let sumN2 = 0
    for (let i = 0; i < n; i++) {
      const u = rng.float()
      assert.ok(u >= 0 && u < 1)
      sum += u
      const x = rng.normal()
      sumN += x
      sumN2 += x * x
    }
    assert.ok(Math.abs(sum / n - 0.5) < 0.01)
    assert.ok(Math.abs(sumN / n) < 0.02)
    assert.ok(Math.abs(sumN2 / n - 1) < 0.03)
  })

  it('keeps integers within their bounds and reaches both ends', () => {
    const rng = Rng.from(9)
    const seen = new Set<number>()
    for (let i = 0; i < 2000; i++) {
      const v = rng.int(3, 7)
      assert.ok(v >= 3 && v <= 7)
      seen.add(v)
    }
    assert.deepEqual([...seen].sort(), [3, 4, 5, 6, 7])
  })

  it('picks by cumulative weight in proportion to the weights', () => {
    const rng = Rng.from(5)
    const counts = [0, 0, 0]
    for (let i = 0; i < 30_000; i++) counts[rng.weightedCumulative([1, 1, 4])]!++
    assert.ok(Math.abs(counts[2]! / 30_000 - 0.75) < 0.02)
    assert.ok(Math.abs(counts[0]! / 30_000 - 0.25) < 0.02)
  })

  it('hashes long indices without colliding modulo 2^32', () => {
    assert.notEqual(hashInts(1, 5), hashInts(1, 5 + 2 ** 32))
  })
})

describe('ssnForIndex', () => {
  it('gives valid SSA numbers, unique across consumers', () => {
    const seen = new Set<number>()
    for (let i = 0; i < 200_000; i++) {
      const ssn = ssnForIndex(77, i)
      assert.ok(isValidSsn(ssn), `invalid ${ssn}`)
      assert.ok(!seen.has(ssn), `duplicate ${ssn}`)
      seen.add(ssn)
    }
  })

  it('spreads numbers over the areas rather than counting up', () => {
    const areas = new Set(Array.from({ length: 1000 }, (_, i) => Math.floor(ssnForIndex(1, i) / 1_000_000)))
    assert.ok(areas.size > 500)
  })

  it('rejects what SSA never issues', () => {
    for (const bad of [0, 666_12_3456, 900_12_3456, 999_99_9999, 123_00_4567, 123_45_0000, 1_000_000_000]) {
      assert.equal(isValidSsn(bad), false, String(bad))
    }
    assert.equal(isValidSsn(123_45_6789), true)
    assert.equal(isValidSsn(899_99_9999), true)
  })
})
