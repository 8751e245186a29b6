import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fitLogistic } from './logistic.ts'
import { normalPValue } from './normal.ts'
import { createRng } from './rng.ts'

const TRUE_BETA = [-1, 0.8, -0.5, 1.2] as const

/** Columns: a standard normal, a uniform on [0, 10), a 0/1 flag; y drawn from the true model. */
function simulate(n: number, seed: number): { columns: Float64Array[]; y: Uint8Array } {
  const rng = createRng(seed)
  const columns = [new Float64Array(n), new Float64Array(n), new Float64Array(n)]
  const y = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const x = [rng.normal(), rng.next() * 10 - 5, rng.next() < 0.3 ? 1 : 0]
    let eta = TRUE_BETA[0]
    x.forEach((v, j) => {
      columns[j]![i] = v
      eta += TRUE_BETA[j + 1]! * v
    })
    y[i] = rng.next() < 1 / (1 + Math.exp(-eta)) ? 1 : 0
  }
  return { columns, y }
}

/** Standard errors from the analytic Fisher information at the true coefficients: sqrt(diag((X'WX)^-1)). */
function fisherStandardErrors(columns: Float64Array[], beta: readonly number[]): number[] {
  const q = columns.length + 1
  const info = Array.from({ length: q }, () => new Array<number>(q).fill(0))
  const n = columns[0]!.length
  for (let i = 0; i < n; i++) {
    const x = [1, ...columns.map((c) => c[i]!)]
    const eta = x.reduce((s, v, k) => s + v * beta[k]!, 0)
    const p = 1 / (1 + Math.exp(-eta))
    for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) info[a]![b]! += p * (1 - p) * x[a]! * x[b]!
  }
  // Gauss-Jordan inverse.
  const m = info.map((row, i) => [...row, ...Array.from({ length: q }, (_, k) => (k === i ? 1 : 0))])
  for (let c = 0; c < q; c++) {
    const pivot = m[c]![c]!
    for (let k = 0; k < 2 * q; k++) m[c]![k]! /= pivot
    for (let r = 0; r < q; r++) {
      if (r === c) continue
      const f = m[r]![c]!
      for (let k = 0; k < 2 * q; k++) m[r]![k]! -= f * m[c]![k]!
    }
  }
  return Array.from({ length: q }, (_, i) => Math.sqrt(m[i]![q + i]!))
}

describe('fitLogistic', () => {
  it('recovers known coefficients from 200,000 simulated rows, within 4 standard errors', () => {
    const { columns, y } = simulate(200_000, 42)
    const fit = fitLogistic(columns, y)
    assert.ok(fit.converged)
    TRUE_BETA.forEach((b, k) => {
      const err = Math.abs(fit.coefficients[k]! - b)
      assert.ok(
        err < 4 * fit.standardErrors[k]!,
        `beta ${k}: ${fit.coefficients[k]} vs ${b} (se ${fit.standardErrors[k]})`,
      )
      assert.ok(err < 0.05, `beta ${k}: ${fit.coefficients[k]} vs ${b}`)
    })
  })

  it('reports standard errors equal to those of the analytic Fisher information, within 3%', () => {
    const { columns, y } = simulate(50_000, 7)
    const fit = fitLogistic(columns, y)
    const expected = fisherStandardErrors(columns, TRUE_BETA)
    expected.forEach((se, k) => {
      const ratio = fit.standardErrors[k]! / se
      assert.ok(Math.abs(ratio - 1) < 0.03, `se ${k}: ${fit.standardErrors[k]} vs Fisher ${se}`)
    })
  })

  it('reports standard errors that match the spread of estimates over repeated samples', () => {
    const reps = 80
    const estimates: number[][] = TRUE_BETA.map(() => [])
    const reported: number[][] = TRUE_BETA.map(() => [])
    for (let r = 0; r < reps; r++) {
      const { columns, y } = simulate(3000, 1000 + r)
      const fit = fitLogistic(columns, y)
      TRUE_BETA.forEach((_, k) => {
        estimates[k]!.push(fit.coefficients[k]!)
        reported[k]!.push(fit.standardErrors[k]!)
      })
    }
    TRUE_BETA.forEach((_, k) => {
      const e = estimates[k]!
      const mean = e.reduce((s, v) => s + v, 0) / reps
      const sd = Math.sqrt(e.reduce((s, v) => s + (v - mean) ** 2, 0) / (reps - 1))
      const se = reported[k]!.reduce((s, v) => s + v, 0) / reps
      // The sample SD of 80 estimates is itself uncertain by about 1/sqrt(2 x 79) = 8%: allow 3 of those.
      assert.ok(Math.abs(sd / se - 1) < 0.25, `beta ${k}: empirical sd ${sd} vs mean reported se ${se}`)
    })
  })

  it('computes a two-sided normal p-value', () => {
    assert.ok(Math.abs(normalPValue(1.959963985) - 0.05) < 1e-6)
    assert.ok(Math.abs(normalPValue(-2.575829304) - 0.01) < 1e-6)
    assert.equal(normalPValue(0), 1)
  })

  it('stays finite on a duplicated column, adding the smallest ridge that makes the information invertible', () => {
    const { columns, y } = simulate(5000, 3)
    const fit = fitLogistic([columns[0]!, columns[0]!, columns[1]!], y)
    assert.ok(fit.ridge > 0)
    for (const b of fit.coefficients) assert.ok(Number.isFinite(b))
    // The duplicated effect is shared between the two copies.
    assert.ok(Math.abs(fit.coefficients[1]! + fit.coefficients[2]! - TRUE_BETA[1]) < 0.15)
  })

  it('starts from given coefficients and reaches the same optimum', () => {
    const { columns, y } = simulate(20_000, 5)
    const cold = fitLogistic(columns, y)
    const warm = fitLogistic(columns, y, { start: [0.5, 0.5, 0.5, 0.5] })
    cold.coefficients.forEach((b, k) => assert.ok(Math.abs(b - warm.coefficients[k]!) < 1e-6))
  })
})
