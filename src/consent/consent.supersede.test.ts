// A consent that replaces another (`supersedes`) is approved only while the one it replaces is still in force:
// found by probing, two requests naming the same consent were both approved, and two signed artefacts stood for
// one purpose, each saying it replaced the same consent.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AppError } from '../platform/errors.ts'
import { openConsentFixture, type ConsentFixture } from './consent.fixture.ts'
import { verifyConsentJws } from './index.ts'

describe('approving a consent that supersedes another', () => {
  let f: ConsentFixture
  const bankA = () => f.member('bank-a')
  const alice = () => f.consumer(f.consumers.alice)
  before(async () => {
    f = await openConsentFixture('US-FCRA')
  })
  after(() => f.dispose())

  const refusedAsReplaced = (oldId: string, status: string) => (e: unknown) =>
    e instanceof AppError &&
    e.code === 'conflict' &&
    e.message.includes(`would replace consent ${oldId}, which is ${status} now`)

  it('refuses the second of two replacements of one consent, and leaves one consent active', async () => {
    const old = await f.granted()
    const first = await f.consent.request(bankA(), f.request({ supersedes: old.id }))
    const second = await f.consent.request(bankA(), f.request({ supersedes: old.id }))
    await f.consent.approve(alice(), first.id)
    await assert.rejects(f.consent.approve(alice(), second.id), refusedAsReplaced(old.id, 'revoked'))
    assert.equal((await f.consent.get(alice(), second.id)).status, 'pending')
    const active = (await f.consent.list(alice(), { limit: 100 })).items.filter((c) => c.status === 'active')
    assert.deepEqual(
      active.filter((c) => c.purpose === old.purpose).map((c) => c.id),
      [first.id],
    )
    // The consumer may still reject it.
    assert.equal((await f.consent.reject(alice(), second.id)).status, 'rejected')
  })

  it('refuses a replacement of a consent the consumer revoked meanwhile', async () => {
    const old = await f.granted()
    const next = await f.consent.request(bankA(), f.request({ supersedes: old.id }))
    await f.consent.revoke(alice(), old.id)
    await assert.rejects(f.consent.approve(alice(), next.id), refusedAsReplaced(old.id, 'revoked'))
  })

  it('approves a replacement of a paused consent and revokes the paused one', async () => {
    const old = await f.granted()
    const next = await f.consent.request(bankA(), f.request({ supersedes: old.id }))
    await f.consent.pause(alice(), old.id)
    const approved = await f.consent.approve(alice(), next.id)
    assert.equal(approved.status, 'active')
    const artefact = await verifyConsentJws(approved.jws ?? '', await f.consent.jwks())
    assert.equal(artefact.valid && artefact.claims.supersedes, old.id)
    assert.equal((await f.consent.get(alice(), old.id)).status, 'revoked')
  })
})
