// The one source of randomness of synth/: sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator, 128-bit
// state, passes PractRand to 2^40+), seeded from integers through a murmur3 finaliser. Nothing here reads the
// clock or Math.random, so a seed gives the same population and the same bytes on every machine.
//
// Streams are derived, not shared: every consumer, account and month draws from `Rng.from(seed, stream, ...)`,
// so generating consumer 7 never depends on how many numbers consumer 6 drew, and any consumer can be
// regenerated alone (random access for `hiddenTraits`, co-borrowers and month-chunked output).

/** murmur3's 32-bit finaliser: a bijection on uint32 with full avalanche. */
export function mix32(x: number): number {
  let h = x >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A uint32 hash of a list of integers (each taken modulo 2^32 after flooring; negatives wrap). */
export function hashInts(...parts: readonly number[]): number {
  let h = 0x9e3779b9
  for (const p of parts) {
    const v = Math.floor(p)
    // Two words per part so that values up to 2^53 (e.g. long indices) do not collide modulo 2^32.
    h = mix32(h ^ (v >>> 0)) + 0x7f4a7c15
    h = mix32(h ^ Math.floor(v / 0x1_0000_0000)) + 0x632be5ab
  }
  return mix32(h)
}

/** A number in [0, 1) that depends only on its arguments. */
export function hashUnit(...parts: readonly number[]): number {
  return hashInts(...parts) / 0x1_0000_0000
}

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  private constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0
    this.b = b | 0
    this.c = c | 0
    this.d = d | 0
    // Warm-up rounds decorrelate nearby seeds (the author recommends 12 for raw seeds; `from` already feeds
    // avalanche-mixed words, so 4 suffice).
    for (let i = 0; i < 4; i++) this.u32()
  }

  /** A generator for one stream: the same parts always give the same sequence. */
  static from(...parts: readonly number[]): Rng {
    const h = hashInts(...parts)
    return new Rng(h, mix32(h ^ 0x243f6a88), mix32(h ^ 0x85a308d3), mix32(h ^ 0x13198a2e))
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 0x1_0000_0000
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1))
  }

  /** Uniform in [min, max). */
  range(min: number, max: number): number {
    return min + this.float() * (max - min)
  }

  chance(p: number): boolean {
    return this.float() < p
  }

  /** Standard normal (Box-Muller; one draw per call keeps the stream easy to reason about). */
  normal(): number {
    const u = 1 - this.float()
    const v = this.float()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  logNormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal())
  }

  /** Poisson by Knuth's product method: the means used here are small (< 10). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean)
    let k = 0
    let p = this.float()
    while (p > limit) {
      k++
      p *= this.float()
    }
    return k
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.float() * items.length)]
    if (item === undefined) throw new RangeError('pick from an empty list')
    return item
  }

  /** An index drawn from running totals of weights (see `cumulative`): a binary search, for long lists. */
  weightedCumulative(totals: readonly number[]): number {
    const r = this.float() * (totals[totals.length - 1] ?? 0)
    let lo = 0
    let hi = totals.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((totals[mid] ?? 0) > r) hi = mid
      else lo = mid + 1
    }
    return lo
  }

  /** An index drawn with the given non-negative weights. */
  weighted(weights: readonly number[]): number {
    let total = 0
    for (const w of weights) total += w
    let r = this.float() * total
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] ?? 0
      if (r < 0) return i
    }
    return weights.length - 1
  }
}

/** Running totals of weights, for `Rng.weightedCumulative`. */
export function cumulative(weights: readonly number[]): number[] {
  let total = 0
  return weights.map((w) => (total += w))
}
