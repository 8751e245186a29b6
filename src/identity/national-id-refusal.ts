// A national ID that parseNationalId refused, as the field problem a schema's refusal is over HTTP (README: "A
// field problem found past the schema (by a service) has the same {path, message} shape in details"). Every
// service that takes a national ID (enrolment, reports, consents) refuses a bad one in this one shape.
import { AppError } from '../platform/errors.ts'
import type { NationalIdProblem } from './national-id.ts'

/**
 * invalid_input for a refused national ID at `at` (`body.nationalId` over HTTP): the field at fault is the type when
 * it is unknown, else the number. Its reason (`area`, `checkDigit`, ...) stays beside the path for machines.
 */
export function nationalIdRefusal(
  refused: { reason: NationalIdProblem; message: string },
  at: string,
): AppError {
  const field = refused.reason === 'type' ? 'type' : 'value'
  return new AppError('invalid_input', `national ID: ${refused.message}`, [
    { reason: refused.reason, path: `${at}.${field}`, message: refused.message },
  ])
}
