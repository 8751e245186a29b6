// A body is taken only in the media type its route reads, and any other is refused with 415 naming it (RFC 9110
// §15.5.16): JSON on a route with a body schema or none, multipart/form-data only on a route that reads an upload
// (its schema's `consumes`). Found by probing: Fastify parsed text/plain for every route, so a JSON route answered
// a text body "expected object, received string"; and @fastify/multipart takes a multipart body on every route, so
// a route that takes no body ran its action (a freeze, a new API key) on one whose fields nothing read.
//
// A JSON body is UTF-8 or refused (RFC 8259 §8.1: JSON exchanged between systems MUST be UTF-8): a charset
// parameter that names another is refused with 415, and bytes that are not UTF-8 with 400 naming the offset of the
// first, where they were read as U+FFFD and stored (found by probing: "Caf\xe9 Bank" became "Caf\uFFFD Bank").
//
// And a JSON body with a key that would reach an object's prototype (`__proto__`, `constructor.prototype`), which
// Fastify's parser refuses as "not valid JSON", is refused naming the key.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError } from '../errors.ts'
import { HttpClientError } from './error-handler.ts'
import { firstNonUtf8Byte } from './utf8.ts'

const JSON_TYPE = 'application/json'
// Fastify reads no body for these (its bodyless methods).
const BODYLESS = new Set(['GET', 'HEAD', 'TRACE'])

/** The media types a route reads its body in: those it declares it consumes, JSON otherwise. */
function takenBy(request: FastifyRequest): readonly string[] {
  const consumes = (request.routeOptions.schema as { consumes?: readonly string[] } | undefined)?.consumes
  return consumes ?? [JSON_TYPE]
}

function mediaTypeOf(header: string): string {
  const type = (header.split(';')[0] ?? '').trim().toLowerCase()
  // Shown back in the message: a header runs to kilobytes.
  return type.length <= 80 ? type : `${type.slice(0, 80)}…`
}

/** The charset parameter of a Content-Type header, lowercased, unquoted; undefined without one. */
function charsetOf(header: string): string | undefined {
  for (const parameter of header.split(';').slice(1)) {
    const [name = '', value = ''] = parameter.split('=', 2)
    if (name.trim().toLowerCase() === 'charset')
      return value
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase()
  }
  return undefined
}

/** Whether `charset` is a label of UTF-8 in the WHATWG Encoding Standard (`utf-8`, `utf8`, ...). */
function isUtf8Label(charset: string): boolean {
  try {
    return new TextDecoder(charset).encoding === 'utf-8'
  } catch {
    return false
  }
}

/** Every value of a parsed body with its path as schema errors give one, breadth first, without recursion: a
 * body may nest deeper than the stack goes. */
function* valuesOf(root: unknown): Generator<{ value: unknown; path: string }> {
  let level: { value: unknown; path: string }[] = [{ value: root, path: 'body' }]
  while (level.length > 0) {
    const next: typeof level = []
    for (const entry of level) {
      yield entry
      const { value, path } = entry
      if (typeof value !== 'object' || value === null) continue
      for (const [key, child] of Object.entries(value)) next.push({ value: child, path: `${path}.${key}` })
    }
    level = next
  }
}

/** An own key, at any depth, that secure-json-parse refuses: its name, and its path as schema errors give one. */
function prototypeKey(text: string): { key: string; path: string } | undefined {
  let root: unknown
  try {
    root = JSON.parse(text)
  } catch {
    return undefined
  }
  for (const { value, path } of valuesOf(root)) {
    if (typeof value !== 'object' || value === null) continue
    if (Object.hasOwn(value, '__proto__')) return { key: '__proto__', path: `${path}.__proto__` }
    const ctor = (value as Record<string, unknown>)['constructor']
    if (Object.hasOwn(value, 'constructor') && typeof ctor === 'object' && ctor !== null)
      if (Object.hasOwn(ctor, 'prototype'))
        return { key: 'constructor.prototype', path: `${path}.constructor.prototype` }
  }
  return undefined
}

