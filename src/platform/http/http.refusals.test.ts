// Refusals found by probing a real server, each answered as what it is and naming what it refuses: a path with a
// trailing slash or a missing docs file (404, not a 405 that allows the very method), a body in a media type the
// route does not read (415), an upload's other parts (400), a file over the limit (413 saying the limit), a path
// parameter over the router's length (400 naming it, no echo of the URL), a prototype key in JSON (400 naming it),
// and the rate limit documented outside /v1/ too.
import assert from 'node:assert/strict'
import { gzipSync } from 'node:zlib'
import { describe, it } from 'node:test'
import { z } from 'zod'
import { MEMBER, multipartParts, sampleServer } from './http.fixture.ts'
import { uploadedFile, type ErrorBody, type HttpServer } from './index.ts'

const boundary = 'ob-test-boundary'
const MULTIPART = `multipart/form-data; boundary=${boundary}`
const field = (name: string, value: string) =>
  `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
const file = (name: string, content: string) =>
  `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="a.dat"\r\n` +
  `Content-Type: application/octet-stream\r\n\r\n${content}\r\n`
const end = `--${boundary}--\r\n`

/** A server with an upload route that counts what it read to the end, and routes that take no body. */
async function uploadServer(fileSize = 1 << 20) {
  const app = await sampleServer({ uploads: { fileSize } })
  const done: number[] = []
  app.post('/v1/upload', { schema: { consumes: ['multipart/form-data'] } }, async (request, reply) => {
    const upload = await uploadedFile(request, reply, { whenTooLarge: 'send it another way' })
    let bytes = 0
    for await (const c of upload.stream) bytes += (c as Buffer).length
    done.push(bytes)
    return { bytes }
  })
  const actions: string[] = []
  app.post('/v1/freeze', async () => (actions.push('freeze'), { frozen: true }))
  app.delete('/v1/alerts', async () => (actions.push('delete'), { deleted: true }))
  return { app, done, actions }
}

const errorOf = (res: { json: () => unknown }) => (res.json() as ErrorBody).error

describe('refusals of the platform', () => {
  it('answers 404, not 405, to a trailing slash or a missing docs file on a path that takes the method', async () => {
    const app = await sampleServer()
    for (const url of ['/me/', '/health/', '/loans/', '/docs/static/nope.js', '/fail/']) {
      const res = await app.inject({ url, headers: MEMBER })
      assert.equal(res.statusCode, 404, `${url}: ${res.body}`)
      assert.equal(res.headers['allow'], undefined, url)
      assert.equal(errorOf(res).code, 'not_found', url)
    }
    const slash = await app.inject({ url: '/health/' })
    assert.equal(errorOf(slash).message, 'no route for GET /health/ (without the trailing slash: /health)')
    const patch = await app.inject({ method: 'PATCH', url: '/loans', headers: MEMBER })
    assert.deepEqual([patch.statusCode, patch.headers['allow']], [405, 'GET, HEAD, POST'])
    await app.close()
  })

  it('refuses a multipart body where a route takes no upload, with 415 naming it, and runs nothing', async () => {
    const { app, actions } = await uploadServer()
    for (const [method, url] of [
      ['POST', '/v1/freeze'],
      ['DELETE', '/v1/alerts'],
      ['POST', '/loans'],
    ] as const) {
      const res = await app.inject({
        method,
        url,
        headers: { ...MEMBER, 'content-type': MULTIPART },
        payload: `${field('a', '1')}${end}`,
      })
      assert.equal(res.statusCode, 415, `${method} ${url}: ${res.body}`)
      assert.deepEqual(errorOf(res), {
        code: 'unsupported_media_type',
        message: `${method} ${url} takes a body of application/json, not multipart/form-data`,
      })
    }
    assert.deepEqual(actions, [])
    const none = await app.inject({ method: 'POST', url: '/v1/freeze', headers: MEMBER })
    assert.deepEqual([none.statusCode, actions], [200, ['freeze']])
    await app.close()
  })

  it('refuses a body without a media type, or compressed, with 415 saying so, and takes an empty one', async () => {
    const app = await sampleServer()
    const body = '{"amount":5,"currency":"EUR"}'
    const post = (headers: Record<string, string>, payload: string | Buffer = body) =>
      app.inject({ method: 'POST', url: '/loans', headers: { ...MEMBER, ...headers }, payload })
    const untyped = await post({})
    assert.equal(untyped.statusCode, 415, untyped.body)
    assert.equal(
      errorOf(untyped).message,
      'POST /loans takes a body of application/json; this one has no Content-Type',
    )
    for (const coding of ['gzip', 'br']) {
      const res = await post(
        { 'content-type': 'application/json', 'content-encoding': coding },
        gzipSync(body),
      )
      assert.equal(res.statusCode, 415, res.body)
      assert.equal(
        errorOf(res).message,
        `POST /loans takes its body uncompressed, not in Content-Encoding ${coding}`,
      )
    }
    const plain = await post({ 'content-type': 'application/json', 'content-encoding': 'identity' })
    assert.equal(plain.statusCode, 200, plain.body)
    await app.close()
  })

  it('refuses a text/plain body on a JSON route with 415 naming the media type', async () => {
    const app = await sampleServer()
    const res = await app.inject({
      method: 'POST',
      url: '/loans',
      headers: { ...MEMBER, 'content-type': 'text/plain; charset=utf-8' },
      payload: '{"amount":5,"currency":"EUR"}',
    })
    assert.equal(res.statusCode, 415, res.body)
    assert.deepEqual(errorOf(res), {
      code: 'unsupported_media_type',
      message: 'POST /loans takes a body of application/json, not text/plain',
    })
    const anonymous = await app.inject({
      method: 'POST',
      url: '/loans',
      headers: { 'content-type': 'text/plain' },
      payload: 'x',
    })
    assert.equal(anonymous.statusCode, 401, 'a missing credential is heard first')
    await app.close()
  })

  it('takes an upload as one file part named file, and refuses any other part by name', async () => {
    const { app, done } = await uploadServer()
    const send = (payload: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/upload',
        headers: { ...MEMBER, 'content-type': MULTIPART },
        payload,
      })
    const ok = await send(`${file('file', 'x'.repeat(300))}${end}`)
    assert.deepEqual([ok.statusCode, ok.json()], [200, { bytes: 300 }])
    const cases = [
      [`${file('upload', 'abc')}${end}`, 'body.upload', 'sends its file as "upload"'],
      [
        `${field('note', 'hi')}${file('file', 'abc')}${end}`,
        'body.note',
        'one file part named "file" and nothing else; this one has the field "note"',
      ],
      [
        `${file('file', 'abc')}${field('note', 'hi')}${end}`,
        'body.note',
        'one file part named "file" and nothing else; this one has the field "note"',
      ],
    ] as const
    for (const [payload, path, says] of cases) {
      const res = await send(payload)
      assert.equal(res.statusCode, 400, `${path}: ${res.body}`)
      const error = errorOf(res)
      assert.match(error.message, new RegExp(says), path)
      assert.deepEqual(error.details, [{ path, message: 'unknown field' }])
    }
    // Busboy takes an application/octet-stream part for a file even without a file name.
    const nameless = `--${boundary}\r\nContent-Disposition: form-data; name="file"\r\nContent-Type: application/octet-stream\r\n\r\nabc\r\n`
    for (const payload of [`${field('file', 'abc')}${end}`, `${nameless}${end}`]) {
      const res = await send(payload)
      assert.equal(res.statusCode, 400, res.body)
      assert.equal(errorOf(res).message, 'the part "file" must be a file (with a filename)')
    }
    // Only the first upload was read to its end: a part after the file fails the reader before it ends.
    assert.deepEqual(done, [300])
    await app.close()
  })

  it('says the limit, and where a larger file goes, when an upload is too large', async () => {
    const { app } = await uploadServer(2048)
    const parts = multipartParts('big.dat')
    const res = await app.inject({
      method: 'POST',
      url: '/v1/upload',
      headers: { ...MEMBER, 'content-type': parts.contentType },
      payload: Buffer.concat([parts.head, Buffer.alloc(5000), parts.tail]),
    })
    assert.equal(res.statusCode, 413, res.body)
    assert.deepEqual(errorOf(res), {
      code: 'payload_too_large',
      message: 'the file exceeds 2 KiB; send it another way',
    })
    await app.close()
  })

  it('answers a path parameter over the length limit with 400 naming it, without echoing the URL', async () => {
    const app = await sampleServer()
    const long = await app.inject({ url: `/fail/${'x'.repeat(3000)}`, headers: MEMBER })
    assert.equal(long.statusCode, 400, long.body.slice(0, 300))
    assert.deepEqual(errorOf(long), {
      code: 'invalid_input',
      message: 'path parameter code is longer than 100 characters',
      details: [{ path: 'params.code', message: '3000 characters, more than 100' }],
    })
    const unknown = await app.inject({ url: `/no/such/${'x'.repeat(3000)}` })
    assert.equal(unknown.statusCode, 404)
    assert.ok(unknown.body.length < 500, unknown.body.slice(0, 300))
    await app.close()
  })

  it('names a key that would reach a prototype in a JSON body', async () => {
    const app = await sampleServer()
    const post = (payload: string) =>
      app.inject({
        method: 'POST',
        url: '/loans',
        headers: { ...MEMBER, 'content-type': 'application/json' },
        payload,
      })
    const top = await post('{"__proto__":1}')
    assert.equal(top.statusCode, 400)
    assert.deepEqual(errorOf(top), {
      code: 'invalid_input',
      message: 'property __proto__ is not allowed',
      details: [
        { path: 'body.__proto__', message: 'not allowed: a key that would reach the prototype of an object' },
      ],
    })
    const deep = await post('{"a":[{"constructor":{"prototype":{}}}]}')
    assert.equal(errorOf(deep).message, 'property constructor.prototype is not allowed')
    const broken = await post('{"amount":')
    assert.equal(
      errorOf(broken).message,
      "Body is not valid JSON but content-type is set to 'application/json'",
    )
    await app.close()
  })

  it('documents 429 on a rate-limited route outside /v1/', async () => {
    const app: HttpServer = await sampleServer({ rateLimit: { max: 100, timeWindowMs: 60_000 } })
    const ok = { 200: z.object({ ok: z.boolean() }) }
    app.get('/.well-known/keys.json', { config: { public: true }, schema: { response: ok } }, async () => ({
      ok: true,
    }))
    type Doc = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }
    const doc = (await app.inject({ url: '/openapi.json' })).json<Doc>()
    assert.deepEqual(Object.keys(doc.paths['/.well-known/keys.json']?.['get']?.responses ?? {}).sort(), [
      '200',
      '429',
    ])
    await app.close()
  })
})
