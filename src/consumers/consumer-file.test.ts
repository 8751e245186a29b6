// FCRA §609(a)(1): the consumer is shown "all information in the consumer's file", which holds the security
// freeze and the fraud alerts in force as much as the identity and the accounts (found by a probe: they were
// missing from GET /v1/me/file).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createHttpServer, type Authenticate, type HttpServer } from '../platform/http/index.ts'
import { PEOPLE, openConsumersFixture, type ConsumersFixture } from './consumers.fixture.ts'

const PASSWORD = 'a long passphrase of mine'

interface FileBody {
  consumerKey: string
  freeze: { frozen: boolean; since: string | null; liftedUntil: string | null }
  alerts: { kind: string; status: string; contactPhone: string | null; notice: string }[]
  tradelines: unknown[]
}

describe('the consumer’s own file', () => {
  let f: ConsumersFixture
  let app: HttpServer
  let token: string
  const me = () => ({ kind: 'consumer' as const, id: f.keys.richard, roles: ['consumer' as const] })
  const file = async () => {
    const res = await app.inject({ url: '/v1/me/file', headers: { authorization: `Bearer ${token}` } })
    assert.equal(res.statusCode, 200, res.body)
    return res.json<FileBody>()
  }

  before(async () => {
    f = await openConsumersFixture()
    const authenticate: Authenticate = async (request) =>
      f.consumers.authenticateSession(/^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '')
    app = await createHttpServer({ authenticate, rateLimit: false })
    await app.register(f.consumers.routes)
    await app.register(f.rights.routes)
    await app.ready()
    const e = await f.consumers.startEnrolment(PEOPLE.richard)
    const enrolled = await f.consumers.completeEnrolment(e.id, {
      answers: f.pick(e, 'none'),
      login: 'richard',
      password: PASSWORD,
    })
    token = enrolled.session.token
  })
  after(async () => {
    await app.close()
    await f.dispose()
  })

  it('shows no freeze and no alerts on a file without them', async () => {
    const body = await file()
    assert.deepEqual([body.freeze, body.alerts], [{ frozen: false, since: null, liftedUntil: null }, []])
  })

  it('shows the freeze as GET /v1/me/freeze does, and the fraud alerts in force with their contact number', async () => {
    await f.rights.placeFreeze(me())
    const initial = await f.rights.placeAlert(me(), { kind: 'initial', contactPhone: '+12025550143' })
    const activeDuty = await f.rights.placeAlert(me(), { kind: 'active_duty' })
    await f.rights.removeAlerts(me(), activeDuty.id)
    const freeze = await app.inject({ url: '/v1/me/freeze', headers: { authorization: `Bearer ${token}` } })
    const body = await file()
    assert.deepEqual(body.freeze, freeze.json())
    assert.equal(body.freeze.frozen, true)
    assert.deepEqual(
      body.alerts.map((a) => [a.kind, a.status, a.contactPhone]),
      [['initial', 'active', '+12025550143']],
      'the removed alert is not in force',
    )
    assert.equal(body.alerts[0]!.notice, initial.notice)
  })

  it('shows a temporary lift of the freeze, and leaves out an alert once it has expired', async () => {
    const until = new Date(f.clock.now.getTime() + 7 * 86_400_000).toISOString()
    await f.rights.liftFreezeUntil(me(), { until })
    assert.deepEqual((await file()).freeze.liftedUntil, until)
    f.clock.advance(400 * 86_400_000)
    // The session ended long ago (7 days at most): a new one.
    token = (await f.consumers.signIn({ login: 'richard', password: PASSWORD })).token
    const body = await file()
    assert.deepEqual([body.freeze.frozen, body.alerts], [true, []])
  })

  it('lists the freeze and the alerts in the OpenAPI answer of the file', async () => {
    const doc = (await app.inject({ url: '/openapi.json' })).json<{
      components: { schemas: Record<string, { required?: string[] }> }
    }>()
    const required = doc.components.schemas['ConsumerFile']?.required ?? []
    assert.ok(required.includes('freeze') && required.includes('alerts'), required.join())
  })
})
