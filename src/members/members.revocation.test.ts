// A revocation or a suspension that has answered ends a key's use on every process at once, although another
// process's key cache hears of it only by the change's notice (key-cache.ts). Two servers as `openbureau serve`
// builds them (buildServer over createModules) share one database; the second never hears a notice, as if
// every notice were still on its way, so any request it served from a stale cache would show.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { testApp } from '../app.fixture.ts'
import type { App } from '../app.ts'
import { sampleBase, sampleHeader, writeMetro2 } from '../metro2/index.ts'
import { createModules, type Modules } from '../modules.ts'
import { sql } from 'kysely'
import { AppError } from '../platform/errors.ts'
import type { HttpServer, Principal } from '../platform/http/index.ts'
import type { Listen } from '../platform/notifications.ts'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { buildServer } from '../server.ts'
import { apiKeyId } from './members.model.ts'

const SSN = '123-45-6781'

// Hears nothing, yet says it listens: the cache serves and is never cleared by another process's change.
const deaf: Listen = async () => ({ stop: async () => {} })

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes
}

describe('a revocation or suspension seen by another process', () => {
  let db: TestDb
  let here: { mods: Modules; server: HttpServer }
  let there: { mods: Modules; server: HttpServer }
  let operatorKey: string
  before(async () => {
    db = await openTestDb()
    const app = testApp(db)
    const elsewhere: App = { ...app, db: { ...db, listen: deaf } }
    const [a, b] = [createModules(app), createModules(elsewhere)]
    const add = (id: string, roles: ('operator' | 'furnisher' | 'user')[], metro2Ids: string[] = []) =>
      a.members.add({ id, name: id, kind: roles.includes('operator') ? 'bureau' : 'bank', roles, metro2Ids })
    await add('bureau', ['operator'])
    await add('ops-2', ['operator'])
    await add('bank', ['furnisher', 'user'], ['BANK01'])
    operatorKey = (await a.members.createApiKey('bureau')).key
    const record = sampleBase({
      identificationNumber: 'BANK01',
      consumerAccountNumber: 'ACCT-1',
      socialSecurityNumber: Number(SSN.replace(/-/g, '')),
      telephoneNumber: 0,
    })
    const file = writeMetro2(
      {
        header: sampleHeader('2024-05-31', { transUnionProgramIdentifier: 'BANK01' }),
        data: [{ base: record, j1: [], j2: [] }],
      },
      { format: 'fixed', lineBreaks: true },
    )
    const ingested = await a.furnishing.ingest.ingest({ source: once(file), furnisher: 'bank' })
    assert.equal(ingested.status, 'applied')
    const serve = async (app: App, mods: Modules) => ({
      mods,
      server: await buildServer(app, mods, { rateLimit: false, logRequests: false }),
    })
    here = await serve(app, a)
    there = await serve(elsewhere, b)
  })
  after(async () => {
    await here.server.close()
    await there.server.close()
    await here.mods.close()
    await there.mods.close()
    await db.dispose()
  })

  const bearer = (key: string) => ({ authorization: `Bearer ${key}` })
  const report = (key: string) =>
    there.server.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: bearer(key),
      payload: { nationalId: { type: 'us-ssn', value: SSN }, purpose: 'credit_application' },
    })
  const furnisherRoute = (key: string) =>
    there.server.inject({ method: 'GET', url: '/v1/furnishing/files', headers: bearer(key) })
  const operatorRoute = (key: string, id: string) =>
    there.server.inject({
      method: 'POST',
      url: '/v1/members',
      headers: bearer(key),
      payload: { id, name: id, kind: 'bureau', roles: ['operator'] },
    })
  const administer = async (method: 'DELETE' | 'POST', url: string) => {
    const res = await here.server.inject({ method, url, headers: bearer(operatorKey) })
    assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`)
  }
  const refusals = async () =>
    (await here.mods.audit.tail({ limit: 50 }))
      .filter((e) => e.action === 'report.refused')
      .map((e) => e.reason)

  it('refuses a key revoked through one process at once on the other, on every kind of route', async () => {
    const bank = await here.mods.members.createApiKey('bank')
    const operator = await here.mods.members.createApiKey('ops-2')
    // The other process has served both keys, and would keep them while it hears of no change.
    assert.equal((await report(bank.key)).statusCode, 200)
    assert.equal((await furnisherRoute(bank.key)).statusCode, 200)
    assert.equal((await operatorRoute(operator.key, 'ops-3')).statusCode, 201)
    await administer('DELETE', `/v1/keys/${bank.info.keyId}`)
    await administer('DELETE', `/v1/keys/${operator.info.keyId}`)
    assert.equal((await report(bank.key)).statusCode, 401)
    assert.equal((await furnisherRoute(bank.key)).statusCode, 401)
    assert.equal((await operatorRoute(operator.key, 'ops-4')).statusCode, 401)
    assert.equal(await here.mods.members.get('ops-4').catch(() => undefined), undefined)
  })

  it('refuses a member suspended through one process at once on the other, and serves it once reactivated', async () => {
    const bank = await here.mods.members.createApiKey('bank')
    const operator = await here.mods.members.createApiKey('ops-2')
    assert.equal((await report(bank.key)).statusCode, 200)
    assert.equal((await furnisherRoute(bank.key)).statusCode, 200)
    assert.equal((await operatorRoute(operator.key, 'ops-5')).statusCode, 201)
    await administer('POST', '/v1/members/bank/suspend')
    await administer('POST', '/v1/members/ops-2/suspend')
    // Refused as a suspended member is: the report as if no one were on file, with the reason in the audit log.
    const refused = await report(bank.key)
    assert.equal(refused.statusCode, 404)
    assert.ok((await refusals()).includes('member bank is suspended'))
    assert.equal((await furnisherRoute(bank.key)).statusCode, 403)
    assert.equal((await operatorRoute(operator.key, 'ops-6')).statusCode, 403)
    assert.equal(await here.mods.members.get('ops-6').catch(() => undefined), undefined)
    await administer('POST', '/v1/members/bank/reactivate')
    await administer('POST', '/v1/members/ops-2/reactivate')
    assert.equal((await report(bank.key)).statusCode, 200)
    assert.equal((await furnisherRoute(bank.key)).statusCode, 200)
    assert.equal((await operatorRoute(operator.key, 'ops-7')).statusCode, 201)
  })

  it('confirms a holder that the lender report takes from the cache with its own reads', async () => {
    const bank = await here.mods.members.createApiKey('bank')
    // The principal as the server builds it for POST /v1/reports, the one route that may take it from the cache.
    const cached = async (): Promise<Principal> => {
      const m = (await there.mods.members.authenticate(bank.key, { cached: true }))!
      return { kind: 'member', id: m.id, roles: m.roles, memberStatus: m.status, keyId: apiKeyId(bank.key)! }
    }
    const body = {
      nationalId: { type: 'us-ssn' as const, value: SSN },
      purpose: 'credit_application' as const,
    }
    const ask = async () =>
      there.mods.reports.reports.request(await cached(), body).then(
        () => 'served',
        (e: unknown) => (e instanceof AppError ? e.code : e),
      )
    const inquiries = async () =>
      (
        await sql<{ n: number }>`select count(*)::int as n from inquiries where member_id = 'bank'`.execute(
          db.kysely,
        )
      ).rows[0]!.n
    assert.equal(await ask(), 'served')
    await here.mods.members.suspend('bank')
    assert.equal((await cached()).memberStatus, 'active', 'the cache has not heard of the suspension')
    const before = await inquiries()
    assert.equal(await ask(), 'not_found')
    assert.ok((await refusals()).includes('member bank is suspended'))
    await here.mods.members.reactivate('bank')
    assert.equal(await ask(), 'served')
    await here.mods.members.revokeApiKey(bank.info.keyId)
    assert.equal((await cached()).id, 'bank', 'the cache has not heard of the revocation')
    assert.equal(await ask(), 'unauthenticated')
    assert.ok((await refusals()).includes(`API key ${bank.info.keyId} of member bank is revoked`))
    assert.equal(await inquiries(), before + 1, 'only the report between reactivation and revocation')
  })
})
