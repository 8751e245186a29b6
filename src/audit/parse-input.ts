// Input of the audit module's use cases checked against a schema, every problem named in one AppError.
import type { z } from 'zod'
import { AppError } from '../platform/errors.ts'

export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  const list = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
  throw new AppError('invalid_input', `invalid ${what}: ${list}`, r.error.issues)
}
