// What the server's log keeps of a request, found by probing: no credential even where a plugin logs the request's
// headers itself (@fastify/multipart at trace level logged a whole API key), and no national ID or other long
// number that a caller put in a URL or a request id (DESIGN.md principle 4: identifiers are never stored in clear), and
// no unbounded list of a refused request's unknown fields.
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { pino } from 'pino'
import { MEMBER, multipartParts, sampleServer } from './http.fixture.ts'
import { uploadedFile, type HttpServer } from './index.ts'
import { loggedText, maskNumbers } from './request-log.ts'

describe('the request log', () => {
  const text: string[] = []
  const logger = pino(
    { level: 'trace' },
    new Writable({ write: (chunk, _enc, done) => (text.push(String(chunk)), done()) }),
  )
  let app: HttpServer
  before(async () => {
    app = await sampleServer({ logger })
    app.post('/upload', { schema: { consumes: ['multipart/form-data'] } }, async (request, reply) => {
      const upload = await uploadedFile(request, reply)
      let bytes = 0
      for await (const c of upload.stream) bytes += (c as Buffer).length
      return { bytes }
    })
    await app.ready()
  })
  after(() => app.close())

  it('keeps no Authorization header, even at trace level where the upload plugin logs its headers', async () => {
    const parts = multipartParts('accounts.dat')
    const res = await app.inject({
      method: 'POST',
      url: '/upload',
      headers: { ...MEMBER, 'content-type': parts.contentType },
      payload: Buffer.concat([parts.head, Buffer.from('0123'), parts.tail]),
    })
    assert.equal(res.statusCode, 200, res.body)
    const logged = text.join('')
    assert.match(logged, /"authorization":"\[redacted\]"/, 'the plugin logged the headers, redacted')
    assert.ok(!logged.includes(MEMBER.authorization), 'no line holds the credential')
  })

  it('masks a national ID in the URL, and replaces a request id that holds one', async () => {
    const res = await app.inject({
      url: '/v1/reports/801-26-3579?nationalId=801263579&batch=0b9e1a52-4d1e-4c7e-9a3e-123456789012',
      headers: { 'x-request-id': '801-26-3579' },
    })
    assert.notEqual(res.headers['x-request-id'], '801-26-3579')
    const logged = text.join('')
    assert.ok(!/801.?26.?3579/.test(logged), 'no line holds the number')
    assert.match(
      logged,
      /\/v1\/reports\/\[number\]\?nationalId=\[number\]&batch=0b9e1a52-4d1e-4c7e-9a3e-123456789012/,
    )
  })

  it('masks runs of six digits or more, however they are split, and keeps UUIDs and short numbers', () => {
    assert.equal(
      maskNumbers('/a/123%2045%206789/b?limit=500&x=1.2.3.4.5.6'),
      '/a/[number]/b?limit=500&x=[number]',
    )
    assert.equal(
      maskNumbers('/v1/consents/550e8400-e29b-41d4-a716-446655440000'),
      '/v1/consents/550e8400-e29b-41d4-a716-446655440000',
    )
    assert.equal(maskNumbers('11010519491231002X'), '[number]X')
  })

  it('masks a national ID split by any separators, percent-encoded or not, and in fullwidth digits', () => {
    const fullwidth = '%EF%BC%95%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96%EF%BC%97%EF%BC%91'
    assert.equal(
      maskNumbers('/v1/furnishing/files?furnisher=512+34+5671'),
      '/v1/furnishing/files?furnisher=[number]',
    )
    const ids = [
      '512_34_5671',
      '512%2F34%2F5671',
      '512%2f34%2f5671',
      '512/34/5671',
      '512,34,5671',
      '512--34--5671',
      '512%C2%A034%C2%A05671',
      fullwidth,
      fullwidth.toLowerCase(),
      '５１２-３４-５６７１',
      '%35%31%32%33%34%35%36%37%31',
    ]
    assert.deepEqual(
      ids.map((id) => maskNumbers(`/v1/reports/${id}`)),
      ids.map(() => '/v1/reports/[number]'),
    )
  })

  it('keeps a UUID whole beside a number, and paths without long numbers as they are', () => {
    assert.equal(
      maskNumbers('/v1/x/1234/55012345-e29b-41d4-a716-446655440000?n=12'),
      '/v1/x/1234/55012345-e29b-41d4-a716-446655440000?n=12',
    )
    assert.equal(
      maskNumbers('/v1/batches?limit=50&cursor=abc_12&from=1+2'),
      '/v1/batches?limit=50&cursor=abc_12&from=1+2',
    )
  })

  it('masks a number split by encoded accents or marks as well beside an encoded credential as without one', () => {
    // The credential is looked for in the URL with its credential characters decoded, and in nothing else decoded:
    // "801%CC%8126%CC%813579" read as "801\u030126\u03013579" would be no number (found by probing).
    for (const nid of ['801%CC%8126%CC%813579', '801%C3%A926%C3%A93579', '801%0A26%0A3579']) {
      for (const key of [
        'cs_AAAAAAAAAAAAAAAAAAAA',
        '%63s_AAAAAAAAAAAAAAAAAAAA',
        'cs%5FAAAAAAAAAAAAAAAAAAAA',
      ]) {
        const logged = loggedText(`/v1/keys/${key}/x?nid=${nid}`)
        assert.equal(logged, '/v1/keys/cs_[redacted]/x?nid=[number]', `${key} ${nid}`)
      }
    }
  })

  it('logs no national ID sent as a form-encoded query', async () => {
    await app.inject({ url: '/v1/furnishing/files?furnisher=512+34+5671' })
    assert.ok(!/512.{0,3}34.{0,3}5671/.test(text.join('')), 'no line holds the number')
  })
  it('names at most 50 field problems of a refused request, each path cut, so one request cannot flood the log', async () => {
    const unknown = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`${'x'.repeat(300)}${i}`, 1]))
    const res = await app.inject({
      method: 'POST',
      url: '/loans',
      headers: MEMBER,
      payload: { amount: 1, currency: 'EUR', ...unknown },
    })
    assert.equal(res.statusCode, 400, res.body)
    const error = res.json<{ error: { message: string; details: { path: string }[] } }>().error
    assert.match(error.message, /: 1000 problems, the first 50 named$/)
    assert.equal(error.details.length, 50)
    assert.ok(error.details.every((d) => d.path.length <= 121))
    assert.ok(res.body.length < 20_000, `${res.body.length} bytes`)
  })
})
