// Liveness and readiness in one public endpoint: 200 `{status: 'ok'}` when the optional readiness check
// (a database ping) succeeds in time, 503 otherwise. Not rate limited: load balancers poll it.
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'

export interface HealthOptions {
  /** Resolves when the process can serve (e.g. the database answers); rejects or hangs when it cannot. */
  readiness?: () => Promise<unknown>
  /** How long the readiness check may take before the answer is 503. Default 5 s. */
  readinessTimeoutMs?: number
}

const healthSchema = z.object({ status: z.enum(['ok', 'unavailable']) })

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`readiness check took over ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

export function registerHealth(app: FastifyInstance, options: HealthOptions): void {
  const { readiness, readinessTimeoutMs = 5000 } = options
  app.withTypeProvider<ZodTypeProvider>().get(
    '/health',
    {
      config: { public: true, rateLimit: false },
      schema: {
        summary: 'Liveness and readiness',
        tags: ['platform'],
        response: { 200: healthSchema, 503: healthSchema },
      },
    },
    async (request, reply) => {
      if (readiness === undefined) return { status: 'ok' as const }
      try {
        await within(readiness(), readinessTimeoutMs)
        return { status: 'ok' as const }
      } catch (err) {
        request.log.error({ err }, 'readiness check failed')
        return reply.code(503).send({ status: 'unavailable' })
      }
    },
  )
}
