// HTTP for the consumer's protections: fraud alerts and the security freeze, each only on the caller's own file.
import { z } from 'zod'
import { errorBodySchema, requirePrincipal, security, type RoutePlugin } from '../platform/http/index.ts'
import { fraudAlertSchema, freezeSchema, placeAlertSchema, temporaryLiftSchema } from './rights.model.ts'
import type { RightsService } from './rights.service.ts'

const errors = (...codes: (400 | 401 | 403 | 404 | 409 | 422)[]) =>
  Object.fromEntries(codes.map((c) => [c, errorBodySchema])) as Record<number, typeof errorBodySchema>
const alertList = z.object({ alerts: z.array(fraudAlertSchema) })

export function rightsRoutes(service: RightsService): RoutePlugin {
  return async (app) => {
    app.post(
      '/v1/me/alerts',
      {
        schema: {
          summary: 'Place a fraud alert on one’s own file (consumer)',
          description:
            'Initial: one year (FCRA §605A(a)); extended: seven years, on an identity theft report and with a contact number (§605A(b), (h)(2)); active duty: twelve months, for a member of the armed forces on active duty (§605A(c)). A contact number may be added to any kind (§605A(h)(1)(B)(ii)); it is kept encrypted under the consumer’s data key. Every report shows the alerts in force, with their contact numbers. 422 when the contact number cannot be kept.',
          tags: ['rights'],
          security: security.consumer,
          body: placeAlertSchema,
          response: { 201: fraudAlertSchema, ...errors(400, 401, 403, 404, 409, 422) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await service.placeAlert(requirePrincipal(request), request.body)),
    )

    app.get(
      '/v1/me/alerts',
      {
        schema: {
          summary: 'The fraud alerts on one’s own file, in force or not (consumer)',
          tags: ['rights'],
          security: security.consumer,
          response: { 200: alertList, ...errors(401, 403, 404) },
        },
      },
      async (request) => ({ alerts: await service.alerts(requirePrincipal(request)) }),
    )

    app.delete(
      '/v1/me/alerts',
      {
        schema: {
          summary: 'Remove every fraud alert in force (consumer)',
          tags: ['rights'],
          security: security.consumer,
          response: { 200: alertList, ...errors(401, 403, 404) },
        },
      },
      async (request) => ({ alerts: await service.removeAlerts(requirePrincipal(request)) }),
    )

    app.delete(
      '/v1/me/alerts/:id',
      {
        schema: {
          summary: 'Remove one fraud alert in force (consumer)',
          tags: ['rights'],
          security: security.consumer,
          params: z.object({ id: z.uuid() }),
          response: { 200: fraudAlertSchema, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => (await service.removeAlerts(requirePrincipal(request), request.params.id))[0]!,
    )

    app.get(
      '/v1/me/freeze',
      {
        schema: {
          summary: 'Whether one’s own file is frozen (consumer)',
          tags: ['rights'],
          security: security.consumer,
          response: { 200: freezeSchema, ...errors(401, 403, 404) },
        },
      },
      async (request) => service.freeze(requirePrincipal(request)),
    )

    app.post(
      '/v1/me/freeze',
      {
        schema: {
          summary: 'Freeze one’s own file (consumer)',
          description:
            'FCRA §605A(i): while the freeze is in force, no report is released for a credit application; account reviews and collections by existing creditors are not affected. 201 when placed, 200 when the file was already frozen.',
          tags: ['rights'],
          security: security.consumer,
          response: { 200: freezeSchema, 201: freezeSchema, ...errors(401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { placed, ...freeze } = await service.placeFreeze(requirePrincipal(request))
        return reply.code(placed ? 201 : 200).send(freeze)
      },
    )

    app.delete(
      '/v1/me/freeze',
      {
        schema: {
          summary: 'Lift the freeze on one’s own file (consumer)',
          tags: ['rights'],
          security: security.consumer,
          response: { 200: freezeSchema, ...errors(401, 403, 404) },
        },
      },
      async (request) => service.liftFreeze(requirePrincipal(request)),
    )

    app.post(
      '/v1/me/freeze/temporary-lift',
      {
        schema: {
          summary: 'Lift the freeze on one’s own file until a given time (consumer)',
          description:
            'FCRA §605A(i)(3)(C): the freeze is set aside for the period the consumer specifies, at once, and binds again by itself when it ends; a lift under way is moved to the new end. Freezing the file again (POST /v1/me/freeze) ends the lift early; DELETE /v1/me/freeze lifts the freeze for good. 409 when the file is not frozen.',
          tags: ['rights'],
          security: security.consumer,
          body: temporaryLiftSchema,
          response: { 200: freezeSchema, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => service.liftFreezeUntil(requirePrincipal(request), request.body),
    )
  }
}
