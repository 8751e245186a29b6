// A query parameter that a route does not know is refused by name, as a body's unknown field is (DESIGN.md
// principle 1): `?stauts=pending` must not quietly answer every consent as if no filter had been asked for.
// Applied to the API's routes (/v1/...) as they are added, whatever schema each declares: none means none.
// The same holds for the body of a route that takes none (`POST /v1/me/freeze`): nothing, or `{}`, but a field
// sent there is refused by name rather than ignored. A route that reads an upload (multipart) has no parsed body.
// So every API route can answer 400, and its OpenAPI operation says so, whatever else it declares; as it says
// the other answers the platform gives on every route of a kind (documentCommonAnswers).
import type { FastifyInstance, RouteOptions } from 'fastify'
import { z } from 'zod'
import { errorBodySchema } from './error-handler.ts'

const TAKES_A_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
// An upload route reads its multipart body itself, and answers 415 to any other (openapi.ts documents its part).
export const MULTIPART = 'multipart/form-data'

type ApiRoute = Pick<RouteOptions, 'url' | 'schema' | 'method'> & { config?: unknown }

export function strictQuery(route: ApiRoute): void {
  if (!route.url.startsWith('/v1/')) return
  const query = route.schema?.querystring
  if (query === undefined) route.schema = { ...route.schema, querystring: z.strictObject({}) }
  else if (query instanceof z.ZodObject) route.schema = { ...route.schema, querystring: query.strict() }
  const methods = Array.isArray(route.method) ? route.method : [route.method]
  if (route.schema?.body === undefined && !takesUpload(route) && methods.some((m) => TAKES_A_BODY.has(m)))
    route.schema = { ...route.schema, body: z.strictObject({}).nullish() }
  const response = route.schema?.response as Record<string, unknown> | undefined
  if (response !== undefined && !('400' in response))
    route.schema = { ...route.schema, response: { ...response, 400: errorBodySchema } }
}

/**
 * The answers that the platform, not the route, gives, added to a documented route's responses where it can give
 * them: 401 without a credential (authentication.ts), 413 and 415 for a body too large or of another media type
 * (media-type.ts), 429 past the rate limit. On every route with documented answers, not only the API's: the
 * public keys at /.well-known/jwks.json are limited too (found by probing: 429 undocumented there). A route that
 * declares one of them keeps its own.
 */
export function documentCommonAnswers(route: ApiRoute, rateLimited: boolean): void {
  const response = route.schema?.response as Record<string, unknown> | undefined
  if (response === undefined) return
  const config = (route.config ?? {}) as { public?: unknown; rateLimit?: unknown }
  const statuses = [
    ...(config.public === true ? [] : ['401']),
    ...(route.schema?.body !== undefined || takesUpload(route) ? ['413', '415'] : []),
    ...(rateLimited && config.rateLimit !== false ? ['429'] : []),
  ].filter((status) => !(status in response))
  if (statuses.length === 0) return
  route.schema = {
    ...route.schema,
    response: { ...response, ...Object.fromEntries(statuses.map((s) => [s, errorBodySchema])) },
  }
}

const takesUpload = (route: ApiRoute): boolean =>
  (route.schema as { consumes?: readonly string[] } | undefined)?.consumes?.includes(MULTIPART) ?? false

/**
 * Makes the query of every API route added from now on strict, and documents the platform's answers on it
 * (register before the routes).
 */
export function registerStrictQuery(app: Pick<FastifyInstance, 'addHook'>, rateLimited: boolean): void {
  app.addHook('onRoute', (route) => {
    strictQuery(route)
    documentCommonAnswers(route, rateLimited)
  })
}
