// A refusal of one field that a service finds past the schema, in the shape a schema's refusal has over HTTP
// (README: "A field problem found past the schema (by a service) has the same {path, message} shape in
// details"): the path is the request part then the field, as platform/http/error-handler.ts writes it.
import type { NationalIdProblem } from '../identity/index.ts'
import { AppError } from '../platform/errors.ts'
import type { FieldProblem } from '../platform/http/index.ts'

/**
 * invalid_input whose details are the one field problem `problem`; `message` is the error's own, which names the
 * field for a reader of the message alone. Anything in `extra` (a machine-readable reason) sits beside the path.
 */
export function fieldRefusal(
  message: string,
  problem: FieldProblem,
  extra: Record<string, string> = {},
): AppError {
  return new AppError('invalid_input', message, [{ ...extra, ...problem }])
}

/**
 * A national ID that parseNationalId refused, at `at` (`body.nationalId` over HTTP): the field at fault is the type
 * when it is unknown, else the number. Its reason (`area`, `checkDigit`, ...) stays beside the path, as
 * `details.reason` said it before the details took the field problems' shape.
 */
export function nationalIdRefusal(
  refused: { reason: NationalIdProblem; message: string },
  at: string,
): AppError {
  const field = refused.reason === 'type' ? 'type' : 'value'
  return fieldRefusal(
    `national ID: ${refused.message}`,
    { path: `${at}.${field}`, message: refused.message },
    { reason: refused.reason },
  )
}
