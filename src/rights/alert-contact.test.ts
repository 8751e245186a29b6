// The contact number of a fraud alert (FCRA §605A(h)(1)(B)(ii), (h)(2)(A)) over the server as `openbureau serve`
// builds it: given by the consumer, stored only sealed under their data key (DESIGN.md principle 4), shown to
// every lender with the alert, and unreadable, without failing anything, once the consumer is shredded.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { openAccessWorld, type World } from '../access-matrix.fixture.ts'
import { runOn } from '../platform/planned.ts'
import type { LenderReport } from '../reports/index.ts'
import type { FraudAlert } from './index.ts'

describe('the contact number of a fraud alert', () => {
  let w: World
  let alice: string
  before(async () => {
    w = await openAccessWorld()
    alice = w.principal('alice').id
  })
  after(() => w.dispose())

  const asAlice = () => ({ authorization: `Bearer ${w.tokens.consumer}` })
  const place = (payload: object) =>
    w.server.inject({ method: 'POST', url: '/v1/me/alerts', headers: asAlice(), payload })
  const report = async () => {
    const res = await w.server.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: { authorization: `Bearer ${w.tokens.lender}` },
      payload: {
        nationalId: { type: 'us-ssn', value: w.people.alice.ssn },
        purpose: 'account_review',
        consentId: w.consents.aliceLender,
      },
    })
    assert.equal(res.statusCode, 200, res.body)
    return res.json<LenderReport>()
  }
  const sealedOf = async (alertId: string) =>
    (
      await sql<{ contact_sealed: Uint8Array | null }>`select contact_sealed from fraud_alerts
        where alert_id = ${alertId}::uuid`.execute(w.db.kysely)
    ).rows[0]!.contact_sealed

  let extended: FraudAlert
  let activeDuty: FraudAlert

  it('keeps the number the consumer gives, and refuses an extended alert without one', async () => {
    const without = await place({ kind: 'extended', identityTheftReport: true })
    assert.equal(without.statusCode, 400)
    assert.deepEqual(
      without.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path),
      ['body.contactPhone'],
    )
    const e = await place({ kind: 'extended', identityTheftReport: true, contactPhone: '+36 30 123-4567' })
    assert.equal(e.statusCode, 201, e.body)
    extended = e.json<FraudAlert>()
    assert.equal(extended.contactPhone, '+36301234567')
    const d = await place({ kind: 'active_duty', contactPhone: '+1 202 555 0143' })
    assert.equal(d.statusCode, 201, d.body)
    activeDuty = d.json<FraudAlert>()
    assert.equal(activeDuty.contactPhone, '+12025550143')
    const listed = await w.server.inject({ url: '/v1/me/alerts', headers: asAlice() })
    assert.deepEqual(
      listed.json<{ alerts: FraudAlert[] }>().alerts.map((a) => [a.kind, a.contactPhone]),
      [
        ['active_duty', '+12025550143'],
        ['extended', '+36301234567'],
      ],
    )
    const placed = (await w.mods.audit.tail({ limit: 50 })).filter(
      (x) => x.action === 'alert.placed' && x.consumerKey === alice,
    )
    assert.ok(placed.length === 2 && placed.every((x) => x.details['contact'] === true))
    assert.ok(!JSON.stringify(placed).includes('301234567'), 'the audit log holds no number')
  })

  it('stores only the sealed number', async () => {
    for (const [a, digits] of [
      [extended, '36301234567'],
      [activeDuty, '12025550143'],
    ] as const) {
      const sealed = Buffer.from((await sealedOf(a.id))!)
      // iv (12) | tag (16) | ciphertext as long as the number.
      assert.equal(sealed.length, 28 + a.contactPhone!.length)
      for (const clear of [digits, digits.slice(2, 9), a.contactPhone!])
        assert.equal(sealed.includes(clear), false, clear)
    }
  })

  it('shows every lender the alerts with their numbers', async () => {
    const r = await report()
    assert.deepEqual(
      r.alerts.map((a) => [a.kind, a.contactPhone]),
      [
        ['active_duty', '+12025550143'],
        ['extended', '+36301234567'],
      ],
    )
    assert.match(r.alerts[1]!.notice, /contactPhone/)
  })

  it('does not open a sealed number moved onto another consumer’s alert', async () => {
    const bob = w.principal('bob')
    await sql`update fraud_alerts set contact_sealed = ${await sealedOf(extended.id)}
      where alert_id = ${w.bobAlert}::uuid`.execute(w.db.kysely)
    const [moved] = (await w.mods.rights.alerts(bob)).filter((a) => a.id === w.bobAlert)
    assert.equal(moved!.contactPhone, null)
  })

  it('reads the alerts, their numbers unreadable, once the consumer is shredded', async () => {
    assert.equal((await w.mods.identity.shredConsumer(alice)).status, 'shredded')
    const now = new Date()
    const inForce = await w.db.transaction((tx) => w.mods.rights.protectionsOf(tx, alice, now))
    assert.deepEqual(
      inForce.alerts.map((a) => [a.kind, a.contactPhone]),
      [
        ['active_duty', null],
        ['extended', null],
      ],
    )
    const read = await runOn(w.db.kysely, w.mods.rights.protectionsRead(alice, now))
    assert.deepEqual(
      (await w.mods.rights.openAlerts(alice, read.alerts)).map((a) => a.contactPhone),
      [null, null],
    )
    assert.deepEqual(
      (await w.mods.rights.alerts(w.principal('alice'))).map((a) => a.contactPhone),
      [null, null],
    )
    assert.notEqual(await sealedOf(extended.id), null, 'the ciphertext stays, unreadable')
  })
})
