// Request ids: a caller's own id is kept when it is a plain token, so one id follows a request across
// services; anything else (too long, spaces, control characters that could forge log lines) is replaced.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { loggedText } from './request-log.ts'

export const REQUEST_ID_HEADER = 'x-request-id'

const saneRequestId = /^[A-Za-z0-9._-]{1,64}$/

/** Fastify's genReqId. Fastify's own requestIdHeader would trust the header verbatim, so it stays off. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER]
  // It is echoed and written on every log line of the request: one that holds a national ID or another long number
  // (found by probing: `x-request-id: 801-26-3579`), or an API key or session token (59 and 46 characters, both
  // plain tokens) is replaced too, masked as the request's URL is (logged-text.ts).
  return typeof given === 'string' && saneRequestId.test(given) && loggedText(given) === given
    ? given
    : randomUUID()
}
