// A consent request is answered alike whether or not the national ID is on file, and (found by probing) in no
// less time either way: both wait out the answer floor. Asserted as a lower bound (a sleep guarantees it).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AppError } from '../platform/errors.ts'
import { openConsentFixture, type ConsentFixture } from './consent.fixture.ts'
import { createConsentModule } from './index.ts'

const FLOOR = 150

describe('consent request answer floor', () => {
  let f: ConsentFixture
  before(async () => {
    f = await openConsentFixture('US-FCRA')
  })
  after(() => f.dispose())

  it('answers a request for a consumer on file, and for no one, no sooner than the floor', async () => {
    const onFile = new Map([[`${f.ids.alice.type}:${f.ids.alice.value}`, f.consumers.alice]])
    const consent = createConsentModule(f.db, {
      secrets: { signingKey: f.signingKey },
      jurisdiction: 'US-FCRA',
      findConsumer: async (type, raw) => onFile.get(`${type}:${raw}`),
      clock: () => f.clock.now,
      answerFloorMs: FLOOR,
    })
    for (const nationalId of [f.ids.alice, f.ids.nobody]) {
      const began = performance.now()
      const r = await consent.request(f.member('bank-a'), f.request({ nationalId }))
      const ms = performance.now() - began
      assert.equal(r.status, 'pending')
      assert.ok(ms >= FLOOR, `${nationalId.value} answered after ${ms} ms`)
    }
    // A request refused for its terms is held too: the refusal comes after the lookup.
    const began = performance.now()
    await assert.rejects(
      consent.request(f.member('bank-a'), f.request({ validTo: f.clock.now.toISOString() })),
      (e: unknown) => e instanceof AppError && e.code !== 'invalid_input',
    )
    assert.ok(performance.now() - began >= FLOOR)
  })
})
