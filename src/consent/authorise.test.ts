// Every consent change is in the hash-chained audit log (DESIGN.md principle 3), the expiry that a refused
// read marks included: the report's refusal path (unusableReason) and authorise() record consent.expired as
// GET, list and the consumer's actions do.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { openConsentFixture, type ConsentFixture } from './consent.fixture.ts'
import type { AuthoriseInput, Consent } from './index.ts'

describe('createAuthorise', () => {
  let f: ConsentFixture

  before(async () => {
    f = await openConsentFixture('US-FCRA')
  })
  after(() => f.dispose())

  /** Granted today, valid until tomorrow, and then the clock moved past it. */
  async function expiredByDate(): Promise<Consent> {
    const c = await f.granted({ validTo: new Date(f.clock.now.getTime() + 86_400_000).toISOString() })
    f.clock.advanceDays(2)
    return c
  }
  const input = (c: Consent): AuthoriseInput => ({
    consumerKey: f.consumers.alice,
    memberId: 'bank-a',
    purpose: 'employment',
    consentId: c.id,
    now: f.clock.now,
  })
  const audited = async (id: string): Promise<string[]> =>
    (
      await sql<{
        action: string
      }>`select action from audit_events where target = ${id} order by seq`.execute(f.db.kysely)
    ).rows.map((r) => r.action)

  it('records consent.expired when the report refusal finds the presented consent expired by date', async () => {
    const c = await expiredByDate()
    const reason = await f.consent.unusableReason(input(c), 'US-FCRA')
    assert.match(reason, /expired/)
    assert.deepEqual(await audited(c.id), ['consent.requested', 'consent.approved', 'consent.expired'])
    const expired = f.events.filter((e) => e.target === c.id && e.action === 'consent.expired')
    assert.deepEqual(
      expired.map((e) => [e.actor.kind, e.consumerKey, e.outcome]),
      [['system', f.consumers.alice, 'done']],
    )
    await f.consent.get(f.member('bank-a'), c.id)
    assert.equal((await audited(c.id)).filter((a) => a === 'consent.expired').length, 1, 'recorded once')
  })

  it('records consent.expired, then the refusal, when authorise() finds the consent expired by date', async () => {
    const c = await expiredByDate()
    const result = await f.db.transaction((tx) => f.consent.authorise(input(c), tx))
    assert.equal(result.allowed, false)
    assert.deepEqual(await audited(c.id), [
      'consent.requested',
      'consent.approved',
      'consent.expired',
      'consent.checked',
    ])
  })
})
