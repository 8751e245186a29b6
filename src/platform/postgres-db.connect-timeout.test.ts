// A server that takes the connection and never answers must not hold a command for ever: the connection is given
// up after the connect timeout, and said as a database that cannot be reached is (README "Exit codes").
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { isAppError } from './errors.ts'
import { connectTimeoutMillis, openPostgres } from './postgres-db.ts'

/** A loopback listener that accepts every connection and never writes a byte. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server = createServer((s) => {
    sockets.add(s)
    s.on('error', () => {})
    s.on('close', () => sockets.delete(s))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const s of sockets) s.destroy()
      await new Promise((r) => server.close(r))
    },
  }
}

describe('openPostgres connect timeout', () => {
  it('reads connect_timeout from the URL, else PGCONNECT_TIMEOUT, else 10 s, with libpq meaning', () => {
    assert.equal(connectTimeoutMillis('postgres://u@h/db', undefined), 10_000)
    assert.equal(connectTimeoutMillis('postgres://u@h/db', ''), 10_000)
    assert.equal(connectTimeoutMillis('postgres://u@h/db', '7'), 7_000)
    assert.equal(connectTimeoutMillis('postgres://u@h/db?connect_timeout=3', '7'), 3_000)
    // libpq: zero or less waits for ever; 1 is taken as its minimum of 2.
    assert.equal(connectTimeoutMillis('postgres://u@h/db?connect_timeout=0', undefined), 0)
    assert.equal(connectTimeoutMillis('postgres://u@h/db?connect_timeout=1', undefined), 2_000)
    assert.throws(
      () => connectTimeoutMillis('postgres://u@h/db?connect_timeout=soon', undefined),
      (e: unknown) =>
        isAppError(e) &&
        e.code === 'invalid_input' &&
        e.message === "connect_timeout in the URL: 'soon' is not a whole number of seconds",
    )
  })

  // The limit: without a connect timeout, this waited for ever.
  it(
    'gives up on a server that accepts and never answers, naming the server and the timeout',
    { timeout: 20_000 },
    async () => {
      const server = await silentServer()
      try {
        const started = Date.now()
        await assert.rejects(
          openPostgres(`postgres://someone:secret@127.0.0.1:${server.port}/x?connect_timeout=2`),
          (e: unknown) =>
            isAppError(e) &&
            e.code === 'invalid_input' &&
            e.message ===
              `cannot connect to the database at 127.0.0.1:${server.port}/x: no answer within 2 s (connect_timeout)`,
        )
        assert.ok(Date.now() - started < 8000, 'within about the timeout')
      } finally {
        await server.close()
      }
    },
  )

  it('ends a command with one line and exit 2 on such a server, PGCONNECT_TIMEOUT honoured', async () => {
    const server = await silentServer()
    try {
      const { DATABASE_URL: _server, ...env } = process.env
      const child = spawn(process.execPath, ['bin/openbureau.mjs', 'batches'], {
        cwd: join(import.meta.dirname, '..', '..'),
        env: {
          ...env,
          DATABASE_URL: `postgres://someone:secret@127.0.0.1:${server.port}/x`,
          PGCONNECT_TIMEOUT: '2',
        },
      })
      let stderr = ''
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      // Were it to hang, the test's own limit ends it rather than the suite.
      const timer = setTimeout(() => child.kill(), 30_000)
      const [status] = (await once(child, 'close')) as [number | null]
      clearTimeout(timer)
      assert.equal(status, 2, stderr)
      assert.equal(
        stderr,
        `openbureau: cannot connect to the database at 127.0.0.1:${server.port}/x: no answer within 2 s (connect_timeout)\n`,
      )
    } finally {
      await server.close()
    }
  })
})
