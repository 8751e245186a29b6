// What a request's log line says of it. Fastify logs the request's URL as it came; a caller who puts a whole
// credential in a path (`/v1/keys/ob_<id>_<secret>/rotate`, a key pasted where its id belongs) would otherwise
// leave a live secret in the logs (found by probing). Credentials belong in the Authorization header, which is
// never logged (server.ts redacts it wherever a plugin logs headers). Numbers are masked too (maskNumbers).
import type { FastifyRequest } from 'fastify'

/** A member's API key (`ob_<12-character id>_<secret>`) or a consumer's session token (`cs_<secret>`). */
const CREDENTIAL = /\b(ob_[a-z0-9]{12}_|cs_)[A-Za-z0-9_-]{16,}/g

/** The characters a credential is written in (CREDENTIAL's): the only ones decoded to look for one. */
const CREDENTIAL_CHARACTER = /^[A-Za-z0-9_-]$/

/**
 * `text` with each percent-encoded credential character decoded, and nothing else: a decoded accent, combining
 * mark or control byte would change what maskNumbers reads as a separator (found by probing: `801%CC%8126...`
 * was masked encoded and logged in clear decoded), and credentials are ASCII.
 */
function credentialCharactersDecoded(text: string): string {
  return text.replace(/%([0-9a-f]{2})/gi, (encoded, hex: string) => {
    const character = String.fromCharCode(parseInt(hex, 16))
    return CREDENTIAL_CHARACTER.test(character) ? character : encoded
  })
}

/**
 * `url` with the secret part of every credential in it replaced; the key id stays, to tell keys apart. The
 * router decodes a path before it matches, so a credential may come percent-encoded, whole or in part
 * (`ob%5f...`, `%6f%62_...`; found by probing): the credentials are looked for in the URL so decoded, which holds
 * every one the URL as sent holds, and the URL is logged as sent when it holds none.
 */
export function redactCredentials(url: string): string {
  const decoded = credentialCharactersDecoded(url)
  const redacted = decoded.replace(CREDENTIAL, '$1[redacted]')
  return redacted === decoded ? url : redacted
}

/** A UUID, kept: batch, consent and key ids are what an operator looks for. */
const UUID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i

// A digit as a URL may carry it: any decimal digit (a fullwidth "５" too), or percent-encoded, ASCII ("%35") or
// the UTF-8 of a fullwidth one ("%EF%BC%95").
const DIGIT = String.raw`(?:\p{Nd}|%3[0-9]|%ef%bc%9[0-9])`
// What may stand between the digits of one number: anything that is neither letter nor digit ("+" a form-encoded
// space, "_", "/", ",", "--"), raw or percent-encoded ("%2F"), a byte of a non-ASCII character ("%C2%A0") and a
// "%" that encodes nothing.
const SEPARATOR = String.raw`(?:[^\p{L}\p{N}\p{M}%]|%(?:[01][0-9a-f]|2[0-9a-f]|3[a-f]|40|5[b-f]|60|7[b-f])|(?!%ef%bc%9[0-9])%[89a-f][0-9a-f]|%(?![0-9a-f]{2}))`
/**
 * Six digits or more, however split: a national ID put in a path or a query (found by probing:
 * `/v1/reports/801-26-3579`, `512+34+5671`, `512%2F34%2F5671`, fullwidth digits), or an account or phone number.
 * DESIGN.md principle 4: identifiers are never stored in clear, and a log is stored.
 */
const NUMBER = new RegExp(`${DIGIT}(?:${SEPARATOR}*${DIGIT}){5,}`, 'giu')

/** `text` with every run of six or more digits (a UUID's excepted) replaced by `[number]`. */
export function maskNumbers(text: string): string {
  // Split around the UUIDs so that no number runs into one: the odd pieces are the UUIDs.
  return text
    .split(UUID)
    .map((piece, i) => (i % 2 === 1 ? piece : piece.replace(NUMBER, '[number]')))
    .join('')
}

/** `text` as a log line may carry it: every credential's secret redacted and every long number masked. */
export function loggedText(text: string): string {
  return maskNumbers(redactCredentials(text))
}

/** Fastify's request serializer (lib/logger-pino.js), the URL redacted. */
export function requestLogValue(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: loggedText(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket.remotePort,
  }
}
