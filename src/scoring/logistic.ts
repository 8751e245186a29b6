// Maximum-likelihood logistic regression by Newton-Raphson (equivalently IRLS), with step-halving so the
// log-likelihood never decreases, on columns standardised inside the fit (raw amounts and WoE alike are
// well conditioned) and mapped back to the caller's scale. A singular information matrix (a constant or
// duplicated column) gets the smallest ridge that makes it invertible, reported in the fit.
// Standard errors come from the inverse of the observed information X'WX at the optimum; z = b / se;
// p-values are two-sided under the normal approximation (Wald test).
import { normalPValue } from './normal.ts'
import { createRng } from './rng.ts'

export interface LogisticOptions {
  readonly maxIterations?: number
  /** Converged when no coefficient moves by more than this (standardised scale). */
  readonly tolerance?: number
  /** Coefficients to start from (intercept first, caller's scale), e.g. a previous fit's. */
  readonly start?: ArrayLike<number>
}

export interface LogisticFit {
  /** Intercept first, then one per column. */
  readonly coefficients: Float64Array
  readonly standardErrors: Float64Array
  readonly zScores: Float64Array
  readonly pValues: Float64Array
  readonly logLikelihood: number
  readonly iterations: number
  readonly converged: boolean
  /** The ridge added to the information matrix to invert it (0 when none was needed). */
  readonly ridge: number
}

/** In-place Cholesky factor (lower) of a symmetric q x q matrix; false when it is not positive definite. */
function cholesky(a: Float64Array, q: number): boolean {
  for (let j = 0; j < q; j++) {
    let d = a[j * q + j]!
    for (let k = 0; k < j; k++) d -= a[j * q + k]! * a[j * q + k]!
    if (!(d > 0)) return false
    const l = Math.sqrt(d)
    a[j * q + j] = l
    for (let i = j + 1; i < q; i++) {
      let s = a[i * q + j]!
      for (let k = 0; k < j; k++) s -= a[i * q + k]! * a[j * q + k]!
      a[i * q + j] = s / l
    }
  }
  return true
}

function solveCholesky(l: Float64Array, q: number, b: Float64Array): Float64Array {
  const x = Float64Array.from(b)
  for (let i = 0; i < q; i++) {
    let s = x[i]!
    for (let k = 0; k < i; k++) s -= l[i * q + k]! * x[k]!
    x[i] = s / l[i * q + i]!
  }
  for (let i = q - 1; i >= 0; i--) {
    let s = x[i]!
    for (let k = i + 1; k < q; k++) s -= l[k * q + i]! * x[k]!
    x[i] = s / l[i * q + i]!
  }
  return x
}

/** Factors the information matrix, adding the smallest sufficient ridge; returns the factor and the ridge. */
function factor(h: Float64Array, q: number): { l: Float64Array; ridge: number } {
  let maxDiag = 0
  for (let i = 0; i < q; i++) maxDiag = Math.max(maxDiag, h[i * q + i]!)
  for (let ridge = 0; ; ridge = ridge === 0 ? 1e-10 * (maxDiag || 1) : ridge * 10) {
    const l = Float64Array.from(h)
    for (let i = 0; i < q; i++) l[i * q + i] = l[i * q + i]! + ridge
    if (cholesky(l, q)) return { l, ridge }
  }
}

interface Pass {
  ll: number
  grad: Float64Array
  hess: Float64Array
}

// Rows per block of the information-matrix pass: the block's standardised columns (q x 512 doubles)
// stay in cache while every pair of columns is multiplied over it.
const BLOCK = 512

/**
 * Log-likelihood, gradient and information matrix X'WX at beta, over standardised columns. Rows are taken
 * a block at a time and each (k, l) entry is a dot product over the block: two loads per multiply-add and
 * a register accumulator, about twice as fast as accumulating the matrix row by row.
 */
