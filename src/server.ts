// The HTTP composition root: authentication from API keys (members) and sessions (consumers), every
// module's routes, and `openbureau serve`.
import { InvalidArgumentError, type Command } from 'commander'
import type { FastifyRequest } from 'fastify'
import { wholeNumber } from './platform/cli/arguments.ts'
import { enterActor } from './actor.ts'
import type { App } from './app.ts'
import { auditRoutes } from './audit/index.ts'
import { furnishingRoutes } from './furnishing/index.ts'
import { apiKeyId, membersRoutes } from './members/index.ts'
import type { Modules } from './modules.ts'
import {
  createHttpServer,
  listenWithShutdown,
  type HttpServer,
  type Principal,
  type RateLimitSettings,
} from './platform/http/index.ts'

export interface ServerOptions {
  rateLimit?: RateLimitSettings | false
  logRequests?: boolean
  /** How often the server chains audit events left pending (default 30 s). */
  pendingSweepMs?: number
  /** The longest pause in an upload's body before it is abandoned with 408 (default 60 s; platform/http/upload.ts). */
  uploadIdleMs?: number
}

/** A live append takes its pending events within milliseconds: only older ones were left by a broken one. */
const PENDING_GRACE_MS = 60_000

export async function buildServer(app: App, mods: Modules, options: ServerOptions = {}): Promise<HttpServer> {
  const authenticate = async (request: FastifyRequest): Promise<Principal | undefined> => {
    const header = request.headers['authorization']
    // RFC 7235 §2.1: the scheme's name is case-insensitive ("bearer" is Bearer).
    if (typeof header !== 'string' || !/^bearer /i.test(header)) return undefined
    const token = header.slice(7).trim()
    if (token.startsWith('ob_')) {
      // Only a route that confirms the key within its own round trips (the lender report) may take the holder
      // from the cache; every other route reads it from the database (members/key-cache.ts).
      const m = await mods.members.authenticate(token, {
        cached: request.routeOptions.config.confirmsKey === true,
      })
      if (!m) return undefined
      // A suspended member still authenticates (its routes answer why they refuse) but never as the operator.
      const keyId = apiKeyId(token)
      return {
        kind: m.roles.includes('operator') && m.status === 'active' ? 'operator' : 'member',
        id: m.id,
        roles: m.roles,
        memberStatus: m.status,
        ...(keyId === undefined ? {} : { keyId }),
      }
    }
    return mods.consumers.authenticateSession(token)
  }
  const trustProxy = app.config.trustProxy
  const server = await createHttpServer({
    authenticate,
    ...(options.logRequests === false ? {} : { logger: app.log }),
    rateLimit: options.rateLimit ?? { max: 6000, timeWindowMs: 60_000 },
    ...(trustProxy === undefined ? {} : { trustProxy: [...trustProxy] }),
    uploads: {
      fileSize: app.config.uploadMaxBytes,
      ...(options.uploadIdleMs === undefined ? {} : { idleMs: options.uploadIdleMs }),
    },
    readiness: async () => app.db.kysely.selectNoFrom((eb) => eb.lit(1).as('ok')).execute(),
    api: {
      title: 'OpenBureau API',
      version: '0.1.0',
      description: 'A consent-first consumer credit bureau.',
    },
  })
  // Every audit event of the request names its caller.
  server.addHook('preHandler', async (request) => {
    const p = request.principal
    if (p) enterActor({ kind: p.kind, id: p.id })
  })
  await server.register(membersRoutes(mods.members))
  await server.register(
    furnishingRoutes(mods.furnishing.ingest, mods.furnishing.batches, {
      concurrency: app.config.uploadConcurrency,
      minimumRate: { bytesPerSecond: app.config.uploadMinRate },
    }),
  )
  await server.register(mods.consent.routes)
  await server.register(auditRoutes(mods.audit))
  await server.register(mods.consumers.routes)
  await server.register(mods.reports.routes)
  await server.register(mods.rights.routes)
  await server.register(mods.scoring.routes)
  // The lender report's key holders are cached for as long as every process's changes are heard.
  const keyCache = await mods.members.cacheKeys(app.db.listen, (error) =>
    app.log.warn(
      { err: error },
      'member changes are no longer heard: API keys are read on every request until they are',
    ),
  )
  server.addHook('onClose', () => keyCache.stop())
  // The events of work that committed while its append failed or its process died wait in audit_pending
  // (audit.batcher.ts): every server chains them, at start and then every half minute.
  const chainLeftovers = async () => {
    const chained = await mods.audit.chainPending(PENDING_GRACE_MS)
    if (chained > 0)
      app.log.warn({ events: chained }, 'chained audit events that an interrupted append left pending')
  }
  await chainLeftovers()
  const sweep = setInterval(() => {
    chainLeftovers().catch((err: unknown) =>
      app.log.error({ err }, 'pending audit events could not be chained'),
    )
  }, options.pendingSweepMs ?? 30_000)
  sweep.unref()
  server.addHook('onClose', () => clearInterval(sweep))
  return server
}

export function registerServeCommand(
  program: Command,
  app: { get(): Promise<App> },
  mods: () => Promise<Modules>,
): void {
  program
    .command('serve')
    .description('serve the HTTP API (OpenAPI at /openapi.json, docs at /docs)')
    .option('--port <port>', 'port (default: PORT or 8080)', wholeNumber(0, 65_535))
    .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)', (host: string) => {
      // Empty would listen on every interface (found by probing); that is asked for as 0.0.0.0 or ::.
      if (host.trim() === '')
        throw new InvalidArgumentError('is empty; name an address (0.0.0.0 or :: for every interface)')
      return host.trim()
    })
    .action(async (o: { port?: number; host?: string }) => {
      const a = await app.get()
      const m = await mods()
      const server = await buildServer(a, m)
      const address = {
        host: o.host ?? a.config.host,
        port: o.port ?? a.config.port,
      }
      const running = await listenWithShutdown(server, address, async () => {
        await m.close()
        await a.close()
      })
      process.stderr.write(`OpenBureau listening on ${running.address} (docs: ${running.address}/docs)\n`)
      await new Promise<never>(() => {})
    })
}
