// The signed consent artefact as a lender checks it offline: with jose, against the key set the bureau serves,
// through every change of the consent's status and a change of the bureau's signing key.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { compactVerify, createLocalJWKSet, decodeJwt, jwtVerify } from 'jose'
import { generateSecrets } from '../config.ts'
import { openConsentFixture, type ConsentFixture } from './consent.fixture.ts'
import { createConsentModule, type Consent, type ConsentRequest, type Jwks } from './index.ts'

describe('the consent artefact (JWS)', () => {
  let f: ConsentFixture
  const bankA = () => f.member('bank-a')
  const alice = () => f.consumer(f.consumers.alice)

  before(async () => {
    f = await openConsentFixture('US-FCRA')
  })
  after(() => f.dispose())

  const granted = (overrides: Partial<ConsentRequest> = {}) => f.granted(overrides)
  /** What a lender does offline: verify the signature against the served key set, read the claims. */
  async function offline(c: Consent, jwks?: Jwks) {
    assert.ok(c.jws !== null, `consent ${c.id} (${c.status}) has an artefact`)
    const keys = createLocalJWKSet(jwks ?? (await f.consent.jwks()))
    const { payload } = await compactVerify(c.jws, keys, { algorithms: ['EdDSA'] })
    return JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>
  }

  it('signs every field of the artefact, and its validity as nbf and exp that JWT tools enforce', async () => {
    const validFrom = new Date(f.clock.now.getTime() + 60_000).toISOString()
    const c = await granted({ validFrom, maxUses: 3 })
    const claims = await offline(c)
    assert.deepEqual(
      [claims.id, claims.created, claims.validFrom, claims.validTo, claims.maxUses, claims.status],
      [c.id, c.createdAt, validFrom, c.validTo, 3, 'active'],
    )
    assert.equal(claims.nbf, Math.ceil(Date.parse(validFrom) / 1000))
    assert.equal(claims.exp, Math.floor(Date.parse(c.validTo) / 1000))
    const keys = createLocalJWKSet(await f.consent.jwks())
    const at = (iso: string, plusMs: number) => ({ currentDate: new Date(Date.parse(iso) + plusMs) })
    await jwtVerify(c.jws!, keys, at(validFrom, 1000))
    await assert.rejects(jwtVerify(c.jws!, keys, at(validFrom, -61_000)), /nbf/)
    await assert.rejects(jwtVerify(c.jws!, keys, at(c.validTo, 1000)), /exp/)
  })

  it('signs each change of status, so the artefact served states the status the consent has', async () => {
    const c = await granted()
    const paused = await f.consent.pause(alice(), c.id)
    assert.equal((await offline(paused)).status, 'paused')
    assert.equal((await offline(await f.consent.get(bankA(), c.id))).status, 'paused')
    assert.equal((await offline(await f.consent.resume(alice(), c.id))).status, 'active')
    const revoked = await f.consent.revoke(bankA(), c.id)
    assert.equal((await offline(revoked)).status, 'revoked')
    const listed = (await f.consent.list(alice())).items.find((x) => x.id === c.id)!
    assert.equal((await offline(listed)).status, 'revoked')

    const { id } = await f.consent.request(bankA(), f.request())
    assert.equal((await f.consent.reject(alice(), id)).jws, null, 'a consent never active has no artefact')
  })

  it('states revoked on the artefact a newer consent superseded', async () => {
    const old = await granted()
    const { id } = await f.consent.request(bankA(), f.request({ supersedes: old.id }))
    const next = await f.consent.approve(alice(), id)
    assert.equal((await offline(next)).supersedes, old.id)
    assert.equal((await offline(await f.consent.get(alice(), old.id))).status, 'revoked')
  })

  it('serves an artefact that states expired once the consent expired by date or by its last use', async () => {
    const spent = await granted({ mode: 'view_once', storeDays: undefined })
    const use = await f.db.transaction((tx) =>
      f.consent.authorise(
        {
          consumerKey: f.consumers.alice,
          memberId: 'bank-a',
          purpose: 'employment',
          now: f.clock.now,
          consentId: spent.id,
        },
        tx,
      ),
    )
    assert.equal(use.allowed, true)
    const afterUse = await f.consent.get(bankA(), spent.id)
    assert.deepEqual([afterUse.status, (await offline(afterUse)).status], ['expired', 'expired'])

    const dated = await granted({ validTo: new Date(f.clock.now.getTime() + 86_400_000).toISOString() })
    f.clock.advanceDays(2)
    const expired = (await f.consent.list(alice())).items.find((x) => x.id === dated.id)!
    assert.deepEqual([expired.status, (await offline(expired)).status], ['expired', 'expired'])
  })

  it('keeps serving the public key of an artefact signed before the signing key changed', async () => {
    const before = await granted()
    const rotated = createConsentModule(f.db, {
      secrets: { signingKey: generateSecrets().signingKey },
      jurisdiction: 'US-FCRA',
      findConsumer: async () => f.consumers.alice,
      clock: () => f.clock.now,
    })
    const { id } = await rotated.request(bankA(), f.request())
    const after = await rotated.approve(alice(), id)
    const jwks = await rotated.jwks()
    assert.equal(jwks.keys.length, 2)
    assert.notEqual(jwks.keys[0]!.kid, jwks.keys[1]!.kid)
    assert.equal((await offline(before, jwks)).id, before.id, 'the old artefact still verifies')
    assert.equal((await offline(after, jwks)).id, after.id)
    assert.equal(decodeJwt(after.jws!).status, 'active')
  })
})
