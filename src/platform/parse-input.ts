// Input parsing of the services, which take `unknown` so that the CLI, tests and routes share one check:
// a bad input is invalid_input listing every problem.
import type { z } from 'zod'
import { AppError } from './errors.ts'

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  // The details take the shape of a request's field problems (path, message), whichever edge the input came by.
  const problems = r.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message }))
  const list = problems.map((p) => `${p.path}: ${p.message}`).join('; ')
  throw new AppError('invalid_input', `invalid ${what}: ${list}`, problems)
}
