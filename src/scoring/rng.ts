// A small seeded pseudo-random generator, so that train/test splits, tests and benchmarks are reproducible
// from a seed (a model card records the seed of its split). Mulberry32 for uniforms, Box-Muller for normals:
// fast and good enough for sampling; never for anything secret.
export interface Rng {
  /** Uniform on [0, 1). */
  next(): number
  /** Uniform integer on [0, n). */
  int(n: number): number
  /** Standard normal. */
  normal(): number
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0
  let spare = Number.NaN
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal() {
      if (!Number.isNaN(spare)) {
        const s = spare
        spare = Number.NaN
        return s
      }
      const u = 1 - next()
      const r = Math.sqrt(-2 * Math.log(u))
      const a = 2 * Math.PI * next()
      spare = r * Math.sin(a)
      return r * Math.cos(a)
    },
  }
}

/** Fisher-Yates shuffle in place. */
export function shuffleInPlace(values: Int32Array, rng: Rng): Int32Array {
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.int(i + 1)
    const t = values[i]!
    values[i] = values[j]!
    values[j] = t
  }
  return values
}
