import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { binAttribute, binIndex, branchlessBinIndex, padCuts } from './bin-attribute.ts'
import {
  DEFAULT_BINNING,
  bestPartition,
  informationValue,
  optimalPartition,
  weightOfEvidence,
  type BinCounts,
  type Trend,
} from './binning.ts'
import { createRng } from './rng.ts'
import type { CategoricalColumn, NumericColumn } from './table.ts'

/** The shape check written independently of the DP: strict, with at most the one allowed turn. */
function follows(woe: readonly number[], trend: Trend): boolean {
  const d = woe.slice(1).map((w, k) => Math.sign(w - woe[k]!))
  if (d.includes(0)) return false
  const up = trend === 'ascending' || trend === 'peak' ? 1 : -1
  if (trend === 'ascending' || trend === 'descending') return d.every((s) => s === up)
  const turn = d.findIndex((s) => s !== up)
  return turn < 0 || d.slice(turn).every((s) => s === -up)
}

/** Every contiguous partition of the fine bins, the best IV among those that satisfy the constraints. */
function bruteForce(c: BinCounts, trend: Trend): number | undefined {
  const f = c.goods.length
  let best: number | undefined
  for (let mask = 0; mask < 1 << (f - 1); mask++) {
    const bins: { g: number; b: number }[] = [{ g: 0, b: 0 }]
    for (let k = 0; k < f; k++) {
      bins[bins.length - 1]!.g += c.goods[k]!
      bins[bins.length - 1]!.b += c.bads[k]!
      if (k < f - 1 && mask & (1 << k)) bins.push({ g: 0, b: 0 })
    }
    if (bins.some((x) => x.g + x.b < c.minCount)) continue
    const woe = bins.map((x) => weightOfEvidence(x.g, x.b, c.totalGoods, c.totalBads, c.smoothing))
    if (!follows(woe, trend)) continue
    const iv = bins.reduce(
      (s, x) => s + informationValue(x.g, x.b, c.totalGoods, c.totalBads, c.smoothing),
      0,
    )
    if (best === undefined || iv > best) best = iv
  }
  return best
}

function randomCounts(seed: number): BinCounts {
  const rng = createRng(seed)
  const f = 1 + rng.int(10)
  const goods = Array.from({ length: f }, () => (rng.next() < 0.1 ? 0 : rng.int(60)))
  const bads = Array.from({ length: f }, () => (rng.next() < 0.2 ? 0 : rng.int(25)))
  const totalGoods = goods.reduce((s, v) => s + v, 0) + 1 + rng.int(20)
  const totalBads = bads.reduce((s, v) => s + v, 0) + 1 + rng.int(10)
  const minCount = rng.int(50)
  return { goods, bads, totalGoods, totalBads, minCount, smoothing: rng.next() < 0.5 ? 0.5 : 0.1 }
}

describe('optimalPartition', () => {
  it('finds the brute-force optimum IV under every trend, on 300 random small cases', () => {
    let feasible = 0
    for (let seed = 1; seed <= 300; seed++) {
      const c = randomCounts(seed)
      for (const trend of ['ascending', 'descending', 'peak', 'valley'] as const) {
        const expected = bruteForce(c, trend)
        const got = optimalPartition(c, trend)
        if (expected === undefined) {
          assert.equal(got, undefined, `seed ${seed} ${trend}: no feasible partition, DP found one`)
          continue
        }
        feasible++
        assert.ok(got, `seed ${seed} ${trend}: DP found none, brute force ${expected}`)
        assert.ok(
          Math.abs(got.iv - expected) < 1e-12,
          `seed ${seed} ${trend}: DP ${got.iv} != brute force ${expected}`,
        )
        // The partition returned is itself feasible and worth what it claims.
        assert.ok(
          follows(got.woe, trend),
          `seed ${seed} ${trend}: returned WoE ${got.woe.join(' ')} breaks the trend`,
        )
        let start = 0
        let iv = 0
        for (const end of got.ends) {
          let g = 0
          let b = 0
          for (let k = start; k < end; k++) {
            g += c.goods[k]!
            b += c.bads[k]!
          }
          assert.ok(g + b >= c.minCount)
          iv += informationValue(g, b, c.totalGoods, c.totalBads, c.smoothing)
          start = end
        }
        assert.equal(start, c.goods.length)
        assert.ok(Math.abs(iv - got.iv) < 1e-12)
      }
    }
    assert.ok(feasible > 500, `only ${feasible} feasible cases: the generator tests too little`)
  })

  it('keeps the better of ascending and descending under "monotone", and a turn under "auto" only when it pays', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const c = randomCounts(seed)
      const asc = bruteForce(c, 'ascending') ?? -1
      const desc = bruteForce(c, 'descending') ?? -1
      const mono = bestPartition(c, 'monotone', 0)
      if (asc >= 0 || desc >= 0) assert.ok(Math.abs(mono.iv - Math.max(asc, desc)) < 1e-12)
      const turned = Math.max(bruteForce(c, 'peak') ?? -1, bruteForce(c, 'valley') ?? -1)
      const auto = bestPartition(c, 'auto', 0.1)
      if (turned > Math.max(asc, desc) * 1.1 && turned >= 0) assert.ok(Math.abs(auto.iv - turned) < 1e-12)
      else if (asc >= 0 || desc >= 0) assert.ok(Math.abs(auto.iv - mono.iv) < 1e-12)
    }
  })

  it('gives a bin without bads a finite WoE (smoothing)', () => {
    const w = weightOfEvidence(40, 0, 100, 50, 0.5)
    assert.ok(Number.isFinite(w))
    assert.ok(Math.abs(w - Math.log(40.5 / 100 / (0.5 / 50))) < 1e-12)
  })
})