function passOver(
  columns: readonly Float64Array[],
  y: Uint8Array,
  mean: Float64Array,
  inv: Float64Array,
  beta: Float64Array,
): Pass {
  const n = y.length
  const p = columns.length
  const q = p + 1
  const grad = new Float64Array(q)
  const hess = new Float64Array(q * q)
  const x = new Float64Array(q * BLOCK).fill(1, 0, BLOCK)
  const eta = new Float64Array(BLOCK)
  const w = new Float64Array(BLOCK)
  const resid = new Float64Array(BLOCK)
  const wx = new Float64Array(BLOCK)
  let ll = 0
  for (let start = 0; start < n; start += BLOCK) {
    const size = Math.min(BLOCK, n - start)
    eta.fill(beta[0]!, 0, size)
    for (let j = 0; j < p; j++) {
      const col = columns[j]!
      const m = mean[j]!
      const s = inv[j]!
      const b = beta[j + 1]!
      const off = (j + 1) * BLOCK
      for (let r = 0; r < size; r++) {
        const v = (col[start + r]! - m) * s
        x[off + r] = v
        eta[r] = eta[r]! + b * v
      }
    }
    for (let r = 0; r < size; r++) {
      const e0 = eta[r]!
      const e = Math.exp(-Math.abs(e0))
      const event = y[start + r]!
      ll += (event ? e0 : 0) - (e0 > 0 ? e0 + Math.log1p(e) : Math.log1p(e))
      const prob = e0 >= 0 ? 1 / (1 + e) : e / (1 + e)
      resid[r] = event - prob
      w[r] = prob * (1 - prob)
    }
    for (let k = 0; k < q; k++) {
      const ok = k * BLOCK
      let g = 0
      for (let r = 0; r < size; r++) {
        const v = x[ok + r]!
        g += resid[r]! * v
        wx[r] = w[r]! * v
      }
      grad[k] = grad[k]! + g
      for (let l = k; l < q; l++) {
        const ol = l * BLOCK
        // Four accumulators, so that consecutive additions do not wait on each other.
        let a0 = 0
        let a1 = 0
        let a2 = 0
        let a3 = 0
        let r = 0
        for (; r + 3 < size; r += 4) {
          a0 += wx[r]! * x[ol + r]!
          a1 += wx[r + 1]! * x[ol + r + 1]!
          a2 += wx[r + 2]! * x[ol + r + 2]!
          a3 += wx[r + 3]! * x[ol + r + 3]!
        }
        for (; r < size; r++) a0 += wx[r]! * x[ol + r]!
        hess[k * q + l] = hess[k * q + l]! + (a0 + a1 + (a2 + a3))
      }
    }
  }
  for (let k = 0; k < q; k++) for (let l = 0; l < k; l++) hess[k * q + l] = hess[l * q + k]!
  return { ll, grad, hess }
}

const WARM_START_ROWS = 131_072

/**
 * Coefficients fitted on a seeded random sample of rows: on large data Newton then needs two or three
 * passes over all rows instead of six or seven. It only chooses where the full fit starts; the answer
 * is the optimum on all rows, to the same tolerance.
 */
function warmStart(columns: readonly Float64Array[], y: Uint8Array, maxIterations: number): Float64Array {
  const n = y.length
  const rng = createRng(n)
  const order = new Int32Array(n).map((_, i) => i)
  for (let i = 0; i < WARM_START_ROWS; i++) {
    const j = i + rng.int(n - i)
    const t = order[i]!
    order[i] = order[j]!
    order[j] = t
  }
  const rows = order.subarray(0, WARM_START_ROWS).sort()
  const sample = columns.map((c) => Float64Array.from(rows, (r) => c[r]!))
  return fitLogistic(
    sample,
    Uint8Array.from(rows, (r) => y[r]!),
    { maxIterations, tolerance: 1e-6 },
  ).coefficients
}

