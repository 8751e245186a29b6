// Shared set-up of the HTTP platform tests (http.server.test.ts, http.traffic.test.ts): two credentials and the
// principals they stand for, a sample plugin with a route for each case (validation, roles, each AppError code, an
// unknown error, a response that breaks its schema), a server built with it, a logger whose lines can be read back,
// and the parts of a multipart body.
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { z } from 'zod'
import { AppError, type ErrorCode } from '../errors.ts'
import {
  createHttpServer,
  requirePrincipal,
  requireRole,
  security,
  type Authenticate,
  type HttpServer,
  type HttpServerOptions,
  type Principal,
  type RoutePlugin,
} from './index.ts'

export const MEMBER = { authorization: 'Bearer member-key' }
export const CONSUMER = { authorization: 'Bearer consumer-session' }
export const principals: Record<string, Principal> = {
  [MEMBER.authorization]: { kind: 'member', id: 'm-1', roles: ['lender'], memberStatus: 'active' },
  [CONSUMER.authorization]: { kind: 'consumer', id: 'c-1', roles: [] },
}
const authenticate: Authenticate = async (request) => principals[request.headers.authorization ?? '']

export const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
export const statusOf: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  too_many_requests: 429,
  request_timeout: 408,
}

const sampleRoutes: RoutePlugin = async (app) => {
  app.post(
    '/loans',
    {
      schema: {
        security: security.member,
        body: z.strictObject({ amount: z.number().int().positive(), currency: z.string().length(3) }),
        response: { 200: z.object({ id: z.string(), amount: z.number() }) },
      },
    },
    async (request) => ({ id: 'loan-1', amount: request.body.amount }),
  )
  app.get(
    '/loans',
    { schema: { querystring: z.object({ limit: z.coerce.number().int().max(100) }) } },
    async () => [],
  )
  app.get('/me', async (request) => requirePrincipal(request))
  app.get('/admin', async (request) => requireRole(request, 'operator'))
  app.get('/public', { config: { public: true } }, async (request) => ({
    principal: request.principal ?? null,
  }))
  app.get(
    '/fail/:code',
    { schema: { params: z.object({ code: z.enum(Object.keys(statusOf) as [ErrorCode]) }) } },
    async (request) => {
      throw new AppError(request.params.code, `failed: ${request.params.code}`, { why: request.params.code })
    },
  )
  app.get('/nul', async () => {
    throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' })
  })
  app.get('/boom', async () => {
    throw new Error('connection to db-secret-host refused')
  })
  app.get(
    '/bad-response',
    { schema: { response: { 200: z.object({ n: z.number() }) } } },
    async () => ({ n: 'x' }) as never,
  )
}

export function capturedLogger() {
  const text: string[] = []
  const sink = new Writable({ write: (chunk, _enc, done) => (text.push(String(chunk)), done()) })
  const lines = () =>
    text
      .join('')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
  return { logger: pino({ level: 'info' }, sink), lines }
}

export async function sampleServer(options: Partial<HttpServerOptions> = {}): Promise<HttpServer> {
  const app = await createHttpServer({ authenticate, rateLimit: false, ...options })
  await app.register(sampleRoutes)
  return app
}

export function multipartParts(filename: string) {
  const boundary = 'ob-test-boundary'
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    head: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    tail: Buffer.from(`\r\n--${boundary}--\r\n`),
  }
}
