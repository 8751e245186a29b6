// The one place where errors become HTTP answers (DESIGN.md "Errors"): AppError codes map to status via
// httpStatusOf(), every body carries the request id, unknown errors are logged in full and answered as
// `internal` without details, so that no stack, SQL or secret ever reaches a caller.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { hasSqlState, httpStatusOf, isAppError, type ErrorCode } from '../errors.ts'
import { bearerChallenge } from './authentication.ts'
import { loggedValue } from './logged-text.ts'
import { loggedText } from './request-log.ts'
import { REQUEST_ID_HEADER } from './request-id.ts'
import type { RouteTable } from './route-table.ts'

/** AppError codes, plus the HTTP-level conditions that Fastify and its plugins detect themselves. */
export type HttpErrorCode =
  | ErrorCode
  | 'method_not_allowed'
  | 'not_acceptable'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'request_timeout'
  | 'service_unavailable'
  | 'internal'

// A Record, so that a code added to ErrorCode fails to compile here until the documented enum lists it.
const httpErrorCodes: Record<HttpErrorCode, true> = {
  invalid_input: true,
  unauthenticated: true,
  forbidden: true,
  not_found: true,
  conflict: true,
  unprocessable: true,
  too_many_requests: true,
  method_not_allowed: true,
  not_acceptable: true,
  payload_too_large: true,
  unsupported_media_type: true,
  request_timeout: true,
  service_unavailable: true,
  internal: true,
}

export interface ErrorBody {
  error: { code: HttpErrorCode; message: string; details?: unknown }
  requestId: string
}

/** The error body as a schema, for routes that document their error answers in OpenAPI. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(httpErrorCodes) as [HttpErrorCode, ...HttpErrorCode[]]),
      message: z.string(),
      details: z.unknown().optional(),
    }),
    requestId: z.string(),
  })
  .meta({ id: 'ErrorBody' })

/** One entry per bad field: `path` is the request part then the field, as in `body.amount`. */
export interface FieldProblem {
  path: string
  message: string
}

export function errorBody(
  request: FastifyRequest,
  code: HttpErrorCode,
  message: string,
  details?: unknown,
): ErrorBody {
  return {
    error: details === undefined ? { code, message } : { code, message, details },
    requestId: request.id,
  }
}

// Fastify names the query string part `querystring`; callers know it as the query.
const partNames: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
}

interface ValidationIssue {
  keyword: string
  instancePath: string
  message?: string | undefined
  params: Record<string, unknown>
}

function fieldProblems(context: string | undefined, issues: readonly ValidationIssue[]): FieldProblem[] {
  const part = partNames[context ?? ''] ?? context ?? 'input'
  return issues.flatMap((issue) => {
    const path = [part, ...issue.instancePath.split('/').filter((s) => s !== '')].join('.')
    // A field outside the schema is named itself, not only its parent (DESIGN.md principle 1).
    const keys = issue.params['keys']
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
      return keys.map((key) => ({ path: `${path}.${String(key)}`, message: 'unknown field' }))
    }
    return [{ path, message: issue.message ?? 'invalid value' }]
  })
}

function codeOfStatus(status: number): HttpErrorCode {
  switch (status) {
    case 401:
      return 'unauthenticated'
    case 403:
      return 'forbidden'
    case 404:
      return 'not_found'
    case 405:
      return 'method_not_allowed'
    case 406:
      return 'not_acceptable'
    case 409:
      return 'conflict'
    case 413:
      return 'payload_too_large'
    case 415:
      return 'unsupported_media_type'
    case 422:
      return 'unprocessable'
    case 429:
      return 'too_many_requests'
    default:
      return 'invalid_input'
  }
}

/**
 * A refusal the platform gives with an HTTP status outside AppError's codes (a body too large or of another media
 * type): shown as it is, like the http-errors of Fastify's plugins (`expose`), and mapped by codeOfStatus.
 */
export class HttpClientError extends Error {
  readonly expose = true
  constructor(
    readonly statusCode: 413 | 415,
    message: string,
  ) {
    super(message)
  }
}

/**
 * An error that Fastify or one of its plugins raised about the request itself: FST_* with a 4xx status, or an
 * http-errors 4xx that says it may be shown (`expose`), as @fastify/send raises for the docs' static files (a path
 * outside their root, a NUL, a range past the end).
 */
function isFrameworkClientError(
  error: unknown,
): error is { code?: string; statusCode: number; message: string } {
  if (typeof error !== 'object' || error === null) return false
  const { code, statusCode, expose } = error as { code?: unknown; statusCode?: unknown; expose?: unknown }
  const fromFramework = (typeof code === 'string' && code.startsWith('FST_')) || expose === true
  return fromFramework && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500
}

export function send(reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  // Also here: errors raised before routing never reach the onRequest hook that sets it.
  void reply.header(REQUEST_ID_HEADER, body.requestId)
  // RFC 6750 section 3: a 401 names the scheme the caller should use, and why a credential presented failed.
  if (status === 401) void reply.header('www-authenticate', bearerChallenge(reply.request))
  return reply.code(status).send(body)
}

