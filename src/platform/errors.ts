// The one error type of the project (DESIGN.md "Errors"): a closed set of codes, mapped to HTTP status in
// exactly one place. A bad record in ingestion is a result, never an AppError.
export type ErrorCode =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'too_many_requests'
  | 'request_timeout'

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'invalid_input':
      return 400
    case 'unauthenticated':
      return 401
    case 'forbidden':
      return 403
    case 'not_found':
      return 404
    case 'conflict':
      return 409
    case 'unprocessable':
      return 422
    case 'too_many_requests':
      return 429
    case 'request_timeout':
      return 408
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError

/**
 * Whether `e` is a database error with SQLSTATE `state`: PostgreSQL's own (Appendix A, 23505 for a unique
 * violation) or one that `ob_require` raises (OB001, OB002: migrations/0009_require.sql).
 */
export const hasSqlState = (e: unknown, state: string): boolean =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === state
