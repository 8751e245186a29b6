// Request ids: a caller's own id is kept when it is a plain token, so one id follows a request across
// services; anything else (too long, spaces, control characters that could forge log lines) is replaced.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const REQUEST_ID_HEADER = 'x-request-id'

const saneRequestId = /^[A-Za-z0-9._-]{1,64}$/

/** Fastify's genReqId. Fastify's own requestIdHeader would trust the header verbatim, so it stays off. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER]
  return typeof given === 'string' && saneRequestId.test(given) ? given : randomUUID()
}
