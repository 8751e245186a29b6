// Requests that broke the server or the register before (found by probing the API with hostile input): a NUL
// or a malformed member id in a path, a control character in a name or an uploaded file's name, the last
// operator suspending itself, a page number below the first, a lower-case authentication scheme, a malformed national
// ID past the schema. Each gets a 4xx that names the problem, and
// nothing is stored.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { metro2File, openAccessWorld, type World } from './access-matrix.fixture.ts'
import { multipart } from './access-matrix.requests.ts'

/** The number of files the furnisher has sent. */
async function batchCount(w: World): Promise<number> {
  const res = await w.server.inject({
    url: '/v1/furnishing/files',
    headers: { authorization: `Bearer ${w.tokens.furnisher}` },
  })
  return res.json<{ files: unknown[] }>().files.length
}

/** Uploads a file of one account as the furnisher, its Content-Disposition naming the file as `disposition` says. */
function uploadNamed(w: World, account: string, disposition: string, encoding: BufferEncoding) {
  const upload = multipart(metro2File('furnisher-a', [{ account }]))
  const named = (upload.payload as Buffer).toString('latin1').replace('filename="file.dat"', disposition)
  return w.server.inject({
    method: 'POST',
    url: '/v1/furnishing/files',
    payload: Buffer.from(named, encoding),
    headers: { ...upload.headers, authorization: `Bearer ${w.tokens.furnisher}` },
  })
}

