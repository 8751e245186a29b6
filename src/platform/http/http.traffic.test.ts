// Traffic beyond a single small request: a multipart upload streamed to its handler and its limits, the rate limit
// per principal and per IP, and a graceful shutdown on a signal that lets the request in flight finish.
import assert from 'node:assert/strict'
import { createServer, request as httpRequest, type ClientRequest } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, it } from 'node:test'
import { CONSUMER, MEMBER, multipartParts, sampleServer } from './http.fixture.ts'
import { AppError } from '../errors.ts'
import { listenWithShutdown, uploadedFile } from './index.ts'

// A route reads an upload only where it says it consumes one (media-type.ts).
const UPLOAD = { schema: { consumes: ['multipart/form-data'] } }

/** POSTs to `url` what `send` writes, and reads the answer: status, Connection header, JSON body. */
function upload(url: string, contentType: string, send: (req: ClientRequest) => void) {
  return new Promise<{ status: number; connection: string | undefined; json: unknown }>((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { ...MEMBER, 'content-type': contentType } })
    req.on('response', (res) => {
      let text = ''
      res.on('data', (d: Buffer) => (text += d.toString()))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, json: JSON.parse(text) }),
      )
    })
    req.on('error', reject)
    send(req)
  })
}

describe('uploads', () => {
  it(
    'streams a multipart file of a few MB to the handler before the client has sent it all',
    { timeout: 20_000 },
    async () => {
      const app = await sampleServer()
      const total = 4 * 1024 * 1024
      const chunk = Buffer.alloc(64 * 1024, 7)
      let handlerSawBytes!: () => void
      const seen = new Promise<void>((resolve) => (handlerSawBytes = resolve))
      app.post('/upload', UPLOAD, async (request, reply) => {
        const upload = await uploadedFile(request, reply)
        let bytes = 0
        for await (const c of upload.stream) {
          bytes += (c as Buffer).length
          if (bytes >= 1024 * 1024) handlerSawBytes()
        }
        return { filename: upload.filename, bytes }
      })
      const { address, close } = await listenWithShutdown(
        app,
        { host: '127.0.0.1', port: 0 },
        async () => {},
        {
          signals: [],
        },
      )
      const parts = multipartParts('accounts.dat')
      // The second half is only sent once the handler has counted the first MiB: a server that buffered the
      // whole body before calling the handler would never answer, and the test would time out.
      async function* body() {
        yield parts.head
        for (let sent = 0; sent < total; sent += chunk.length) {
          if (sent === total / 2) await seen
          yield chunk
        }
        yield parts.tail
      }
      const answer = await upload(`${address}/upload`, parts.contentType, (req) =>
        Readable.from(body()).pipe(req),
      )
      assert.deepEqual(
        { status: answer.status, json: answer.json },
        { status: 200, json: { filename: 'accounts.dat', bytes: total } },
      )
      await close()
    },
  )

  it('abandons an upload whose body stops arriving: 408 in the error shape, and the connection closed', async () => {
    const app = await sampleServer({ uploads: { idleMs: 300 } })
    const read: number[] = []
    app.post('/upload', UPLOAD, async (request, reply) => {
      const upload = await uploadedFile(request, reply)
      let bytes = 0
      for await (const c of upload.stream) read.push((bytes += (c as Buffer).length))
      return { bytes }
    })
    const { address, close } = await listenWithShutdown(app, { host: '127.0.0.1', port: 0 }, async () => {}, {
      signals: [],
    })
    const parts = multipartParts('stalls.dat')
    // The read that lost the race to the idle timer fails once the connection closes: nobody may be left to
    // hear that as an unhandled rejection, which would end the server's process.
    const unhandled: unknown[] = []
    const hear = (e: unknown) => unhandled.push(e)
    process.on('unhandledRejection', hear)
    const started = Date.now()
    // Found by probing: a client that sends part of a file and then nothing held the upload open for good.
    let client: ClientRequest | undefined
    const answer = await upload(`${address}/upload`, parts.contentType, (req) => {
      client = req
      req.write(Buffer.concat([parts.head, Buffer.alloc(64 * 1024, 7)]))
    })
    const waited = Date.now() - started
    assert.equal(answer.status, 408, JSON.stringify(answer.json))
    assert.equal(answer.connection, 'close')
    const error = (answer.json as { error: { code: string; message: string; requestId: string } }).error
    assert.equal(error.code, 'request_timeout')
    assert.match(error.message, /no part of the upload arrived for 0.3 s/)
    assert.ok(waited >= 250 && waited < 5000, `answered after ${waited} ms`)
    assert.equal(read.at(-1), 64 * 1024, 'what arrived was read before the pause')
    // The client goes away with its body unsent, as a stalled one does in the end.
    client?.destroy()
    await sleep(300)
    process.off('unhandledRejection', hear)
    assert.deepEqual(unhandled, [])
    await close()
  })

  it('fails an upload over the size limit with 413, and a malformed body with 400', async () => {
    const app = await sampleServer({ uploads: { fileSize: 1024 } })
    app.post('/upload', UPLOAD, async (request, reply) => {
      const upload = await uploadedFile(request, reply)
      let bytes = 0
      for await (const c of upload.stream) bytes += (c as Buffer).length
      return { bytes }
    })
    const parts = multipartParts('big.dat')
    const send = (payload: Buffer) =>
      app.inject({
        method: 'POST',
        url: '/upload',
        headers: { ...MEMBER, 'content-type': parts.contentType },
        payload,
      })
    const fits = await send(Buffer.concat([parts.head, Buffer.alloc(1000), parts.tail]))
    assert.deepEqual(fits.json(), { bytes: 1000 })
    const big = await send(Buffer.concat([parts.head, Buffer.alloc(5000), parts.tail]))
    assert.deepEqual([big.statusCode, big.json().error.code], [413, 'payload_too_large'])
    const cut = await send(Buffer.concat([parts.head, Buffer.alloc(100)]))
    assert.deepEqual([cut.statusCode, cut.json().error.code], [400, 'invalid_input'])
    await app.close()
  })

  it('refuses a second file before the first one ends, and a body that is no multipart', async () => {
    const app = await sampleServer({ uploads: { fileSize: 1 << 20, files: 1 } })
    const seen: { bytes: number; ended: boolean }[] = []
    app.post('/upload', UPLOAD, async (request, reply) => {
      const upload = await uploadedFile(request, reply)
      const s = { bytes: 0, ended: false }
      seen.push(s)
      for await (const c of upload.stream) s.bytes += (c as Buffer).length
      s.ended = true
      return { bytes: s.bytes }
    })
    const boundary = 'ob-test-boundary'
    const file = (name: string, size: number) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n${'x'.repeat(size)}\r\n`
    const send = (payload: string, contentType = `multipart/form-data; boundary=${boundary}`) =>
      app.inject({
        method: 'POST',
        url: '/upload',
        headers: { ...MEMBER, 'content-type': contentType },
        payload,
      })

    const one = await send(`${file('a.dat', 300)}--${boundary}--\r\n`)
    assert.deepEqual([one.statusCode, one.json()], [200, { bytes: 300 }])
    const two = await send(`${file('a.dat', 300)}${file('b.dat', 200)}--${boundary}--\r\n`)
    assert.deepEqual(
      [two.statusCode, two.json().error],
      [400, { code: 'invalid_input', message: 'an upload carries exactly one file; this one carries more' }],
    )
    // The reader had the whole first file but never its end: whoever commits at the end commits nothing.
    assert.deepEqual(seen[1], { bytes: 300, ended: false })
    const json = await send('{"file": "a.dat"}', 'application/json')
    assert.deepEqual([json.statusCode, json.json().error.code], [415, 'unsupported_media_type'])
    await app.close()
  })
})

describe('rate limiting', () => {
  it('answers 429 past the limit, per principal, and counts failed credentials per IP', async () => {
    const app = await sampleServer({ rateLimit: { max: 2, timeWindowMs: 60_000 } })
    const statuses = async (headers: Record<string, string>, n: number) => {
      const out: number[] = []
      for (let i = 0; i < n; i++) out.push((await app.inject({ url: '/me', headers })).statusCode)
      return out
    }
    assert.deepEqual(await statuses(MEMBER, 3), [200, 200, 429])
    assert.deepEqual(await statuses(CONSUMER, 1), [200])
    assert.deepEqual(await statuses({ authorization: 'Bearer guess' }, 3), [401, 401, 429])
    const limited = await app.inject({ url: '/me', headers: MEMBER })
    assert.equal(limited.json().error.code, 'too_many_requests')
    assert.equal(limited.json().requestId, limited.headers['x-request-id'])
    assert.ok(Number(limited.headers['retry-after']) > 0)
    for (let i = 0; i < 5; i++) assert.equal((await app.inject({ url: '/health' })).statusCode, 200)
    await app.close()
  })

  it("counts a member's unknown paths against its own limit, not against anonymous callers of its address", async () => {
    const app = await sampleServer({ rateLimit: { max: 2, timeWindowMs: 60_000 } })
    const status = async (url: string, headers: Record<string, string> = {}) =>
      (await app.inject({ url, headers })).statusCode
    for (let i = 0; i < 2; i++) assert.equal(await status('/nowhere', MEMBER), 404)
    assert.equal(await status('/nowhere', MEMBER), 429, 'its own bucket is spent')
    assert.equal(await status('/public'), 200, 'the address is not')
    assert.equal(await status('/nowhere', CONSUMER), 404, "nor another caller's")
    // A credential that names no one is counted per address, as a failed credential is on any route.
    assert.equal(await status('/nowhere', { authorization: 'Bearer guess' }), 404)
    await app.close()
  })

  it('does not limit when disabled', async () => {
    const app = await sampleServer({ rateLimit: false })
    for (let i = 0; i < 5; i++) {
      const res = await app.inject({ url: '/me', headers: MEMBER })
      assert.equal(res.statusCode, 200)
      assert.equal(res.headers['x-ratelimit-limit'], undefined)
    }
    await app.close()
  })
})

describe('listenWithShutdown', () => {
  async function slowServer(events: string[]) {
    const app = await sampleServer()
    let started!: () => void
    const inFlight = new Promise<void>((resolve) => (started = resolve))
    app.get('/slow', async () => {
      started()
      await sleep(300)
      events.push('request finished')
      return { done: true }
    })
    return { app, inFlight }
  }

  it(
    'on SIGTERM finishes the request in flight, then closes resources, then exits 0',
    { timeout: 10_000 },
    async () => {
      const events: string[] = []
      const { app, inFlight } = await slowServer(events)
      let exited!: (code: number) => void
      const exit = new Promise<number>((resolve) => (exited = resolve))
      const { address } = await listenWithShutdown(
        app,
        { host: '127.0.0.1', port: 0 },
        async () => {
          events.push('resources closed')
        },
        { exit: (code) => exited(code) },
      )
      const response = fetch(`${address}/slow`, { headers: MEMBER })
      await inFlight
      process.kill(process.pid, 'SIGTERM')
      const res = await response
      assert.equal(res.status, 200)
      assert.deepEqual(await res.json(), { done: true })
      assert.equal(await exit, 0)
      assert.deepEqual(events, ['request finished', 'resources closed'])
      await assert.rejects(fetch(`${address}/health`))
    },
  )

  it('exits at once with 1 on a second signal', { timeout: 10_000 }, async () => {
    const events: string[] = []
    const { app, inFlight } = await slowServer(events)
    const codes: number[] = []
    const { address, close } = await listenWithShutdown(app, { host: '127.0.0.1', port: 0 }, async () => {}, {
      signals: ['SIGUSR2'],
      exit: (code) => codes.push(code),
    })
    const response = fetch(`${address}/slow`, { headers: MEMBER })
    await inFlight
    process.kill(process.pid, 'SIGUSR2')
    process.kill(process.pid, 'SIGUSR2')
    while (codes.length === 0) await sleep(5)
    assert.deepEqual(codes, [1])
    assert.deepEqual(events, [])
    assert.equal((await response).status, 200)
    await close()
  })

  it('says in one line why it cannot listen, and closes what was opened for it', async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const port = (taken.address() as AddressInfo).port
    const cases = [
      [
        { host: '127.0.0.1', port },
        'conflict',
        'the port is in use (another server?); choose another with --port or PORT',
      ],
      [
        { host: '203.0.113.7', port: 0 },
        'invalid_input',
        '203.0.113.7 is not an address of this machine (--host or HOST)',
      ],
    ] as const
    for (const [address, code, reason] of cases) {
      let closed = 0
      await assert.rejects(
        listenWithShutdown(await sampleServer(), address, async () => void closed++, { signals: [] }),
        (e: unknown) =>
          e instanceof AppError &&
          e.code === code &&
          e.message === `cannot listen on ${address.host}:${address.port}: ${reason}`,
      )
      assert.equal(closed, 1)
    }
    await new Promise((resolve) => taken.close(resolve))
  })
})

describe('requests the HTTP parser refuses', () => {
  it('answers oversized headers, a malformed request, a missing Host and CONNECT in the error shape, with a request id', async (t) => {
    const app = await sampleServer()
    // Closed however the test ends: a listening server left open would keep the test process alive.
    t.after(() => app.close())
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address() as AddressInfo
    const raw = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port }, () => socket.end(text))
        let out = ''
        socket.setEncoding('utf8').on('data', (s: string) => (out += s))
        socket.on('close', () => resolve(out)).on('error', reject)
      })
    const answer = (response: string) => {
      const [head = '', body = ''] = response.split('\r\n\r\n')
      const id = /^x-request-id: (\S+)$/m.exec(head)?.[1]
      return { status: head.split('\r\n')[0], body: JSON.parse(body) as unknown, id }
    }
    const big = answer(await raw(`GET /health HTTP/1.1\r\nhost: x\r\nx-pad: ${'a'.repeat(20_000)}\r\n\r\n`))
    assert.equal(big.status, 'HTTP/1.1 431 Request Header Fields Too Large')
    assert.deepEqual(big.body, {
      error: { code: 'invalid_input', message: 'the request headers are larger than the server takes' },
      requestId: big.id,
    })
    const bad = answer(await raw('NOT A REQUEST\r\n\r\n'))
    assert.equal(bad.status, 'HTTP/1.1 400 Bad Request')
    assert.match(JSON.stringify(bad.body), /"code":"invalid_input","message":"malformed HTTP request \(HPE_/)
    // Found by probing: Node answered a missing Host itself, with an empty body, and dropped a CONNECT unanswered.
    const hostless = answer(await raw('GET /health HTTP/1.1\r\n\r\n'))
    assert.equal(hostless.status, 'HTTP/1.1 400 Bad Request')
    assert.deepEqual(hostless.body, {
      error: { code: 'invalid_input', message: 'an HTTP/1.1 request needs a Host header' },
      requestId: hostless.id,
    })
    const tunnel = answer(await raw('CONNECT 127.0.0.1:22 HTTP/1.1\r\nhost: 127.0.0.1:22\r\n\r\n'))
    assert.equal(tunnel.status, 'HTTP/1.1 405 Method Not Allowed')
    assert.deepEqual(tunnel.body, {
      error: { code: 'method_not_allowed', message: 'CONNECT is not served: this server is no proxy' },
      requestId: tunnel.id,
    })
    const old = answer(await raw('GET /health HTTP/1.0\r\n\r\n'))
    assert.equal(old.status, 'HTTP/1.1 200 OK', 'HTTP/1.0 has no Host to require')
  })
})
