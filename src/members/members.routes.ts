// HTTP for the operator's register of members and their API keys; a member may read itself.
import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { AppError } from '../platform/errors.ts'
import {
  errorBodySchema,
  requirePrincipal,
  security,
  type Principal,
  type RoutePlugin,
} from '../platform/http/index.ts'
import {
  keyLabelSchema,
  memberIdSchema,
  memberSchema,
  newMemberSchema,
  newMetro2IdsSchema,
} from './members.model.ts'
import type { MembersService } from './members.service.ts'

const errors = (...codes: (400 | 401 | 403 | 404 | 409)[]) =>
  Object.fromEntries(codes.map((c) => [c, errorBodySchema])) as Record<number, typeof errorBodySchema>
const idParams = z.object({ id: memberIdSchema })
// The CLI tells a whole key from its id (members.cli.ts); the route says the same rather than a bare pattern.
const keyParams = z.object({
  keyId: z
    .string()
    .refine((id) => !id.startsWith('ob_'), {
      error: 'that is a whole API key, not its id: the id is the 12 characters after "ob_"',
      abort: true,
    })
    .regex(/^[a-z0-9]{12}$/, 'a key id is 12 characters of a-z and 0-9'),
})
const keyInfo = z.object({
  keyId: z.string(),
  memberId: z.string(),
  label: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
})
const newKey = z
  .object({ key: z.string().describe('shown once: only its hash is stored'), info: keyInfo })
  .meta({ id: 'NewApiKey' })

export function requireOperator(request: FastifyRequest): Principal {
  const p = requirePrincipal(request)
  if (p.kind !== 'operator') throw new AppError('forbidden', 'requires the operator role')
  return p
}

export function membersRoutes(members: MembersService): RoutePlugin {
  return async (app) => {
    const member = memberSchema.meta({ id: 'Member' })
    app.post(
      '/v1/members',
      {
        schema: {
          summary: 'Register a member (operator)',
          tags: ['members'],
          security: security.member,
          body: newMemberSchema,
          response: { 201: member, ...errors(400, 401, 403, 409) },
        },
      },
      async (request, reply) => {
        requireOperator(request)
        return reply.code(201).send(await members.add(request.body))
      },
    )
    app.get(
      '/v1/members',
      {
        schema: {
          summary: 'List members (operator)',
          tags: ['members'],
          security: security.member,
          response: { 200: z.array(member), ...errors(401, 403) },
        },
      },
      async (request) => {
        requireOperator(request)
        return members.list()
      },
    )
    app.get(
      '/v1/members/me',
      {
        schema: {
          summary: 'The calling member',
          tags: ['members'],
          security: security.member,
          response: { 200: member, ...errors(401, 403, 404) },
        },
      },
      async (request) => {
        const p = requirePrincipal(request)
        if (p.kind === 'consumer') throw new AppError('forbidden', 'members only')
        return members.get(p.id)
      },
    )
    app.get(
      '/v1/members/:id',
      {
        schema: {
          summary: 'One member (operator)',
          tags: ['members'],
          security: security.member,
          params: idParams,
          response: { 200: member, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        requireOperator(request)
        return members.get(request.params.id)
      },
    )
    for (const action of ['suspend', 'reactivate'] as const) {
      app.post(
        `/v1/members/:id/${action}`,
        {
          schema: {
            summary: `${action === 'suspend' ? 'Suspend' : 'Reactivate'} a member (operator)`,
            tags: ['members'],
            security: security.member,
            params: idParams,
            response: { 200: member, ...errors(400, 401, 403, 404, 409) },
          },
        },
        async (request) => {
          requireOperator(request)
          return action === 'suspend'
            ? members.suspend(request.params.id)
            : members.reactivate(request.params.id)
        },
      )
    }
    app.post(
      '/v1/members/:id/metro2-ids',
      {
        schema: {
          summary:
            'Register more Metro 2 identification numbers to a member (operator); those it holds are kept',
          tags: ['members'],
          security: security.member,
          params: idParams,
          body: newMetro2IdsSchema,
          response: { 200: member, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        requireOperator(request)
        return members.addMetro2Ids(request.params.id, request.body.metro2Ids)
      },
    )
    app.post(
      '/v1/members/:id/keys',
      {
        schema: {
          summary: 'Issue an API key for a member (operator); shown once',
          tags: ['members'],
          security: security.member,
          params: idParams,
          body: z.strictObject({ label: keyLabelSchema.optional() }).nullish(),
          response: { 201: newKey, ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        requireOperator(request)
        return reply
          .code(201)
          .send(await members.createApiKey(request.params.id, request.body?.label ?? null))
      },
    )
    app.get(
      '/v1/members/:id/keys',
      {
        schema: {
          summary: "A member's API keys, without secrets (operator)",
          tags: ['members'],
          security: security.member,
          params: idParams,
          response: { 200: z.array(keyInfo), ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        requireOperator(request)
        await members.get(request.params.id)
        return members.apiKeys(request.params.id)
      },
    )
    app.post(
      '/v1/keys/:keyId/rotate',
      {
        schema: {
          summary: 'Replace a key: a new one is issued, the old one revoked (operator)',
          tags: ['members'],
          security: security.member,
          params: keyParams,
          response: { 201: newKey, ...errors(401, 403, 404) },
        },
      },
      async (request, reply) => {
        requireOperator(request)
        return reply.code(201).send(await members.rotateApiKey(request.params.keyId))
      },
    )
    app.delete(
      '/v1/keys/:keyId',
      {
        schema: {
          summary:
            "Revoke a key (operator); not an active operator's last one while no other operator holds one",
          tags: ['members'],
          security: security.member,
          params: keyParams,
          response: { 204: z.null(), ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        requireOperator(request)
        await members.revokeApiKey(request.params.keyId)
        return reply.code(204).send(null)
      },
    )
  }
}
