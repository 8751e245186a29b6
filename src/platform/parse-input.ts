// Input parsing of the services, which take `unknown` so that the CLI, tests and routes share one check:
// a bad input is invalid_input listing every problem.
import type { z } from 'zod'
import { AppError } from './errors.ts'

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  const list = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
  throw new AppError('invalid_input', `invalid ${what}: ${list}`, r.error.issues)
}