// A lone UTF-16 surrogate (JSON's "\ud800" escape) is no character: UTF-8 cannot hold it, and the database driver
// would store U+FFFD in its place, changing the text without a word (found by probing). Paired ones make one
// character and do not match.
const LONE_SURROGATE = /\p{Cs}/u
// UTF-8 cannot carry a surrogate, so one reaches a parsed body only through a \uD800-\uDFFF escape in its text:
// a body without one is not walked (every report request goes through here).
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/

/** The path of the first key or string of a parsed body that holds a lone surrogate. */
function loneSurrogateAt(root: unknown): string | undefined {
  for (const { value, path } of valuesOf(root)) {
    if (typeof value === 'string' && LONE_SURROGATE.test(value)) return path
    if (typeof value === 'object' && value !== null)
      for (const key of Object.keys(value)) if (LONE_SURROGATE.test(key)) return `${path}.${key}`
  }
  return undefined
}

export function registerMediaTypes(app: FastifyInstance): void {
  // Registered after authentication's own preParsing hook: a caller without a credential hears 401 first.
  app.addHook('preParsing', async (request) => {
    if (request.is404 || BODYLESS.has(request.method)) return
    const header = request.headers['content-type']
    const route = `${request.method} ${request.routeOptions.url ?? ''}`
    const takes = takenBy(request)
    const hasBody =
      request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0
    // Found by probing: a body without a media type met Fastify's bare "Unsupported Media Type", and one whose
    // Content-Encoding says it is compressed was read as if it were not (a real gzip body "is not valid JSON").
    if (header === undefined) {
      if (!hasBody) return
      throw new HttpClientError(
        415,
        `${route} takes a body of ${takes.join(' or ')}; this one has no Content-Type`,
      )
    }
    const coding = request.headers['content-encoding']?.trim().toLowerCase()
    if (hasBody && coding !== undefined && coding !== '' && coding !== 'identity')
      throw new HttpClientError(
        415,
        `${route} takes its body uncompressed, not in Content-Encoding ${mediaTypeOf(coding)}`,
      )
    const type = mediaTypeOf(header)
    if (!takes.includes(type))
      throw new HttpClientError(
        415,
        `${route} takes a body of ${takes.join(' or ')}, not ${type || 'an empty media type'}`,
      )
    const charset = type === JSON_TYPE ? charsetOf(header) : undefined
    if (hasBody && charset !== undefined && !isUtf8Label(charset))
      throw new HttpClientError(
        415,
        `${route} takes JSON only in UTF-8, as JSON between systems must be, not in charset ${mediaTypeOf(charset) || '(empty)'}`,
      )
  })

  // Fastify's own parser, refusing as it does (secure-json-parse, 'error'); only its message for a prototype key
  // changes. Its text/plain parser stays: the hook above refuses text on every route, before it would run.
  const parse = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser(JSON_TYPE)
  // Read as bytes: read as a string, Fastify decodes each bad byte to U+FFFD without a word.
  app.addContentTypeParser(JSON_TYPE, { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body
    const bad = firstNonUtf8Byte(bytes)
    if (bad !== undefined)
      return done(
        new AppError(
          'invalid_input',
          `the body is not valid UTF-8, as JSON must be: the byte at offset ${bad} (0x${bytes[bad]!.toString(16).padStart(2, '0')}) begins no well-formed UTF-8 character`,
        ),
        undefined,
      )
    const text = bytes.toString('utf8')
    // Fastify's parser answers through `done`, at once; it returns nothing to wait for.
    void parse(request, text, (err, value) => {
      const lone = err === null && SURROGATE_ESCAPE.test(text) ? loneSurrogateAt(value) : undefined
      if (lone !== undefined)
        return done(
          new AppError('invalid_input', 'the body holds text that is not valid Unicode', [
            { path: lone, message: 'a lone surrogate (an unpaired \\ud800-\\udfff escape) is no character' },
          ]),
          undefined,
        )
      const found = err === null ? undefined : prototypeKey(text)
      if (found === undefined) return done(err, value)
      done(
        new AppError('invalid_input', `property ${found.key} is not allowed`, [
          { path: found.path, message: 'not allowed: a key that would reach the prototype of an object' },
        ]),
        undefined,
      )
    })
  })
}
