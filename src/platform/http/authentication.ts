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
      throw new AppError('unauthenticated', 'authentication required')
    }
  })
}
