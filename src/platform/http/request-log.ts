// What a request's log line says of it. Fastify logs the request's URL as it came; a caller who puts a whole
// credential in a path (`/v1/keys/ob_<id>_<secret>/rotate`, a key pasted where its id belongs) would otherwise
// leave a live secret in the logs (found by probing). Credentials belong in the Authorization header, which is
// never logged (server.ts redacts it wherever a plugin logs headers). Numbers are masked too (maskNumbers).
import type { FastifyRequest } from 'fastify'

/** A member's API key (`ob_<12-character id>_<secret>`) or a consumer's session token (`cs_<secret>`). */
const CREDENTIAL = /\b(ob_[a-z0-9]{12}_|cs_)[A-Za-z0-9_-]{16,}/g

/** `url` with the secret part of every credential in it replaced; the key id stays, to tell keys apart. */
export function redactCredentials(url: string): string {
  return url.replace(CREDENTIAL, '$1[redacted]')
}

/**
 * A UUID (kept: batch, consent and key ids are what an operator looks for) or a run of six or more digits, maybe
 * split by single spaces, dashes, dots or their percent-encodings: a national ID put in a path or a query (found
 * by probing: `/v1/reports/801-26-3579`), or an account or phone number. DESIGN.md principle 4: identifiers are
 * never stored in clear, and a log is stored.
 */
const UUID_OR_NUMBER =
  /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|\d(?:(?:[ .-]|%20|%2d|%2e)?\d){5,}/gi

/** `text` with every run of six or more digits (a UUID's excepted) replaced by `[number]`. */
export function maskNumbers(text: string): string {
  return text.replace(UUID_OR_NUMBER, (_run, uuid: string | undefined) => uuid ?? '[number]')
}

/** Fastify's request serializer (lib/logger-pino.js), the URL redacted. */
export function requestLogValue(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: maskNumbers(redactCredentials(request.url)),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket.remotePort,
  }
}
