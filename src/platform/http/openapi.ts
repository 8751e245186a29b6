// The OpenAPI 3.1 document, generated from the zod schemas of the routes (DESIGN.md "Interfaces"), served
// at /openapi.json with interactive docs at /docs. Both are public.
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance, FastifySchema } from 'fastify'
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod'
import { MULTIPART } from './strict-query.ts'

export const DOCS_PREFIX = '/docs'

/** Names of the security schemes, for a route's `schema.security`. */
export const MEMBER_API_KEY = 'memberApiKey'
export const CONSUMER_SESSION = 'consumerSession'

/** Ready-made `schema.security` values; the document's default is either credential. */
export const security = {
  member: [{ [MEMBER_API_KEY]: [] }],
  consumer: [{ [CONSUMER_SESSION]: [] }],
  any: [{ [MEMBER_API_KEY]: [] }, { [CONSUMER_SESSION]: [] }],
  none: [],
} as const satisfies Record<string, readonly Record<string, readonly string[]>[]>

export interface ApiInfo {
  title: string
  version: string
  description?: string
}

const zodTransform = createJsonSchemaTransform({ skipList: [] })
const zodTransformObject = createJsonSchemaTransformObject({})

const UPLOAD_BODY = {
  type: 'object',
  required: ['file'],
  properties: { file: { type: 'string', format: 'binary', description: 'The file, as its one part' } },
}

type Document = ReturnType<typeof zodTransformObject>
type Operation = { requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> } }

// @fastify/swagger marks every request body required; one whose schema also takes null (a route whose body is
// optional, or that takes none: strict-query.ts) is not.
function optionalBodiesNotRequired(doc: Document): Document {
  const paths = (doc as { paths?: Record<string, Record<string, Operation>> }).paths ?? {}
  for (const operation of Object.values(paths).flatMap((p) => Object.values(p))) {
    const body = operation.requestBody
    const takesNull = Object.values(body?.content ?? {}).some((c) =>
      ((c.schema as { anyOf?: { type?: unknown }[] } | undefined)?.anyOf ?? []).some(
        (s) => s.type === 'null',
      ),
    )
    if (body !== undefined && takesNull) body.required = false
  }
  return doc
}

export async function registerOpenApi(app: FastifyInstance, info: ApiInfo): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info,
      components: {
        securitySchemes: {
          // RFC 6750 bearer tokens; operators use API keys too.
          [MEMBER_API_KEY]: {
            type: 'http',
            scheme: 'bearer',
            description: 'API key of a member institution',
          },
          [CONSUMER_SESSION]: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'session token',
            description: 'Session token of a signed-in consumer',
          },
        },
      },
      security: [{ [MEMBER_API_KEY]: [] }, { [CONSUMER_SESSION]: [] }],
    },
    // A public route says so in the document too, unless it already states its own security.
    transform: (document) => {
      const out = zodTransform(document)
      // A route without any schema comes back with `schema: undefined`.
      const schema = out.schema as (FastifySchema & { security?: unknown; consumes?: string[] }) | undefined
      // An upload route has no body schema (it reads the stream itself): its one file part, for the document only.
      if (schema?.consumes?.includes(MULTIPART) && schema.body === undefined)
        return { ...out, schema: { ...schema, body: UPLOAD_BODY } }
      if (document.route.config?.public === true && schema?.security === undefined) {
        return { ...out, schema: { ...schema, security: [] } }
      }
      return out
    },
    transformObject: (input) => optionalBodiesNotRequired(zodTransformObject(input)),
  })

  app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, () => app.swagger())

  // Scoped so that only the docs' own routes (page, assets, its copy of the document) become public.
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, public: true }
    })
    await docs.register(swaggerUi, { routePrefix: DOCS_PREFIX })
  })
}