export function fitLogistic(
  columns: readonly Float64Array[],
  y: Uint8Array,
  options: LogisticOptions = {},
): LogisticFit {
  const n = y.length
  const p = columns.length
  const q = p + 1
  const maxIterations = options.maxIterations ?? 50
  const tolerance = options.tolerance ?? 1e-8
  const mean = new Float64Array(p)
  const inv = new Float64Array(p)
  columns.forEach((c, j) => {
    let m = 0
    for (let i = 0; i < n; i++) m += c[i]!
    m /= n
    let v = 0
    for (let i = 0; i < n; i++) v += (c[i]! - m) * (c[i]! - m)
    const sd = Math.sqrt(v / n)
    mean[j] = m
    inv[j] = sd > 0 ? 1 / sd : 1
  })
  const pass = (beta: Float64Array): Pass => passOver(columns, y, mean, inv, beta)
  const start = options.start ?? (n > 4 * WARM_START_ROWS ? warmStart(columns, y, maxIterations) : undefined)
  let beta = new Float64Array(q)
  if (start) {
    // Caller's scale to the standardised scale.
    for (let j = 0; j < p; j++) beta[j + 1] = start[j + 1]! / inv[j]!
    beta[0] = start[0]!
    for (let j = 0; j < p; j++) beta[0] = beta[0] + start[j + 1]! * mean[j]!
  }
  let current = pass(beta)
  let iterations = 0
  let converged = false
  let ridge = 0
  while (iterations < maxIterations && !converged) {
    iterations++
    const f = factor(current.hess, q)
    ridge = Math.max(ridge, f.ridge)
    const delta = solveCholesky(f.l, q, current.grad)
    let step = 1
    let accepted = false
    for (let halvings = 0; halvings < 40; halvings++, step /= 2) {
      const trial = beta.map((b, k) => b + step * delta[k]!)
      const next = pass(trial)
      if (next.ll >= current.ll - 1e-12 * Math.abs(current.ll)) {
        const gain = next.ll - current.ll
        beta = trial
        current = next
        accepted = true
        let move = 0
        for (let k = 0; k < q; k++) move = Math.max(move, Math.abs(step * delta[k]!))
        converged = move < tolerance || Math.abs(gain) < 1e-13 * (1 + Math.abs(next.ll))
        break
      }
    }
    if (!accepted) break
  }
  const f = factor(current.hess, q)
  ridge = Math.max(ridge, f.ridge)
  // Covariance on the standardised scale: the inverse information, column by column.
  const cov = new Float64Array(q * q)
  for (let k = 0; k < q; k++) {
    const e = new Float64Array(q)
    e[k] = 1
    const col = solveCholesky(f.l, q, e)
    for (let i = 0; i < q; i++) cov[i * q + k] = col[i]!
  }
  // Back to the caller's scale: b = A b~, with b_0 = b~_0 - sum b~_j m_j / s_j and b_j = b~_j / s_j.
  const a = new Float64Array(q * q)
  a[0] = 1
  for (let j = 0; j < p; j++) {
    a[j + 1] = -mean[j]! * inv[j]!
    a[(j + 1) * q + j + 1] = inv[j]!
  }
  const coefficients = new Float64Array(q)
  for (let i = 0; i < q; i++)
    for (let k = 0; k < q; k++) coefficients[i] = coefficients[i]! + a[i * q + k]! * beta[k]!
  const standardErrors = new Float64Array(q)
  for (let i = 0; i < q; i++) {
    let v = 0
    for (let k = 0; k < q; k++) {
      if (a[i * q + k] === 0) continue
      for (let l = 0; l < q; l++) v += a[i * q + k]! * cov[k * q + l]! * a[i * q + l]!
    }
    standardErrors[i] = Math.sqrt(v)
  }
  const zScores = coefficients.map((b, i) => b / standardErrors[i]!)
  const pValues = zScores.map((z) => normalPValue(z))
  return {
    coefficients,
    standardErrors,
    zScores,
    pValues,
    logLikelihood: current.ll,
    iterations,
    converged,
    ridge,
  }
}
