import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { AppError } from '../platform/errors.ts'
import { openConsentFixture, type ConsentFixture } from './consent.fixture.ts'
import { verifyConsentJws, type Consent } from './index.ts'

// A request's start is "now" unless it names a later one, and a start in the past is refused
// (consent-terms.ts); an approval days later signed that start anyway, so the artefact said the consent held
// before the consumer gave it (found by probing).
describe('ConsentService: where an approved consent starts', () => {
  let f: ConsentFixture
  before(async () => {
    f = await openConsentFixture('US-FCRA')
  })
  after(() => f.dispose())

  const alice = () => f.consumer(f.consumers.alice)
  const requested = async (validFrom?: string) =>
    (await f.consent.request(f.member('bank-a'), f.request(validFrom === undefined ? {} : { validFrom }))).id
  const storedStart = async (id: string) => {
    const r = await sql<{
      valid_from: Date
    }>`select valid_from from consents where consent_id = ${id}`.execute(f.db.kysely)
    return r.rows[0]?.valid_from.toISOString()
  }
  const signedClaims = async (c: Consent) => {
    assert.ok(c.jws !== null)
    const v = await verifyConsentJws(c.jws, await f.consent.jwks())
    assert.ok(v.valid, v.valid ? '' : v.reason)
    return v.claims
  }

  it('starts a consent approved after its requested start at the approval, in row and artefact', async () => {
    const requestedAt = f.clock.now.toISOString()
    const id = await requested()
    f.clock.advanceDays(10)
    const approvedAt = f.clock.now
    const c = await f.consent.approve(alice(), id)
    assert.equal(c.decidedAt, approvedAt.toISOString())
    assert.equal(c.validFrom, c.decidedAt, `not the request's ${requestedAt}`)
    assert.equal(await storedStart(id), c.validFrom, 'the row says what the artefact says')
    assert.equal((await f.consent.get(f.member('bank-a'), id)).validFrom, c.validFrom)
    const claims = await signedClaims(c)
    assert.equal(claims.validFrom, c.validFrom)
    assert.ok(claims.nbf * 1000 >= approvedAt.getTime(), `nbf ${claims.nbf} is not before the approval`)
  })

  it('keeps a start that is still ahead at the approval', async () => {
    const validFrom = new Date(f.clock.now.getTime() + 5 * 86_400_000).toISOString()
    const id = await requested(validFrom)
    f.clock.advanceDays(2)
    const c = await f.consent.approve(alice(), id)
    assert.equal(c.validFrom, validFrom)
    assert.equal(await storedStart(id), validFrom)
    assert.equal((await signedClaims(c)).nbf, Math.ceil(Date.parse(validFrom) / 1000))
  })

  it('refuses to approve a request whose validTo has passed while it waited', async () => {
    const id = await requested()
    f.clock.advanceDays(31)
    await assert.rejects(
      f.consent.approve(alice(), id),
      (e) => e instanceof AppError && e.code === 'conflict' && /expired/.test(e.message),
    )
  })
})
