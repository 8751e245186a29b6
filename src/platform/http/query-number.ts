// A whole number in a query string, as decimal digits only: z.coerce.number() takes whatever Number() takes,
// so `?limit=0x10`, `?limit=1e2` and `?limit= 5` passed as 16, 100 and 5, and `?limit=` was read as 0 and
// refused as "too small" instead of as not a number (DESIGN.md principle 1: bad input gets an error naming it).
import { z } from 'zod'

export function queryInteger(range: { min: number; max?: number }) {
  const n = z
    .number()
    .int()
    .min(range.min)
    .max(range.max ?? Number.MAX_SAFE_INTEGER)
  return z
    .string()
    .regex(/^[0-9]{1,16}$/, 'expected a whole number in decimal digits')
    .transform(Number)
    .pipe(n)
}
