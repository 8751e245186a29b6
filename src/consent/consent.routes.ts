// HTTP for consents, the bureau's public key and the jurisdiction setting: schemas in, a service call, schemas
// out. Everything needs a credential except the JWKS, which lenders fetch to verify artefacts offline.
import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { AppError } from '../platform/errors.ts'
import {
  errorBodySchema,
  queryInteger,
  requirePrincipal,
  security,
  type Principal,
  type RoutePlugin,
} from '../platform/http/index.ts'
import { encodePageCursor, pageCursorSchema } from '../platform/page-cursor.ts'
import { jwksSchema } from './consent-jws.ts'
import { consentRequestSchema } from './consent-terms.ts'
import { actorOf, categorySchema, consentSchema, consentStatusSchema } from './consent.model.ts'
import type { ConsentService } from './consent.service.ts'
import { jurisdictionCodeSchema, jurisdictionProfileSchema } from './jurisdiction.ts'

const receiptSchema = z
  .object({ id: z.uuid(), status: z.literal('pending') })
  .meta({ id: 'ConsentReceipt', description: 'The same answer whether or not the national ID is on file.' })
const idParams = z.object({ id: z.uuid() })
const approveBody = z
  .strictObject({ categories: z.array(categorySchema).min(1).optional() })
  // Fastify hands a bodiless POST to the validator as null.
  .nullish()
  .describe('Optional: the categories approved, a subset of those requested.')
const listQuery = z.object({
  status: consentStatusSchema.optional(),
  limit: queryInteger({ min: 1, max: 500 }).default(100),
  before: pageCursorSchema
    .optional()
    .describe('The `next` of the page before: the consents after its last one, newest first'),
})
const listAnswer = z.object({
  consents: z.array(consentSchema),
  next: z
    .string()
    .optional()
    .describe('There when more consents follow: send it as `before` for the next page'),
})
const currentProfileSchema = z.object({
  code: jurisdictionCodeSchema,
  source: z.enum(['config', 'operator']),
  profile: jurisdictionProfileSchema,
})

const errors = (...codes: (400 | 401 | 403 | 404 | 409 | 422)[]) =>
  Object.fromEntries(codes.map((c) => [c, errorBodySchema])) as Record<number, typeof errorBodySchema>

function requireOperator(request: FastifyRequest): Principal {
  const p = requirePrincipal(request)
  // Only the principal kind says operator: a suspended member keeps its roles but authenticates as a member
  // (server.ts), so its operator role must not count here.
  if (p.kind !== 'operator') throw new AppError('forbidden', 'requires the operator role')
  return p
}

export function consentRoutes(service: ConsentService): RoutePlugin {
  return async (app) => {
    app.get(
      '/.well-known/jwks.json',
      {
        config: { public: true },
        schema: {
          summary: 'The public key that signs consent artefacts (RFC 7517)',
          tags: ['consent'],
          response: { 200: jwksSchema },
        },
      },
      async () => service.jwks(),
    )

    app.post(
      '/v1/consents',
      {
        schema: {
          summary: 'Ask a consumer for consent (member)',
          description:
            'Always 202 with an id: the answer does not reveal whether the national ID is on file. The consent appears in the member’s list once the consumer approves or rejects it.',
          tags: ['consent'],
          security: security.member,
          body: consentRequestSchema,
          response: { 202: receiptSchema, ...errors(400, 401, 403, 422) },
        },
      },
      async (request, reply) =>
        reply.code(202).send(await service.request(requirePrincipal(request), request.body)),
    )

    app.post(
      '/v1/consents/:id/approve',
      {
        schema: {
          summary: 'Approve a pending consent, possibly for fewer categories (consumer)',
          tags: ['consent'],
          security: security.consumer,
          params: idParams,
          body: approveBody,
          response: { 200: consentSchema, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request) =>
        service.approve(requirePrincipal(request), request.params.id, request.body?.categories),
    )

    for (const action of ['reject', 'pause', 'resume', 'revoke'] as const) {
      app.post(
        `/v1/consents/:id/${action}`,
        {
          schema: {
            summary: `${action[0]!.toUpperCase()}${action.slice(1)} a consent (${action === 'revoke' ? 'consumer or member' : 'consumer'})`,
            tags: ['consent'],
            security: action === 'revoke' ? security.any : security.consumer,
            params: idParams,
            response: { 200: consentSchema, ...errors(400, 401, 403, 404, 409) },
          },
        },
        async (request) => service[action](requirePrincipal(request), request.params.id),
      )
    }

    app.get(
      '/v1/consents',
      {
        schema: {
          summary: 'The caller’s consents: a consumer’s own, or those granted to a member',
          description:
            'Newest first: a consumer’s by when it was requested, a member’s by when the consumer decided (approved or rejected), so an older request decided later comes first. Paged: `next`, when there, is the `before` of the following page.',
          tags: ['consent'],
          security: security.any,
          querystring: listQuery,
          response: { 200: listAnswer, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const { items, last } = await service.list(requirePrincipal(request), request.query)
        return { consents: items, ...(last === undefined ? {} : { next: encodePageCursor(last) }) }
      },
    )

    app.get(
      '/v1/consents/:id',
      {
        schema: {
          summary: 'One consent artefact with its JWS; not found and not yours look the same',
          tags: ['consent'],
          security: security.any,
          params: idParams,
          response: { 200: consentSchema, ...errors(400, 401, 404) },
        },
      },
      async (request) => service.get(requirePrincipal(request), request.params.id),
    )

    app.get(
      '/v1/settings/jurisdiction',
      {
        schema: {
          summary: 'The jurisdiction profile in force (operator)',
          tags: ['settings'],
          security: security.member,
          response: { 200: currentProfileSchema, ...errors(401, 403) },
        },
      },
      async (request) => {
        requireOperator(request)
        return service.currentProfile()
      },
    )

    app.put(
      '/v1/settings/jurisdiction',
      {
        schema: {
          summary: 'Choose the jurisdiction profile (operator)',
          tags: ['settings'],
          security: security.member,
          body: z.strictObject({ code: jurisdictionCodeSchema }),
          response: { 200: currentProfileSchema, ...errors(400, 401, 403) },
        },
      },
      async (request) => service.setProfile(request.body.code, actorOf(requireOperator(request))),
    )
  }
}
