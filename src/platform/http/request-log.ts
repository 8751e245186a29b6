// What a request's log line says of it. Fastify logs the request's URL as it came; a caller who puts a whole
// credential in a path (`/v1/keys/ob_<id>_<secret>/rotate`, a key pasted where its id belongs) would otherwise
// leave a live secret in the logs (found by probing). Credentials belong in the Authorization header, which is
// never logged.
import type { FastifyRequest } from 'fastify'

/** A member's API key (`ob_<12-character id>_<secret>`) or a consumer's session token (`cs_<secret>`). */
const CREDENTIAL = /\b(ob_[a-z0-9]{12}_|cs_)[A-Za-z0-9_-]{16,}/g

/** `url` with the secret part of every credential in it replaced; the key id stays, to tell keys apart. */
export function redactCredentials(url: string): string {
  return url.replace(CREDENTIAL, '$1[redacted]')
}

/** Fastify's request serializer (lib/logger-pino.js), the URL redacted. */
export function requestLogValue(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactCredentials(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket.remotePort,
  }
}
