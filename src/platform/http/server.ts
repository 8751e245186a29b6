// The HTTP platform: a Fastify instance with zod schemas, OpenAPI, request ids, one error handler,
// authentication by default, multipart streaming and rate limiting. Domain modules register route
// plugins on it; it knows none of them (DESIGN.md "Architecture").
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import multipart from '@fastify/multipart'
import rateLimit, { normalizeIP } from '@fastify/rate-limit'
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginOptions,
} from 'fastify'
import {
  serializerCompiler,
  validatorCompiler,
  type FastifyPluginAsyncZod,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod'
import { pino } from 'pino'
import { AppError } from '../errors.ts'
import type { Logger } from '../logger.ts'
import { requestLogValue } from './request-log.ts'
import { registerAuthentication } from './authentication.ts'
import {
  errorBody,
  errorHandler,
  frameworkErrorHandlerFor,
  notFoundHandlerFor,
  send,
} from './error-handler.ts'
import { registerHealth, type HealthOptions } from './health.ts'
import { registerMediaTypes } from './media-type.ts'
import { registerOpenApi, type ApiInfo } from './openapi.ts'
import type { Authenticate } from './principal.ts'
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.ts'
import { RouteTable } from './route-table.ts'
import { registerStrictQuery } from './strict-query.ts'
import { clientErrorHandler, refuseConnect } from './client-error.ts'

export type HttpServer = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>

/** What a domain module exports for the server to register. */
export type RoutePlugin<Options extends FastifyPluginOptions = Record<never, never>> =
  FastifyPluginAsyncZod<Options>

export interface RateLimitSettings {
  /** Requests per window, per principal when authenticated, per client IP otherwise. */
  max: number
  timeWindowMs: number
}

export interface UploadLimits {
  /** Largest file in bytes. Default 2 GiB (OPENBUREAU_UPLOAD_MAX_BYTES). */
  fileSize?: number
  /** Files per request. Default 1. */
  files?: number
  /** Longest pause in ms between two pieces of an upload's body before it is abandoned (408). Default 60 s. */
  idleMs?: number
}

export interface HttpServerOptions extends HealthOptions {
  authenticate: Authenticate
  /** Default: no logs. */
  logger?: Logger
  api?: ApiInfo
  /** `false` turns limiting off (benchmarks). Default 1000 requests a minute. */
  rateLimit?: RateLimitSettings | false
  uploads?: UploadLimits
  /** Largest non-multipart body in bytes. Default 1 MiB (Fastify's). */
  bodyLimit?: number
  /** Fastify's trustProxy: set behind a load balancer, or every anonymous caller shares its IP. */
  trustProxy?: boolean | string | string[]
}

const GiB = 1024 ** 3
/**
 * Credentials in the headers objects that are logged: a line's own `headers`, and @fastify/multipart's busboy
 * options (its trace). Named paths, not wildcards: pino checks them on every line of every request.
 */
const LOGGED_HEADER_SECRETS = ['headers', 'busboyOptions.headers'].flatMap((at) =>
  ['authorization', 'cookie'].map((header) => `${at}.${header}`),
)
/** The longest path parameter the router takes (Fastify's default); a longer one is answered 400 naming it. */
const MAX_PARAM_LENGTH = 100
const defaultRateLimit: RateLimitSettings = { max: 1000, timeWindowMs: 60_000 }

export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  // Fastify takes a given logger's serializers over its own (lib/logger-pino.js): the request's is redacted. And
  // a plugin may log a request's headers itself (found by probing: @fastify/multipart logs its busboy options,
  // the Authorization header with a whole API key in them, at trace level), so those are redacted wherever.
  const logger: FastifyBaseLogger = (options.logger ?? pino({ enabled: false })).child(
    {},
    { serializers: { req: requestLogValue }, redact: { paths: LOGGED_HEADER_SECRETS, censor: '[redacted]' } },
  )
  const routes = new RouteTable()
  const app = Fastify({
    loggerInstance: logger,
    genReqId: requestIdOf,
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    // On close, keep-alive connections end after their response instead of holding the process open.
    forceCloseConnections: 'idle',
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkErrorHandlerFor(routes, MAX_PARAM_LENGTH),
    clientErrorHandler,
    // Node would answer a request without a Host header itself, outside the API's error shape; it is refused below.
    http: { requireHostHeader: false },
    // Requests that arrive once closing has begun are refused below, in the API's error shape with a request id.
    return503OnClosing: false,
  }).withTypeProvider<ZodTypeProvider>()

  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.setErrorHandler(errorHandler)
  app.addHook('onRoute', (route) => routes.add(route))
  // Node's server.close() drops only the keep-alive connections idle at that instant; a connection whose
  // request is still in flight would then idle on for keepAliveTimeout (72 s) and hold the close up. Once
  // closing has begun, every response says `Connection: close`, so Node ends its connection after it, and a
  // request that arrives on such a connection is refused (503, to be retried on another instance).
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id)
    // RFC 9112 §3.2: an HTTP/1.1 request without a Host header gets 400 (found by probing: Node's empty answer).
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined)
      return send(reply, 400, errorBody(request, 'invalid_input', 'an HTTP/1.1 request needs a Host header'))
    if (!closing) return
    void reply.header('retry-after', '1')
    return send(reply, 503, errorBody(request, 'service_unavailable', 'the server is shutting down'))
  })
  // A path that ends where a parameter begins (`/v1/members/`) matches `/v1/members/:id` with an empty id: it
  // names nothing, and is answered as the unknown path it is, as `/health/` is (found by probing: a 400 that
  // blamed the id).
  app.addHook('onRequest', async (request, reply) => {
    const params = request.params as Record<string, string> | undefined
    if (params !== undefined && Object.values(params).includes('')) return reply.callNotFound()
  })
  registerAuthentication(app, options.authenticate)
  registerMediaTypes(app)
  app.addHook('onSend', async (request, reply, payload) => {
    if (closing) void reply.header('connection', 'close')
    void reply.header('x-content-type-options', 'nosniff')
    // Answers of the API carry personal data, credentials and tokens: no cache keeps them (RFC 9111 §5.2.2.5).
    if (request.url.startsWith('/v1/')) void reply.header('cache-control', 'no-store')
    return payload
  })

  // Plugins that watch routes being added (onRoute) are loaded before any route exists; strict queries first, so
  // that the OpenAPI document shows them as they are checked.
  const limit = options.rateLimit ?? defaultRateLimit
  registerStrictQuery(app, limit !== false)
  if (limit !== false) {
    await app.register(rateLimit, {
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      keyGenerator: (request) =>
        request.principal === undefined
          ? `ip:${normalizeIP(request.ip)}`
          : `${request.principal.kind}:${request.principal.id}`,
      errorResponseBuilder: (_request, context) =>
        new AppError('too_many_requests', `rate limit exceeded, retry in ${context.after}`),
    })
  }
  // After the rate limiter, whose check it takes: guessing paths is throttled as guessing credentials is.
  app.setNotFoundHandler(limit === false ? {} : { preHandler: app.rateLimit() }, notFoundHandlerFor(routes))
  app.decorate('uploadIdleMs', options.uploads?.idleMs ?? 60_000)
  app.decorate('uploadMaxBytes', options.uploads?.fileSize ?? 2 * GiB)
  await app.register(multipart, {
    limits: { fileSize: app.uploadMaxBytes, files: options.uploads?.files ?? 1 },
  })
  await registerOpenApi(app, options.api ?? { title: 'OpenBureau API', version: '0.1.0' })
  registerHealth(app, options)
  refuseConnect(app)
  return app
}