// The log lines below mask what the caller sent (logged-text.ts); the answers keep it, for the caller sent it.
export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isAppError(error)) {
    request.log.info({ code: error.code }, loggedText(error.message))
    return send(reply, httpStatusOf(error.code), errorBody(request, error.code, error.message, error.details))
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const all = fieldProblems(error.validationContext, error.validation)
    // Named up to a bound, each path cut: a body of 60,000 unknown fields was answered and logged with every
    // one of them, 3 MB a request (found by probing).
    const details = all.slice(0, SHOWN_PROBLEMS).map((d) => ({ ...d, path: shownPath(d.path) }))
    const message =
      all.length > SHOWN_PROBLEMS
        ? `request does not match its schema: ${all.length} problems, the first ${SHOWN_PROBLEMS} named`
        : 'request does not match its schema'
    request.log.info({ code: 'invalid_input', details: loggedValue(details) }, message)
    return send(reply, 400, errorBody(request, 'invalid_input', message, details))
  }
  if (isFrameworkClientError(error)) {
    // A body that is not multipart where a route reads an upload is an unsupported media type (RFC 9110
    // §15.5.16: 415), not a response the caller cannot accept, which @fastify/multipart answers (406).
    const status = error.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' ? 415 : error.statusCode
    const code = codeOfStatus(status)
    // A plugin's message may quote the request (a path, a field name): masked as the URL is.
    request.log.info({ code, frameworkCode: error.code }, loggedText(error.message))
    return send(reply, status, errorBody(request, code, error.message))
  }
  // PostgreSQL refuses NUL in text (SQLSTATE 22021, character_not_in_repertoire), the one character a JSON string
  // may carry that it cannot store; the schemas refuse it where they know the field, this catches the rest.
  if (hasSqlState(error, '22021')) {
    request.log.info({ code: 'invalid_input' }, 'a text value holds NUL')
    return send(
      reply,
      400,
      errorBody(
        request,
        'invalid_input',
        'a text value holds a NUL character (\\u0000), which cannot be stored',
      ),
    )
  }
  // Unknown errors, response serialisation errors (a handler returned what its schema forbids, with the
  // zod issues in `cause`) and Fastify's own 5xx: logged in full, answered without a detail.
  request.log.error({ err: error }, 'internal error')
  return send(reply, 500, errorBody(request, 'internal', 'internal error'))
}

/** A path shown back in a message: cut, since a URL may run to the header limit (found by probing: 3000 bytes). */
export function shownPath(path: string): string {
  return path.length <= SHOWN_PATH ? path : `${path.slice(0, SHOWN_PATH)}…`
}
const SHOWN_PATH = 120
/** The field problems a refusal names at most. */
const SHOWN_PROBLEMS = 50

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? ''
}

/**
 * 404 for a path no route has; 405 with the methods it takes (RFC 9110 §15.5.6) for a path asked wrongly. A known
 * path asked with a method it takes, that still lands here, has nothing there (a static file of the docs that does
 * not exist): 404 too, not a 405 that contradicts its own Allow header (found by probing).
 */
export function notFoundHandlerFor(routes: RouteTable) {
  return (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const path = pathOf(request)
    const allowed = routes.allowed(path)
    if (allowed.length === 0 || allowed.includes(request.method)) {
      const bare = path.replace(/\/+$/, '')
      const hint =
        bare !== path && routes.allowed(bare).length > 0
          ? ` (without the trailing slash: ${shownPath(bare)})`
          : ''
      return send(
        reply,
        404,
        errorBody(request, 'not_found', `no route for ${request.method} ${shownPath(path)}${hint}`),
      )
    }
    void reply.header('allow', allowed.join(', '))
    return send(
      reply,
      405,
      errorBody(
        request,
        'method_not_allowed',
        `${shownPath(path)} takes ${allowed.join(', ')}, not ${request.method}`,
      ),
    )
  }
}

/**
 * Errors that Fastify raises before routing (a malformed URL, a bad header), answered in the same shape. A path
 * parameter longer than the router takes is the caller's bad input, named as a schema names a field (400), not a
 * 414 that echoes the whole URL; a path that no route has is 404 whatever its length.
 */
export function frameworkErrorHandlerFor(routes: RouteTable, maxParamLength: number) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const path = pathOf(request)
    if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
      const long = routes.longParams(path, maxParamLength)
      if (long.length === 0) {
        send(reply, 404, errorBody(request, 'not_found', `no route for ${request.method} ${shownPath(path)}`))
        return
      }
      const details: FieldProblem[] = long.map((p) => ({
        path: `params.${p.name}`,
        message: `${p.length} characters, more than ${maxParamLength}`,
      }))
      request.log.info({ code: 'invalid_input', details }, 'path parameter too long')
      const names = long.map((p) => p.name).join(', ')
      send(
        reply,
        400,
        errorBody(
          request,
          'invalid_input',
          `path parameter ${names} is longer than ${maxParamLength} characters`,
          details,
        ),
      )
      return
    }
    if (error.code === 'FST_ERR_BAD_URL') {
      request.log.info({ code: 'invalid_input', frameworkCode: error.code }, 'malformed path')
      send(
        reply,
        400,
        errorBody(request, 'invalid_input', `the path ${shownPath(path)} is not a valid URL path`),
      )
      return
    }
    errorHandler(error, request, reply)
  }
}
