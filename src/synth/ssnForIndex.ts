// Unique, valid US Social Security Numbers for synthetic consumers, by index, without a table.
//
// SSA rules (POMS RM 10201.060; SSN randomisation, 2011): area 001-899 except 666, group 01-99, serial
// 0001-9999. That is 898 * 99 * 9999 = 888,931,098 valid numbers. Index i maps through a keyed Feistel
// permutation of [0, 2^30) with cycle-walking into [0, that count), then to (area, group, serial): a bijection,
// so two consumers never share a number, and any consumer's SSN is found in O(1).
import { hashInts } from './rng.ts'

const AREAS = 898
const GROUPS = 99
const SERIALS = 9999
export const VALID_SSN_COUNT = AREAS * GROUPS * SERIALS
const HALF_BITS = 15
const HALF_MASK = (1 << HALF_BITS) - 1
const ROUNDS = 4

function feistel(x: number, key: number): number {
  let left = (x >>> HALF_BITS) & HALF_MASK
  let right = x & HALF_MASK
  for (let r = 0; r < ROUNDS; r++) {
    const next = left ^ (hashInts(key, r, right) & HALF_MASK)
    left = right
    right = next
  }
  return ((left << HALF_BITS) | right) >>> 0
}

/** The SSN (as the 9-digit number the Metro 2 field holds) of consumer `index` in population `seed`. */
export function ssnForIndex(seed: number, index: number): number {
  if (!Number.isInteger(index) || index < 0 || index >= VALID_SSN_COUNT) {
    throw new RangeError(`consumer index out of range: ${index}`)
  }
  // Cycle-walking: the permutation of [0, 2^30) restricted to [0, VALID_SSN_COUNT) stays a permutation.
  let v = feistel(index, seed)
  while (v >= VALID_SSN_COUNT) v = feistel(v, seed)
  const serial = (v % SERIALS) + 1
  const rest = Math.floor(v / SERIALS)
  const group = (rest % GROUPS) + 1
  let area = Math.floor(rest / GROUPS) + 1
  if (area >= 666) area++
  return area * 1_000_000 + group * 10_000 + serial
}

/** SSA validity of a 9-digit SSN: area not 000, 666 or 900-999; group not 00; serial not 0000. */
export function isValidSsn(ssn: number): boolean {
  if (!Number.isInteger(ssn) || ssn <= 0 || ssn > 999_999_999) return false
  const area = Math.floor(ssn / 1_000_000)
  const group = Math.floor(ssn / 10_000) % 100
  const serial = ssn % 10_000
  return area !== 0 && area !== 666 && area < 900 && group !== 0 && serial !== 0
}
