// Settings from the environment (README "Configuration"): each bad value is named, never taken for something
// else. Found by probing: an empty PORT listened on a random port, an empty HOST on every interface, '0xA1FA' was a
// port, and a DATABASE_URL with a port over 65535 ended in "unexpected error" and a stack (exit 70).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Command, CommanderError } from 'commander'
import { ConfigError, loadConfig } from './config.ts'
import { isAppError } from './platform/errors.ts'
import { openPostgres } from './platform/postgres-db.ts'
import { registerServeCommand } from './server.ts'

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env)
    return []
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e))
    return e.problems
  }
}

describe('loadConfig', () => {
  it('takes PORT, OPENBUREAU_DB_POOL and OPENBUREAU_UPLOAD_MAX_BYTES in decimal digits only', () => {
    for (const value of ['', ' ', '0xA1FA', '4.14e4', '-1', '80 80'])
      for (const name of ['PORT', 'OPENBUREAU_DB_POOL', 'OPENBUREAU_UPLOAD_MAX_BYTES'])
        assert.deepEqual(
          problemsOf({ [name]: value }),
          [`${name}: must be a whole number in decimal digits`],
          `${name}=${JSON.stringify(value)}`,
        )
    assert.equal(problemsOf({ PORT: '65536' }).length, 1)
    const c = loadConfig({ PORT: '41400', OPENBUREAU_DB_POOL: '20' })
    assert.deepEqual([c.port, c.dbPoolSize], [41400, 20])
    assert.equal(loadConfig({}).port, 8080)
  })

  it('takes as many uploads at once as leave two connections of the pool, and one on PGlite', () => {
    const pg = { DATABASE_URL: 'postgres://127.0.0.1/ob' }
    assert.equal(loadConfig(pg).uploadConcurrency, 8)
    assert.equal(loadConfig({ ...pg, OPENBUREAU_DB_POOL: '3' }).uploadConcurrency, 1)
    assert.equal(loadConfig({}).uploadConcurrency, 1)
    assert.equal(loadConfig({ ...pg, OPENBUREAU_UPLOAD_CONCURRENCY: '9' }).uploadConcurrency, 9)
    assert.deepEqual(problemsOf({ ...pg, OPENBUREAU_UPLOAD_CONCURRENCY: '10' }), [
      'OPENBUREAU_UPLOAD_CONCURRENCY: must be below OPENBUREAU_DB_POOL (10), so that other requests keep a connection while uploads arrive',
    ])
    assert.deepEqual(problemsOf({ OPENBUREAU_UPLOAD_CONCURRENCY: '0' }).length, 1)
    assert.deepEqual(problemsOf({ OPENBUREAU_UPLOAD_CONCURRENCY: '2' }), [
      'OPENBUREAU_UPLOAD_CONCURRENCY: the embedded database has one connection, so at most 1 upload at once (2 given)',
    ])
    assert.deepEqual(problemsOf({ ...pg, OPENBUREAU_DB_POOL: '1', OPENBUREAU_UPLOAD_CONCURRENCY: '5' }), [
      'OPENBUREAU_UPLOAD_CONCURRENCY: must be below OPENBUREAU_DB_POOL (1), so that other requests keep a connection while uploads arrive',
    ])
    assert.equal(loadConfig({ ...pg, OPENBUREAU_DB_POOL: '1' }).uploadConcurrency, 1)
  })

  it('takes OPENBUREAU_UPLOAD_MIN_RATE in bytes a second, 64 KiB unless given, never 0', () => {
    assert.equal(loadConfig({}).uploadMinRate, 65536)
    assert.equal(loadConfig({ OPENBUREAU_UPLOAD_MIN_RATE: '8192' }).uploadMinRate, 8192)
    for (const value of ['0', '64k', ''])
      assert.equal(problemsOf({ OPENBUREAU_UPLOAD_MIN_RATE: value }).length, 1, value)
  })

  it('refuses an empty HOST rather than listen on every interface', () => {
    for (const value of ['', '  '])
      assert.deepEqual(problemsOf({ HOST: value }), [
        'HOST: is empty; name an address (0.0.0.0 or :: for every interface)',
      ])
    assert.equal(loadConfig({ HOST: '0.0.0.0' }).host, '0.0.0.0')
    assert.equal(loadConfig({}).host, '127.0.0.1')
  })

  it('takes PGCONNECT_TIMEOUT in whole seconds, as libpq does, and names any other value', () => {
    assert.equal(loadConfig({ PGCONNECT_TIMEOUT: '7' }).pgConnectTimeout, '7')
    assert.deepEqual(problemsOf({ PGCONNECT_TIMEOUT: 'soon' }), [
      'PGCONNECT_TIMEOUT: must be a whole number of seconds',
    ])
  })

  it('names a DATABASE_URL that cannot be read, without its password', () => {
    for (const url of ['postgres://u:pw@127.0.0.1:99999/db', 'postgres://u:pw@[bad/db']) {
      const problems = problemsOf({ DATABASE_URL: url })
      assert.deepEqual(problems, [
        'DATABASE_URL: is not a URL that can be read (a host, and a port from 1 to 65535, if given)',
      ])
    }
  })
})

describe('OPENBUREAU_TRUST_PROXY', () => {
  // Found by probing: behind a load balancer every anonymous caller shared one rate-limit bucket, and nothing set
  // which proxies to believe.
  it('takes proxy addresses and ranges, and refuses anything else by name, a hop count too', () => {
    assert.equal(loadConfig({}).trustProxy, undefined)
    assert.deepEqual(loadConfig({ OPENBUREAU_TRUST_PROXY: '10.0.0.0/8, ::1, loopback' }).trustProxy, [
      '10.0.0.0/8',
      '::1',
      'loopback',
    ])
    // A bare hop count would believe the header from any caller that reaches the server directly.
    for (const value of ['true', '', '0', '2', '10.0.0.0/33', '10.0.0.1/8/9', 'proxy.local'])
      assert.match(
        problemsOf({ OPENBUREAU_TRUST_PROXY: value }).join(),
        /^OPENBUREAU_TRUST_PROXY: must be a comma-separated list of proxy addresses/,
        value,
      )
  })
})

describe('the database URL and the listening address, past the settings', () => {
  it('answers a URL the driver cannot read with one line naming the server, not a TypeError', async () => {
    await assert.rejects(
      openPostgres('postgres://u:pw@127.0.0.1:99999/db'),
      (e: unknown) => isAppError(e) && e.code === 'invalid_input' && !e.message.includes('pw'),
    )
  })

  it('refuses serve --host with an empty address before anything opens', async () => {
    const program = new Command('openbureau').exitOverride().configureOutput({ writeErr: () => {} })
    const nothing = () => Promise.reject(new Error('nothing may open'))
    registerServeCommand(program, { get: nothing }, nothing)
    await assert.rejects(
      program.parseAsync(['serve', '--host', ' '], { from: 'user' }),
      (e: unknown) =>
        e instanceof CommanderError && /--host <host>.*is empty; name an address/.test(e.message),
    )
  })
})
