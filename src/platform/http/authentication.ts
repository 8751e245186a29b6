// Authentication by default (DESIGN.md principle 2 starts here: no anonymous read of anything): every route
// needs a principal unless its config says `public: true`. The platform only asks `authenticate`; which
// credentials exist (API keys, consumer sessions) is the domain's business.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError } from '../errors.ts'
import type { Authenticate } from './principal.ts'

/** Public routes, and the not-found answer: an unknown path reveals nothing worth a credential. */
export function isPublicRoute(request: FastifyRequest): boolean {
  return request.is404 || request.routeOptions.config.public === true
}

export function registerAuthentication(app: FastifyInstance, authenticate: Authenticate): void {
  app.decorateRequest('principal', undefined)
  app.addHook('onRequest', async (request) => {
    if (!isPublicRoute(request)) request.principal = await authenticate(request)
    // An unknown path needs no credential, but one presented names the caller: its 404s count against its own
    // rate limit, not its address's, which every anonymous caller there shares (consumer sign-in, the JWKS;
    // found by probing: a member's 6,000 wrong paths locked them all out for a minute).
    else if (request.is404 && request.headers.authorization !== undefined)
      request.principal = await authenticate(request)
  })
  // Refused here rather than in onRequest: the rate limiter (a route-level onRequest hook, so it runs after
  // the application's) must first count the attempt, per IP when there is no principal, so that guessing
  // credentials is throttled; and this still comes before the body is read.
  app.addHook('preParsing', async (request) => {
    if (!isPublicRoute(request) && request.principal === undefined) {
      throw new AppError('unauthenticated', credentialProblem(request)?.message ?? 'authentication required')
    }
  })
}

/** The answer to a token that is no live key or session, whichever it is (RFC 6750 §3.1 invalid_token). */
export const INVALID_CREDENTIAL = 'the key or session token is not valid'

/** RFC 6750 §2.1: `Bearer`, one or more spaces, then a b64token. */
const BEARER = /^bearer(?: +|$)/i
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/

/**
 * What is wrong with the credential of a request that `authenticate` did not take, in RFC 6750 §3.1's terms:
 * `invalid_request` for an Authorization header that is not `Bearer <token>`, `invalid_token` for a token that is
 * no live key or session. Which one of unknown, revoked, expired or cut short is not said: that would tell a
 * guesser which keys exist. Undefined when no credential was presented, which §3.1 answers without an error code.
 * Nothing of the header is repeated: a key sent without its scheme would stand whole in the answer and the log.
 */
export function credentialProblem(
  request: FastifyRequest,
): { error: 'invalid_request' | 'invalid_token'; message: string } | undefined {
  const header = request.headers.authorization
  if (header === undefined) return undefined
  const malformed = (why: string) => ({
    error: 'invalid_request' as const,
    message: `the Authorization header must be \`Bearer <API key or session token>\`: ${why}`,
  })
  if (!BEARER.test(header)) return malformed('it does not start with the Bearer scheme')
  const token = header.replace(BEARER, '').trim()
  if (token === '') return malformed('no token follows Bearer')
  if (!B64TOKEN.test(token)) return malformed('the token holds a character no key or session token has')
  return { error: 'invalid_token', message: INVALID_CREDENTIAL }
}

/**
 * The WWW-Authenticate value of a 401 (RFC 6750 §3): the scheme, and the error when a credential was presented. A
 * public route's 401 (a refused consumer sign-in) says nothing of a credential it never read.
 */
export function bearerChallenge(request: FastifyRequest): string {
  const problem = isPublicRoute(request) ? undefined : credentialProblem(request)
  // The messages hold no `"` or `\`, which error_description may not (RFC 6750 §3).
  return problem === undefined
    ? 'Bearer'
    : `Bearer error="${problem.error}", error_description="${problem.message}"`
}
