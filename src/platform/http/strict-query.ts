// A query parameter that a route does not know is refused by name, as a body's unknown field is (DESIGN.md
// principle 1): `?stauts=pending` must not quietly answer every consent as if no filter had been asked for.
// Applied to the API's routes (/v1/...) as they are added, whatever schema each declares: none means none.
import type { FastifyInstance, RouteOptions } from 'fastify'
import { z } from 'zod'

export function strictQuery(route: Pick<RouteOptions, 'url' | 'schema'>): void {
  if (!route.url.startsWith('/v1/')) return
  const query = route.schema?.querystring
  if (query === undefined) route.schema = { ...route.schema, querystring: z.strictObject({}) }
  else if (query instanceof z.ZodObject) route.schema = { ...route.schema, querystring: query.strict() }
}

/** Makes the query of every API route added from now on strict (register before the routes). */
export function registerStrictQuery(app: Pick<FastifyInstance, 'addHook'>): void {
  app.addHook('onRoute', strictQuery)
}
