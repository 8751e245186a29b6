// The app refuses a national-ID token key or a master key other than the ones its database was written with,
// naming the variable, before anything is read or written (migration 0016, key-check.ts).
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { openApp } from './app.ts'
import { ConfigError, generateSecrets, loadConfig } from './config.ts'

describe('the keys a database was written with', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ob-key-check-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const secrets = generateSecrets()
  // The embedded database of a folder of its own, whatever DATABASE_URL the test run has.
  const env = (over: Record<string, string> = {}) =>
    loadConfig({
      OPENBUREAU_DATA_DIR: dir,
      OPENBUREAU_TOKEN_KEY: secrets.tokenKey.toString('base64'),
      OPENBUREAU_MASTER_KEY: secrets.masterKey.toString('base64'),
      OPENBUREAU_SIGNING_KEY: secrets.signingKey,
      LOG_LEVEL: 'silent',
      ...over,
    })
  const other = generateSecrets()
  const refusal = async (over: Record<string, string>) => {
    const e: unknown = await openApp(env(over)).then(
      async (app) => {
        await app.close()
        return undefined
      },
      (e: unknown) => e,
    )
    assert.ok(e instanceof ConfigError, `refused: ${String(e)}`)
    return e.problems.map((p) => p.split(':')[0])
  }

  it('opens with the same keys, and refuses another token key or master key by name', async () => {
    for (let i = 0; i < 2; i++) await (await openApp(env())).close()
    assert.deepEqual(await refusal({ OPENBUREAU_TOKEN_KEY: other.tokenKey.toString('base64') }), [
      'OPENBUREAU_TOKEN_KEY',
    ])
    assert.deepEqual(await refusal({ OPENBUREAU_MASTER_KEY: other.masterKey.toString('base64') }), [
      'OPENBUREAU_MASTER_KEY',
    ])
    await (await openApp(env())).close()
  })

  it('creates the folder of the embedded database for its owner only', async () => {
    const fresh = join(dir, 'fresh')
    await (await openApp({ ...env(), dataDir: fresh })).close()
    assert.equal(statSync(fresh).mode & 0o777, 0o700)
  })

  it('refuses a data folder that cannot be made as a configuration error naming the setting', async () => {
    const file = join(dir, 'a-file')
    writeFileSync(file, '')
    for (const dataDir of [file, join(file, 'below')]) {
      const e: unknown = await openApp({ ...env(), dataDir }).then(
        (app) => app.close(),
        (e: unknown) => e,
      )
      assert.ok(e instanceof ConfigError, `refused: ${String(e)}`)
      assert.deepEqual(e.problems, [
        `OPENBUREAU_DATA_DIR: cannot write ${dataDir}: a file stands where a folder must be`,
      ])
    }
  })

  it('refuses a key that is not standard base64, and a damaged secrets file, as configuration errors', async () => {
    const prose = 'this is not base64 at all!! but it is long enough to decode to 32 bytes'
    assert.throws(() => env({ OPENBUREAU_TOKEN_KEY: prose }), /OPENBUREAU_TOKEN_KEY: must be standard base64/)
    const stray = secrets.masterKey.toString('base64') + 'xyz'
    assert.throws(
      () => env({ OPENBUREAU_MASTER_KEY: stray }),
      /OPENBUREAU_MASTER_KEY: must be standard base64/,
    )
    const demo = mkdtempSync(join(tmpdir(), 'ob-key-check-demo-'))
    try {
      const file = join(demo, 'secrets.json')
      const opened = () => openApp(loadConfig({ OPENBUREAU_DATA_DIR: demo, LOG_LEVEL: 'silent' }))
      writeFileSync(file, '{"tokenKey": ')
      await assert.rejects(
        opened(),
        (e: unknown) => e instanceof ConfigError && /secrets\.json: not JSON/.test(e.message),
      )
      // Found by probing: JSON.parse's own message quoted part of the key that a damaged file holds.
      writeFileSync(file, '{"tokenKey": Zm9vYmFyYmF6cXV4c2VjcmV0MTIzNDU2, "masterKey": "x"}')
      await assert.rejects(opened(), (e: unknown) => {
        assert.ok(e instanceof ConfigError, String(e))
        assert.match(e.message, /secrets\.json: not JSON \(an unexpected character\)/)
        assert.ok(!e.message.includes('Zm9v'), e.message)
        return true
      })
      writeFileSync(file, JSON.stringify({ tokenKey: 'abc', masterKey: 'abc', signingKey: 'x' }))
      await assert.rejects(
        opened(),
        (e: unknown) =>
          e instanceof ConfigError &&
          ['tokenKey', 'masterKey', 'signingKey'].every((k) => e.message.includes(`: ${k}:`)),
      )
    } finally {
      rmSync(demo, { recursive: true, force: true })
    }
  })
})
