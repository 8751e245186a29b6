// Which address a request comes from, behind proxies (OPENBUREAU_TRUST_PROXY): the rate limit of an anonymous
// caller and the log's remoteAddress take it. Found by probing: no setting reached the server, so behind a load
// balancer every anonymous caller shared the balancer's bucket.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sampleServer } from './http.fixture.ts'
import type { HttpServerOptions } from './index.ts'

async function ipSeen(trustProxy: HttpServerOptions['trustProxy'] | undefined): Promise<string> {
  const app = await sampleServer(trustProxy === undefined ? {} : { trustProxy })
  app.get('/ip', { config: { public: true } }, async (request) => ({ ip: request.ip }))
  try {
    const res = await app.inject({
      url: '/ip',
      remoteAddress: '10.0.0.5',
      headers: { 'x-forwarded-for': '203.0.113.9, 198.51.100.7' },
    })
    assert.equal(res.statusCode, 200, res.body)
    return res.json<{ ip: string }>().ip
  } finally {
    await app.close()
  }
}

describe('trusted proxies', () => {
  it('believes X-Forwarded-For only as far as the proxies it is told to trust', async () => {
    assert.equal(await ipSeen(undefined), '10.0.0.5')
    assert.equal(await ipSeen(['10.0.0.0/8', '198.51.100.7']), '203.0.113.9')
    assert.equal(await ipSeen(['10.0.0.0/8']), '198.51.100.7')
    assert.equal(await ipSeen(['192.168.0.0/16']), '10.0.0.5')
  })
})
