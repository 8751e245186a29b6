// HTTP for consumers: enrolment and sign-in are public (the caller has no credential yet); the rest needs a
// consumer session. Schemas in, a service call, schemas out.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { AppError } from '../platform/errors.ts'
import { errorBodySchema, requirePrincipal, security, type RoutePlugin } from '../platform/http/index.ts'
import { consumerFileSchema } from './consumer-file.schema.ts'
import {
  enrolledSchema,
  enrolmentAnswersSchema,
  enrolmentSchema,
  enrolmentStartSchema,
  credentialsSchema,
  meSchema,
  passwordChangeSchema,
  sessionSchema,
  sessionsEndedSchema,
} from './consumers.model.ts'
import type { ConsumersService } from './consumers.service.ts'

const errors = (...codes: (400 | 401 | 403 | 404 | 409 | 422 | 429)[]) =>
  Object.fromEntries(codes.map((c) => [c, errorBodySchema])) as Record<number, typeof errorBodySchema>

/** The seconds a 429 of the service asks the caller to wait (start-enrolment.ts), if it says. */
function retryAfterOf(e: unknown): number | undefined {
  if (!(e instanceof AppError) || e.code !== 'too_many_requests') return undefined
  const seconds = (e.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds
  return typeof seconds === 'number' ? seconds : undefined
}

/**
 * Runs `work`; a 429 it throws says in Retry-After how long to wait (RFC 6585 §4: it MAY, and the general rate
 * limiter's does).
 */
async function sayingRetryAfter<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (e) {
    const wait = retryAfterOf(e)
    if (wait !== undefined) void reply.header('retry-after', String(wait))
    throw e
  }
}

/** The bearer token of the request (RFC 6750 section 2.1), '' when there is none. */
const bearerOf = (request: FastifyRequest): string =>
  /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1] ?? ''

export function consumersRoutes(service: ConsumersService): RoutePlugin {
  return async (app) => {
    app.post(
      '/v1/consumers/enrolments',
      {
        config: { public: true },
        schema: {
          summary: 'Start enrolling as a consumer: national ID, name and birth date in, three questions out',
          description:
            'Always 201 with three questions of the same shape, whether or not the person is on file. At most 3 starts per national ID in 24 hours (429 after that, with Retry-After in seconds); an enrolment expires after 6 minutes.',
          tags: ['consumers'],
          security: security.none,
          body: enrolmentStartSchema,
          response: { 201: enrolmentSchema, ...errors(400, 429) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await sayingRetryAfter(reply, () => service.startEnrolment(request.body))),
    )

    app.post(
      '/v1/consumers/enrolments/:id/answers',
      {
        config: { public: true },
        schema: {
          summary: 'Answer the questions and choose a login and password: an account and a session',
          description:
            'All three answers must be right. One submission per enrolment: any refusal (wrong answers, expired, used) is the same 422 and burns it. After three wrong submissions for a national ID, ever, online enrolment is locked for it (422, details.reason enrolment_locked) until the bureau verifies the consumer another way. The password needs 12 characters or more, and must not be a common password, a short pattern repeated, mostly a sequence, or contain the login or the national ID.',
          tags: ['consumers'],
          security: security.none,
          params: z.object({ id: z.uuid() }),
          body: enrolmentAnswersSchema,
          response: { 201: enrolledSchema, ...errors(400, 409, 422) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await service.completeEnrolment(request.params.id, request.body)),
    )

    app.post(
      '/v1/consumers/sessions',
      {
        config: { public: true },
        schema: {
          summary: 'Sign in with login and password',
          description:
            'A wrong login, a wrong password and a locked account (5 failures lock it for 15 minutes) get the same 401.',
          tags: ['consumers'],
          security: security.none,
          body: credentialsSchema,
          response: { 201: sessionSchema, ...errors(400, 401) },
        },
      },
      async (request, reply) => reply.code(201).send(await service.signIn(request.body)),
    )

    app.delete(
      '/v1/consumers/sessions/current',
      {
        schema: {
          summary: 'Sign out: end the session whose token authenticates this request',
          tags: ['consumers'],
          security: security.consumer,
          response: { 204: z.null().describe('Signed out'), ...errors(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await service.signOut(requirePrincipal(request), bearerOf(request))
        return reply.code(204).send(null)
      },
    )

    app.delete(
      '/v1/me/sessions',
      {
        schema: {
          summary: 'Sign out everywhere else: end every session of one’s own but this one (consumer)',
          description:
            'Ends every other session of the signed-in consumer at once; the one whose token authenticates this request stays. Answers how many live sessions ended; recorded in the audit log when any did.',
          tags: ['consumers'],
          security: security.consumer,
          response: { 200: sessionsEndedSchema, ...errors(401, 403) },
        },
      },
      async (request) => service.endOtherSessions(requirePrincipal(request), bearerOf(request)),
    )

    app.post(
      '/v1/me/password',
      {
        schema: {
          summary: 'Change one’s password (consumer)',
          description:
            'The current password and the new one. The new one meets the rules of enrolment (12 characters or more; not a common password, a short pattern repeated, mostly a sequence, nor containing the login or the national ID): 400 naming body.newPassword. A wrong current password is 400 naming body.currentPassword and counts toward the lockout of sign-in (5 wrong passwords in a row lock the account for 15 minutes); while it is locked the change is refused (429, with Retry-After). On success every other session of the consumer ends, this one stays, and the change is in the audit log.',
          tags: ['consumers'],
          security: security.consumer,
          body: passwordChangeSchema,
          response: { 200: sessionsEndedSchema, ...errors(400, 401, 403, 404, 409, 429) },
        },
      },
      async (request, reply) =>
        sayingRetryAfter(reply, () =>
          service.changePassword(requirePrincipal(request), bearerOf(request), request.body),
        ),
    )

    app.get(
      '/v1/me',
      {
        schema: {
          summary: 'The signed-in consumer’s account',
          tags: ['consumers'],
          security: security.consumer,
          response: { 200: meSchema, ...errors(401, 403, 404) },
        },
      },
      async (request) => service.me(requirePrincipal(request)),
    )

    app.get(
      '/v1/me/file',
      {
        schema: {
          summary: 'The signed-in consumer’s whole file, free; every view is in the audit log',
          tags: ['consumers'],
          security: security.consumer,
          response: { 200: consumerFileSchema, ...errors(401, 403, 404) },
        },
      },
      async (request) => service.file(requirePrincipal(request)),
    )
  }
}
