// A refusal of one field that a service finds past the schema, in the shape a schema's refusal has over HTTP
// (README: "A field problem found past the schema (by a service) has the same {path, message} shape in
// details"): the path is the request part then the field, as platform/http/error-handler.ts writes it.
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