describe('hostile input over HTTP', () => {
  let w: World
  let operator: { authorization: string }
  before(async () => {
    w = await openAccessWorld()
    operator = { authorization: `Bearer ${w.tokens.operator}` }
  })
  after(() => w.dispose())

  it('answers a member id that cannot be one with 400 naming it, on every member route', async () => {
    for (const [method, url] of [
      ['GET', '/v1/members/%00'],
      ['POST', '/v1/members/a%00b/suspend'],
      ['POST', '/v1/members/NO%20SUCH/reactivate'],
      ['GET', '/v1/members/%00/keys'],
      ['POST', '/v1/members/%00/keys'],
    ] as const) {
      const res = await w.server.inject({ method, url, headers: operator })
      assert.equal(res.statusCode, 400, `${method} ${url}: ${res.body}`)
      const body = res.json<{ error: { details: { path: string }[] } }>()
      assert.deepEqual(
        body.error.details.map((d) => d.path),
        ['params.id'],
      )
    }
  })

  it('refuses a lone surrogate, a name of only invisible characters and a bad key label, naming the field', async () => {
    const post = (url: string, payload: string) =>
      w.server.inject({
        method: 'POST',
        url,
        headers: { ...operator, 'content-type': 'application/json' },
        payload,
      })
    const paths = (res: { json: <T>() => T }) =>
      res.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path)
    // Found by probing: stored as U+FFFD, as a blank row, and named `label` where every other 400 says `body.`.
    const lone = await post(
      '/v1/members',
      '{"id":"surr-one","name":"A\\ud800B","kind":"bank","roles":["user"]}',
    )
    assert.equal(lone.statusCode, 400, lone.body)
    assert.deepEqual(paths(lone), ['body.name'])
    const paired = await post(
      '/v1/members',
      '{"id":"pair-one","name":"A\\ud83d\\ude00B","kind":"bank","roles":["user"]}',
    )
    assert.equal(paired.statusCode, 201, paired.body)
    const blank = await post(
      '/v1/members',
      '{"id":"zw-one","name":"\\u200b \\ufeff","kind":"bank","roles":["user"]}',
    )
    assert.equal(blank.statusCode, 400, blank.body)
    assert.match(blank.body, /a name needs a visible character/)
    for (const label of ['"a\\nb"', '"   "', '"\\udfff"']) {
      const res = await post('/v1/members/pair-one/keys', `{"label":${label}}`)
      assert.equal(res.statusCode, 400, `${label}: ${res.body}`)
      assert.deepEqual(paths(res), ['body.label'], label)
    }
    const members = await w.mods.members.list()
    assert.deepEqual(
      ['surr-one', 'zw-one'].filter((id) => members.some((m) => m.id === id)),
      [],
    )
  })

  it('refuses a member name with a control character, naming the field, and registers nothing', async () => {
    const res = await w.server.inject({
      method: 'POST',
      url: '/v1/members',
      headers: operator,
      payload: { id: 'nul-bank', name: 'X\u0000Y', kind: 'bank', roles: ['user'] },
    })
    assert.equal(res.statusCode, 400, res.body)
    assert.match(res.body, /body\.name/)
    const get = await w.server.inject({ url: '/v1/members/nul-bank', headers: operator })
    assert.equal(get.statusCode, 404)
  })

  it('refuses to suspend the last active operator, which would lock the register', async () => {
    const res = await w.server.inject({
      method: 'POST',
      url: '/v1/members/bureau/suspend',
      headers: operator,
    })
    assert.equal(res.statusCode, 409, res.body)
    assert.match(res.json<{ error: { message: string } }>().error.message, /last active operator/)
    const still = await w.server.inject({ url: '/v1/members', headers: operator })
    assert.equal(still.statusCode, 200, 'the operator can still run the register')
  })

  it("answers a page of a consumer's audit events that starts before the first event with 400 naming it", async () => {
    const consumer = { authorization: `Bearer ${w.tokens.consumer}` }
    for (const before of ['0', '-1', '9007199254740993']) {
      const res = await w.server.inject({ url: `/v1/me/audit-events?before=${before}`, headers: consumer })
      assert.equal(res.statusCode, 400, `before=${before}: ${res.body}`)
      const body = res.json<{ error: { details: { path: string; message: string }[] } }>()
      assert.deepEqual(new Set(body.error.details.map((d) => d.path)), new Set(['query.before']))
    }
    const first = await w.server.inject({ url: '/v1/me/audit-events?before=1', headers: consumer })
    assert.deepEqual([first.statusCode, first.json()], [200, []])
  })

  it('documents in OpenAPI the 400 that every API route gives to a query field it does not know', async () => {
    const doc = (await w.server.inject({ url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
    }>()
    const undocumented = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => !('400' in op.responses))
          .map(([method]) => `${method} ${path}`),
      )
    assert.deepEqual(undocumented, [])
    const res = await w.server.inject({ url: '/v1/members?bogus=1', headers: operator })
    assert.equal(res.statusCode, 400, res.body)
  })

  it('answers 415 to an upload that is not multipart, and documents the upload as one file part', async () => {
    const furnisher = { authorization: `Bearer ${w.tokens.furnisher}` }
    for (const [type, payload] of [
      ['text/plain', 'HEADER...'],
      ['application/json', '{"a":1}'],
    ] as const) {
      const res = await w.server.inject({
        method: 'POST',
        url: '/v1/furnishing/files',
        headers: { ...furnisher, 'content-type': type },
        payload,
      })
      assert.deepEqual([res.statusCode, res.json().error.code], [415, 'unsupported_media_type'], type)
    }
    type Body = { required?: boolean; content: Record<string, { schema: Record<string, unknown> }> }
    const doc = (await w.server.inject({ url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { requestBody?: Body }>>
    }>()
    const body = (path: string) => doc.paths[path]!['post']!.requestBody!
    const upload = body('/v1/furnishing/files')
    assert.equal(upload.required, true)
    assert.deepEqual(upload.content['multipart/form-data']!.schema['required'], ['file'])
    assert.match(JSON.stringify(upload.content['multipart/form-data']!.schema), /"format":"binary"/)
    // A body that may be left out is not required; one that may not is.
    assert.equal(body('/v1/me/freeze').required, false)
    assert.equal(body('/v1/consents/{id}/approve').required, false)
    assert.equal(body('/v1/reports').required, true)
  })

  it('verifies the audit log over HTTP against an anchor recorded earlier', async () => {
    const verify = async (query: string) => {
      const res = await w.server.inject({ url: `/v1/audit/verify${query}`, headers: operator })
      return [res.statusCode, res.json()] as const
    }
    const [status, intact] = await verify('')
    assert.equal(status, 200)
    const { seq, hash } = (intact as { head: { seq: number; hash: string } }).head
    assert.equal((await verify(`?anchor=${seq}:${hash}`))[1].ok, true)
    const [, wrong] = await verify(`?anchor=${seq}:${'0'.repeat(64)}`)
    assert.equal(wrong.ok, false)
    assert.match(JSON.stringify(wrong.problems), new RegExp(`${seq}`))
    const [bad, error] = await verify('?anchor=12')
    assert.equal(bad, 400)
    assert.match(JSON.stringify(error), /query\.anchor/)
    // A seq past the last whole number is named once, as such, not rounded to another event (found by probing).
    const [large, tooLarge] = await verify(`?anchor=9007199254740993:${'0'.repeat(64)}`)
    assert.equal(large, 400)
    const named = (tooLarge as { error: { details: { path: string; message: string }[] } }).error.details
    assert.deepEqual(named, [
      { path: 'query.anchor', message: 'its seq is past the largest an event can have (9007199254740991)' },
    ])
    // A problem found past the schema has the same shape as a schema's: a path and a message.
    const [order, reversed] = await verify('?from=5&to=1')
    assert.equal(order, 400)
    const details = (reversed as { error: { details: Record<string, unknown>[] } }).error.details
    assert.deepEqual(
      details.map((d) => [Object.keys(d).sort(), d['path']]),
      [[['message', 'path'], 'from']],
    )
  })

  it('takes the authentication scheme in any case (RFC 7235 §2.1)', async () => {
    const res = await w.server.inject({
      url: '/v1/members/me',
      headers: { authorization: `bEaReR ${w.tokens.operator}` },
    })
    assert.equal(res.statusCode, 200, res.body)
  })

  it('records an unreadable upload in the audit log as the rejected file it stores', async () => {
    const furnisher = { authorization: `Bearer ${w.tokens.furnisher}` }
    const upload = multipart(new Uint8Array(0))
    const res = await w.server.inject({
      method: 'POST',
      url: '/v1/furnishing/files',
      headers: { ...upload.headers, ...furnisher },
      payload: upload.payload as Buffer,
    })
    assert.equal(res.statusCode, 422, res.body)
    const batchId = res.json<{ error: { details: { batchId: string } } }>().error.details.batchId
    const events = (await w.mods.audit.tail({ limit: 20 })).filter((e) => e.target === batchId)
    assert.deepEqual(
      events.map((e) => [e.action, e.details['furnisherId']]),
      [['batch.rejected', 'furnisher-a']],
    )
  })

  it('refuses an upload whose file name holds a control character, and stores no batch', async () => {
    const before = await batchCount(w)
    const res = await uploadNamed(w, 'A-NUL-NAME', 'filename="a\u0001b.dat"', 'latin1')
    assert.equal(res.statusCode, 400, res.body)
    assert.match(res.body, /file name holds a control character/)
    // A C1 escape (UTF-8, as a browser sends a name) is a control character too.
    const escaped = await uploadNamed(w, 'A-NUL-NAME', 'filename="evil\u009b2J.dat"', 'utf8')
    assert.equal(escaped.statusCode, 400, escaped.body)
    assert.match(escaped.body, /file name holds a control character .*: U\+009B/)
    // busboy skips a part whose RFC 5987 name holds a percent-encoded control character: the body seems empty.
    const encoded = await uploadNamed(w, 'A-STAR-NAME', "filename*=utf-8''a%0Ab.dat", 'latin1')
    assert.equal(encoded.statusCode, 400, encoded.body)
    assert.match(
      encoded.body,
      /no part could be read .*file name without control characters, percent-encoded ones included/,
    )
    assert.equal(await batchCount(w), before)
  })

  it('refuses a malformed national ID in a report or consent request naming the field, as enrolment does', async () => {
    const lender = { authorization: `Bearer ${w.tokens.lender}` }
    for (const [url, extra] of [
      ['/v1/reports', { purpose: 'account_review' }],
      [
        '/v1/consents',
        {
          purpose: 'account_review',
          categories: ['accounts'],
          mode: 'view_once',
          validTo: new Date(Date.now() + 86_400_000).toISOString(),
        },
      ],
    ] as const)
      for (const [nationalId, path, reason] of [
        [{ type: 'us-ssn', value: '000-12-3456' }, 'body.nationalId.value', 'area'],
      ] as const) {
        const res = await w.server.inject({
          method: 'POST',
          url,
          headers: lender,
          payload: { ...extra, nationalId },
        })
        assert.equal(res.statusCode, 400, `${url}: ${res.body}`)
        const body = res.json<{ error: { message: string; details: unknown } }>().error
        assert.match(body.message, /^national ID: /)
        assert.deepEqual(body.details, [
          { reason, path, message: body.message.slice('national ID: '.length) },
        ])
      }
  })
})
