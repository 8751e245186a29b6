import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { createAuditModule, type AuditModule } from '../audit/index.ts'
import { generateSecrets } from '../config.ts'
import { createIdentityModule } from '../identity/index.ts'
import {
  createHttpServer,
  type Authenticate,
  type HttpServer,
  type Principal,
} from '../platform/http/index.ts'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { createRightsModule, type FraudAlert, type Freeze, type RightsModule } from './index.ts'
import { DATE_TIME_FORM } from '../platform/input-date-time.ts'

describe('rights routes', () => {
  let db: TestDb
  let audit: AuditModule
  let rights: RightsModule
  let app: HttpServer
  // Each with a data key, under which the identity module seals their alerts' contact numbers.
  const consumers = { alice: '', bob: '' }
  const clock = { now: new Date('2024-07-10T09:00:00.000Z') }
  const advanceDays = (days: number) => (clock.now = new Date(clock.now.getTime() + days * 86_400_000))
  const principals: Record<string, Principal> = {
    bankA: { kind: 'member', id: 'bank-a', roles: ['user'], memberStatus: 'active' },
  }
  type Who = 'alice' | 'bob' | 'bankA'

  before(async () => {
    db = await openTestDb()
    const identity = createIdentityModule(db, generateSecrets())
    for (const who of ['alice', 'bob'] as const) {
      const address = {
        line1: '1 Main St',
        line2: '',
        city: 'Town',
        state: 'NY',
        postcode: '10001',
        country: 'US',
      }
      const person = { surname: who.toUpperCase(), firstName: 'X', birthDate: '1980-01-01', address }
      const [r] = await db.transaction((tx) => identity.resolveIdentities(tx, [person], '2024-07-01', 'test'))
      if (!r?.ok) throw new Error(`fixture consumer ${who} not created`)
      consumers[who] = r.consumerKey
      principals[who] = { kind: 'consumer', id: r.consumerKey, roles: [] }
    }
    audit = createAuditModule(db)
    rights = createRightsModule(db, {
      record: async (tx, e) => {
        await audit.append(tx, e)
      },
      seal: (tx, key, text) => identity.sealValue(tx, key, 'alert_contact', text),
      open: (tx, key, sealed) => identity.openValue(tx, key, 'alert_contact', sealed),
      // A millisecond on at each reading, so that alerts placed one after the other sort that way.
      clock: () => (clock.now = new Date(clock.now.getTime() + 1)),
    })
    const authenticate: Authenticate = async (request) =>
      principals[(request.headers.authorization ?? '').replace(/^Bearer /, '')]
    app = await createHttpServer({ authenticate, rateLimit: false })
    await app.register(rights.routes)
    await app.ready()
  })
  after(async () => {
    await app.close()
    await db.dispose()
  })

  const events = async (action: string) =>
    (await audit.tail({ limit: 500 })).filter((e) => e.action === action)
  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, who: Who, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${who}` },
      ...(payload === undefined ? {} : { payload }),
    })
  const alerts = async (who: 'alice' | 'bob' = 'alice') =>
    (await call('GET', '/v1/me/alerts', who)).json<{ alerts: FraudAlert[] }>().alerts

  it('places an initial alert for one year and an extended one for seven, on an identity theft report', async () => {
    const initial = await call('POST', '/v1/me/alerts', 'alice', { kind: 'initial' })
    assert.equal(initial.statusCode, 201)
    const a = initial.json<FraudAlert>()
    assert.equal(a.status, 'active')
    assert.equal(new Date(a.expiresAt).getUTCFullYear() - new Date(a.placedAt).getUTCFullYear(), 1)
    assert.equal(a.expiresAt.slice(4), a.placedAt.slice(4))
    const unfounded = await call('POST', '/v1/me/alerts', 'alice', {
      kind: 'extended',
      contactPhone: '+12025550143',
    })
    assert.equal(unfounded.statusCode, 400)
    const extended = await call('POST', '/v1/me/alerts', 'alice', {
      kind: 'extended',
      identityTheftReport: true,
      contactPhone: '+1 202-555-0143',
    })
    assert.equal(extended.statusCode, 201)
    const e = extended.json<FraudAlert>()
    assert.equal(e.contactPhone, '+12025550143', 'spaces and dashes taken out')
    assert.equal(a.contactPhone, null)
    assert.equal(new Date(e.expiresAt).getUTCFullYear() - new Date(e.placedAt).getUTCFullYear(), 7)
    assert.deepEqual(
      (await alerts()).map((x) => [x.kind, x.status]),
      [
        ['extended', 'active'],
        ['initial', 'active'],
      ],
    )
    const placedEvents = await events('alert.placed')
    assert.deepEqual(
      placedEvents.map((x) => [x.consumerKey, x.actor.id, x.details['kind']]),
      [
        [consumers.alice, consumers.alice, 'extended'],
        [consumers.alice, consumers.alice, 'initial'],
      ],
    )
  })

  it('refuses a second alert of a kind already in force', async () => {
    const again = await call('POST', '/v1/me/alerts', 'alice', { kind: 'initial' })
    assert.equal(again.statusCode, 409)
    assert.equal((await alerts()).length, 2)
  })

  it('removes one alert, then all, recording each removal; an unknown alert is not found', async () => {
    const [extended] = await alerts()
    const one = await call('DELETE', `/v1/me/alerts/${extended!.id}`, 'alice')
    assert.equal(one.statusCode, 200)
    assert.equal(one.json<FraudAlert>().status, 'removed')
    const again = await call('DELETE', `/v1/me/alerts/${extended!.id}`, 'alice')
    assert.equal(again.statusCode, 404)
    assert.equal((await call('DELETE', `/v1/me/alerts/${randomUUID()}`, 'alice')).statusCode, 404)
    const rest = await call('DELETE', '/v1/me/alerts', 'alice')
    assert.deepEqual(
      rest.json<{ alerts: FraudAlert[] }>().alerts.map((x) => [x.kind, x.status]),
      [['initial', 'removed']],
    )
    assert.deepEqual(
      (await alerts()).map((x) => x.status),
      ['removed', 'removed'],
    )
    assert.equal((await events('alert.removed')).length, 2)
    const none = await call('DELETE', '/v1/me/alerts', 'alice')
    assert.deepEqual(none.json(), { alerts: [] })
    assert.equal((await events('alert.removed')).length, 2, 'removing nothing records nothing')
  })

  it('lets an initial alert lapse after a year', async () => {
    assert.equal((await call('POST', '/v1/me/alerts', 'bob', { kind: 'initial' })).statusCode, 201)
    const inForce = () => db.transaction((tx) => rights.protectionsOf(tx, consumers.bob, clock.now))
    assert.deepEqual(
      (await inForce()).alerts.map((a) => a.kind),
      ['initial'],
    )
    advanceDays(366)
    try {
      assert.deepEqual(
        (await alerts('bob')).map((x) => x.status),
        ['expired'],
      )
      assert.deepEqual(await inForce(), { frozen: false, alerts: [] })
      assert.equal((await call('POST', '/v1/me/alerts', 'bob', { kind: 'initial' })).statusCode, 201)
    } finally {
      advanceDays(-366)
    }
  })

  it('places an active duty alert for twelve months, refuses a second, and lets the consumer remove it', async () => {
    const placed = await call('POST', '/v1/me/alerts', 'bob', { kind: 'active_duty' })
    assert.equal(placed.statusCode, 201)
    const a = placed.json<FraudAlert>()
    assert.deepEqual([a.kind, a.status, a.contactPhone], ['active_duty', 'active', null])
    const expires = new Date(a.placedAt)
    expires.setUTCMonth(expires.getUTCMonth() + 12)
    assert.equal(a.expiresAt, expires.toISOString())
    assert.match(a.notice, /§605A\(c\)/)
    assert.match(a.notice, /§605A\(h\)\(1\)/)
    const again = await call('POST', '/v1/me/alerts', 'bob', { kind: 'active_duty' })
    assert.equal(again.statusCode, 409)
    assert.match(
      again.json<{ error: { message: string } }>().error.message,
      /active_duty fraud alert is in force/,
    )
    const inForce = await db.transaction((tx) => rights.protectionsOf(tx, consumers.bob, clock.now))
    assert.ok(inForce.alerts.some((x) => x.id === a.id))
    const removed = await call('DELETE', `/v1/me/alerts/${a.id}`, 'bob')
    assert.deepEqual([removed.statusCode, removed.json<FraudAlert>().status], [200, 'removed'])
    assert.deepEqual(
      (await events('alert.placed')).filter((e) => e.target === a.id).map((e) => e.details['kind']),
      ['active_duty'],
    )
  })

  it('requires a valid contact number for an extended alert, naming the field', async () => {
    for (const payload of [
      { kind: 'extended', identityTheftReport: true },
      { kind: 'extended', identityTheftReport: true, contactPhone: '0301 1234567' },
      { kind: 'initial', contactPhone: '+12' },
      { kind: 'active_duty', contactPhone: '+1 202 555 0143 ext 7' },
      { kind: 'extended', identityTheftReport: true, contactPhone: '+00000000' },
      { kind: 'initial', contactPhone: '+ 1202555014' },
      { kind: 'active_duty', contactPhone: '+-1-2-0-2-5-5-5-0-1' },
    ]) {
      const res = await call('POST', '/v1/me/alerts', 'bob', payload)
      assert.equal(res.statusCode, 400, JSON.stringify(payload))
      const { details } = res.json<{ error: { details: { path: string }[] } }>().error
      assert.deepEqual(
        details.map((d) => d.path),
        ['body.contactPhone'],
      )
    }
  })

  it('freezes and lifts the file, recording only actual changes', async () => {
    const freeze = async (method: 'GET' | 'POST' | 'DELETE') => {
      const res = await call(method, '/v1/me/freeze', 'alice')
      return [res.statusCode, res.json<Freeze>().frozen] as const
    }
    assert.deepEqual(await freeze('GET'), [200, false])
    assert.deepEqual(await freeze('POST'), [201, true])
    assert.deepEqual(await freeze('POST'), [200, true])
    assert.deepEqual(await freeze('GET'), [200, true])
    const held = await db.transaction((tx) => rights.protectionsOf(tx, consumers.alice, clock.now))
    assert.equal(held.frozen, true)
    assert.deepEqual(await freeze('DELETE'), [200, false])
    assert.deepEqual(await freeze('DELETE'), [200, false])
    assert.deepEqual([(await events('freeze.placed')).length, (await events('freeze.lifted')).length], [1, 1])
  })

  it('lifts the freeze for the period the consumer names, after which it binds again by itself', async () => {
    const inForce = async () =>
      (await db.transaction((tx) => rights.protectionsOf(tx, consumers.alice, clock.now))).frozen
    const liftUntil = (until: string) => call('POST', '/v1/me/freeze/temporary-lift', 'alice', { until })
    const inDays = (days: number) => new Date(clock.now.getTime() + days * 86_400_000).toISOString()
    const notFrozen = await liftUntil(inDays(3))
    assert.deepEqual(
      [notFrozen.statusCode, notFrozen.json<{ error: { message: string } }>().error.message],
      [409, 'the file is not frozen: there is no freeze to lift for a while'],
    )
    assert.equal((await call('POST', '/v1/me/freeze', 'alice')).statusCode, 201)
    const since = (await call('GET', '/v1/me/freeze', 'alice')).json<Freeze>().since
    for (const [until, problem] of [
      [inDays(-1), /^until must lie in the future/],
      [inDays(366), /^until must lie at most 365 days ahead/],
    ] as const) {
      const res = await liftUntil(until)
      assert.equal(res.statusCode, 400, until)
      const { message, details } = res.json<{ error: { message: string; details: unknown } }>().error
      assert.match(message, problem)
      assert.deepEqual(details, [{ path: 'body.until', message: message.replace(/^until /, '') }])
    }
    for (const until of [
      'next tuesday',
      '2027-01-01T00:00:00',
      '2027-01-01T00:00Z',
      '2027-01-01T00:00:00+0100',
    ]) {
      const res = await liftUntil(until)
      assert.deepEqual(
        [res.statusCode, res.json<{ error: { details: unknown } }>().error.details],
        [400, [{ path: 'body.until', message: DATE_TIME_FORM }]],
        until,
      )
    }

    const until = inDays(3)
    const lifted = await liftUntil(until)
    assert.equal(lifted.statusCode, 200)
    assert.deepEqual(lifted.json<Freeze>(), { frozen: false, since, liftedUntil: until })
    assert.deepEqual((await call('GET', '/v1/me/freeze', 'alice')).json<Freeze>(), lifted.json<Freeze>())
    assert.equal(await inForce(), false, 'a report may be released meanwhile')
    assert.deepEqual(
      (await events('freeze.lifted_temporarily')).map((e) => [e.consumerKey, e.details['until']]),
      [[consumers.alice, until]],
    )

    advanceDays(3)
    try {
      assert.equal(await inForce(), true, 'the freeze binds again at the end of the lift')
      assert.deepEqual((await call('GET', '/v1/me/freeze', 'alice')).json<Freeze>(), {
        frozen: true,
        since,
        liftedUntil: null,
      })
      const again = await liftUntil(inDays(1))
      assert.equal(again.statusCode, 200)
      // Freezing again ends the lift early, as one recorded change; the freeze placed at first stays.
      const resumed = await call('POST', '/v1/me/freeze', 'alice')
      assert.deepEqual(
        [resumed.statusCode, resumed.json<Freeze>()],
        [200, { frozen: true, since, liftedUntil: null }],
      )
      assert.equal(await inForce(), true)
      assert.deepEqual(
        (await events('freeze.resumed')).map((e) => e.details['liftedUntil']),
        [again.json<Freeze>().liftedUntil],
      )
      assert.equal((await call('POST', '/v1/me/freeze', 'alice')).statusCode, 200)
      assert.equal((await events('freeze.resumed')).length, 1, 'a freeze that binds records nothing more')
      assert.equal((await call('DELETE', '/v1/me/freeze', 'alice')).statusCode, 200)
      assert.equal(await inForce(), false)
    } finally {
      advanceDays(-3)
    }
  })

  it('shows the operator the freeze and the alerts in force as the consumer sees them, recording nothing', async () => {
    assert.equal((await call('POST', '/v1/me/freeze', 'bob')).statusCode, 201)
    const extended = { kind: 'extended', identityTheftReport: true, contactPhone: '+12025550199' }
    assert.equal((await call('POST', '/v1/me/alerts', 'bob', extended)).statusCode, 201)
    const recorded = (await audit.tail({ limit: 500 })).length
    const shown = []
    for (const who of ['alice', 'bob'] as const) {
      const held = await rights.inForce(consumers[who])
      const own = {
        freeze: (await call('GET', '/v1/me/freeze', who)).json<Freeze>(),
        alerts: (await alerts(who)).filter((a) => a.status === 'active'),
      }
      assert.deepEqual(held, own, who)
      shown.push(held)
    }
    assert.ok(shown.some((p) => p.freeze.frozen) && shown.some((p) => p.alerts.length > 0))
    assert.ok(
      shown.some((p) => p.alerts.some((a) => a.contactPhone !== null)),
      'a contact number opened',
    )
    assert.equal((await audit.tail({ limit: 500 })).length, recorded)
  })

  it('acts only for a consumer on their own file', async () => {
    assert.equal((await call('POST', '/v1/me/freeze', 'bankA')).statusCode, 403)
    assert.equal((await call('GET', '/v1/me/alerts', 'bankA')).statusCode, 403)
    assert.equal((await app.inject({ method: 'POST', url: '/v1/me/freeze' })).statusCode, 401)
    const stranger = { kind: 'consumer' as const, id: randomUUID(), roles: [] }
    await assert.rejects(rights.placeFreeze(stranger), /no file is held/)
    await assert.rejects(rights.alerts({ ...stranger, id: 'not-a-key' }), /no file is held/)
  })
})