describe('branchlessBinIndex', () => {
  it('counts the cuts at or below x exactly as a binary search does', () => {
    const rng = createRng(5)
    for (let trial = 0; trial < 200; trial++) {
      const cuts = [...new Set(Array.from({ length: rng.int(40) }, () => rng.int(100)))].sort((a, b) => a - b)
      const padded = padCuts(cuts)
      for (let k = 0; k < 50; k++) {
        const x = rng.int(110) - 5 + (rng.next() < 0.5 ? 0 : 0.5)
        assert.equal(branchlessBinIndex(padded, x), binIndex(cuts, x), `cuts ${cuts.join(',')} x ${x}`)
      }
    }
  })
})

describe('binAttribute', () => {
  const rng = createRng(11)
  const n = 5000
  const values = new Float64Array(n)
  const target = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const x = rng.next() * 100
    values[i] = i % 25 === 0 ? Number.NaN : Math.round(x)
    target[i] = rng.next() < 1 / (1 + Math.exp(-(-2 + (50 - x) / 20))) ? 1 : 0
  }

  it('bins a numeric attribute monotonically, each bin over the minimum share, missing values apart', () => {
    const column: NumericColumn = { kind: 'numeric', name: 'x', values }
    const b = binAttribute(column, target, DEFAULT_BINNING)
    const ranges = b.bins.filter((x) => x.kind === 'range')
    const missing = b.bins[b.bins.length - 1]!
    assert.equal(missing.kind, 'missing')
    assert.equal(missing.count, n / 25)
    assert.ok(ranges.length >= 3)
    for (const r of ranges) assert.ok(r.count >= 0.05 * n)
    assert.equal(b.trend, 'ascending')
    for (let k = 1; k < ranges.length; k++) assert.ok(ranges[k]!.woe > ranges[k - 1]!.woe)
    assert.ok(Math.abs(b.iv - b.bins.reduce((s, x) => s + x.iv, 0)) < 1e-12)
    // Row bins agree with the cuts.
    const cuts = ranges.slice(0, -1).map((r) => (r.kind === 'range' ? r.upper! : 0))
    for (let i = 0; i < n; i++) {
      const expected = Number.isNaN(values[i]!) ? b.bins.length - 1 : binIndex(cuts, values[i]!)
      assert.equal(b.rowBins[i], expected)
    }
    assert.equal(
      b.bins.reduce((s, x) => s + x.count, 0),
      n,
    )
  })

  it('pools rare levels into "other", orders levels from safest to riskiest, and keeps missing apart', () => {
    const levels = ['A', 'B', 'C', 'rare1', 'rare2']
    const codes = new Int32Array(n)
    for (let i = 0; i < n; i++) {
      const x = values[i]!
      const m = i % 100
      codes[i] =
        m >= 1 && m <= 3
          ? 3
          : m >= 4 && m <= 6
            ? 4
            : m === 7
              ? -1
              : Number.isNaN(x)
                ? 0
                : x < 30
                  ? 2
                  : x < 60
                    ? 1
                    : 0
    }
    const column: CategoricalColumn = { kind: 'categorical', name: 'c', codes, levels }
    const b = binAttribute(column, target, DEFAULT_BINNING)
    const body = b.bins.slice(0, -1)
    assert.equal(b.bins[b.bins.length - 1]!.kind, 'missing')
    assert.equal(b.bins[b.bins.length - 1]!.count, n / 100)
    const other = body.filter((x) => x.kind === 'levels' && x.other)
    assert.equal(other.length, 1)
    assert.deepEqual(other[0]!.kind === 'levels' ? [...other[0]!.levels].sort() : [], ['rare1', 'rare2'])
    for (let k = 1; k < body.length; k++) assert.ok(body[k]!.woe < body[k - 1]!.woe)
    assert.deepEqual(
      body.filter((x) => x.kind === 'levels' && !x.other).map((x) => x.label),
      ['A', 'B', 'C'],
    )
  })

  it('joins an "other" bin below the minimum share to its neighbour in risk order', () => {
    const levels = ['A', 'B', 'rare']
    const codes = new Int32Array(n)
    for (let i = 0; i < n; i++)
      codes[i] = i % 50 === 0 ? 2 : Number.isNaN(values[i]!) || values[i]! >= 50 ? 0 : 1
    const b = binAttribute({ kind: 'categorical', name: 'c', codes, levels }, target, DEFAULT_BINNING)
    const body = b.bins.slice(0, -1)
    assert.equal(body.length, 2)
    const pooled = body.find((x) => x.kind === 'levels' && x.other)
    assert.ok(
      pooled && pooled.kind === 'levels' && pooled.levels.includes('rare') && pooled.levels.length === 2,
    )
    for (const x of body) assert.ok(x.count >= 0.05 * n)
  })

  it('bins an attribute that is always missing into a neutral range and a missing bin', () => {
    const column: NumericColumn = {
      kind: 'numeric',
      name: 'empty',
      values: new Float64Array(n).fill(Number.NaN),
    }
    const b = binAttribute(column, target, DEFAULT_BINNING)
    assert.equal(b.bins.length, 2)
    assert.equal(b.bins[0]!.woe, 0)
    assert.equal(b.bins[1]!.count, n)
  })
})
