// A whole number in a query string, as decimal digits only: z.coerce.number() takes whatever Number() takes,
// so `?limit=0x10`, `?limit=1e2` and `?limit= 5` passed as 16, 100 and 5, and `?limit=` was read as 0 and
// refused as "too small" instead of as not a number (DESIGN.md principle 1: bad input gets an error naming it).
// A whole number out of range is named as such, not as "not a whole number": a probe had `?before=` with 20
// digits and `?limit=-1` both told "expected a whole number in decimal digits".
import { z } from 'zod'

const DIGITS = /^[0-9]+$/

/** What is wrong with `text` as a whole number from `min` to `max`, or undefined when nothing is. */
export function queryIntegerProblem(text: string, min: number, max: number): string | undefined {
  if (!/^-?[0-9]+$/.test(text)) return 'expected a whole number in decimal digits'
  // Compared exactly, however many digits: past 2^53 a Number is no longer the number written.
  const n = BigInt(text)
  if (n < BigInt(min)) return `too small: must be at least ${min}`
  if (n > BigInt(max)) return `too large: must be at most ${max}`
  if (!DIGITS.test(text)) return 'expected a whole number in decimal digits, without a sign'
  return undefined
}

export function queryInteger(range: { min: number; max?: number }) {
  const { min } = range
  const max = range.max ?? Number.MAX_SAFE_INTEGER
  return z
    .string()
    .superRefine((text, ctx) => {
      const problem = queryIntegerProblem(text, min, max)
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem })
    })
    .meta({ pattern: DIGITS.source })
    .transform(Number)
}
