// CSPRNG bytes drawn from a pool, each slice handed out once: one randomBytes call (one getrandom system call)
// per 64 KiB instead of one per draw. A bulk load draws millions of IVs and data keys; every audit event draws
// a salt, and on the benchmark's virtual machine each getrandom cost about 19 µs (a profile of the server in
// bench/steps/http.ts, 2026-12-06): a report's two salts were 2 % of its server CPU at one client.
import { randomBytes } from 'node:crypto'

const POOL_BYTES = 1 << 16
let pool = Buffer.alloc(0)
let next = 0

/**
 * `n` fresh random bytes (at most 64 KiB), never handed out before. The slice is a view of the pool: a pool
 * is replaced, never written again, so the bytes stay as they are for as long as the caller holds them.
 */
export function randomSlice(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0 || n > POOL_BYTES) throw new RangeError(`cannot draw ${n} random bytes`)
  if (next + n > pool.length) {
    pool = randomBytes(POOL_BYTES)
    next = 0
  }
  const slice = pool.subarray(next, next + n)
  next += n
  return slice
}
