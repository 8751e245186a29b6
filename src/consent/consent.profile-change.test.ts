// A consent requested under one jurisdiction profile, approved or resumed after the operator chose another: it
// becomes active only if the profile in force offers its purpose (found by probing: a HU-KHR bureau signed an
// employment consent requested under US-FCRA).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AppError } from '../platform/errors.ts'
import { openConsentFixture, type ConsentFixture } from './consent.fixture.ts'

describe('ConsentService when the jurisdiction profile changes', () => {
  let f: ConsentFixture
  const operator = { kind: 'operator', id: 'op' } as const
  const alice = () => f.consumer(f.consumers.alice)
  before(async () => {
    f = await openConsentFixture('US-FCRA')
  })
  after(() => f.dispose())

  const outlawed = (e: unknown) =>
    e instanceof AppError &&
    e.code === 'unprocessable' &&
    /employment is not a purpose that the HU-KHR profile in force offers/.test(e.message)

  it('does not approve a consent for a purpose that the profile in force does not offer', async () => {
    const { id } = await f.consent.request(f.member('bank-a'), f.request({ purpose: 'employment' }))
    await f.consent.setProfile('HU-KHR', operator)
    await assert.rejects(f.consent.approve(alice(), id), outlawed)
    const still = await f.consent.get(alice(), id)
    assert.deepEqual([still.status, still.jws], ['pending', null])
    await f.consent.setProfile('US-FCRA', operator)
    assert.equal((await f.consent.approve(alice(), id)).status, 'active')
  })

  it('does not resume one either, and lets it be revoked', async () => {
    const { id } = await f.consent.request(f.member('bank-a'), f.request({ purpose: 'employment' }))
    await f.consent.approve(alice(), id)
    await f.consent.pause(alice(), id)
    await f.consent.setProfile('HU-KHR', operator)
    await assert.rejects(f.consent.resume(alice(), id), outlawed)
    assert.equal((await f.consent.get(alice(), id)).status, 'paused')
    assert.equal((await f.consent.revoke(alice(), id)).status, 'revoked')
    await f.consent.setProfile('US-FCRA', operator)
  })
})
