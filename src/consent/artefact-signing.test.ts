// The key set the bureau serves keeps every key that signed an artefact it served, the re-signatures made on a
// read included (README "the public half of every key that signed an artefact stays in /.well-known/jwks.json").
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { compactVerify, createLocalJWKSet, decodeProtectedHeader } from 'jose'
import { sql } from 'kysely'
import { generateSecrets } from '../config.ts'
import { openConsentFixture, type ConsentFixture } from './consent.fixture.ts'
import { createConsentModule, type Consent, type ConsentModule } from './index.ts'

describe('createArtefactSigning', () => {
  let f: ConsentFixture

  before(async () => {
    f = await openConsentFixture('US-FCRA')
  })
  after(() => f.dispose())

  /** Another process over the same database, started with a new signing key. */
  const restartedWithNewKey = (): ConsentModule =>
    createConsentModule(f.db, {
      secrets: { signingKey: generateSecrets().signingKey },
      jurisdiction: 'US-FCRA',
      findConsumer: async () => f.consumers.alice,
      clock: () => f.clock.now,
    })
  const kidOf = (c: Consent): string | undefined => decodeProtectedHeader(c.jws!).kid

  it('keeps serving the key of an artefact re-signed on a read after two changes of the key', async () => {
    const day = 86_400_000
    const byGet = await f.granted({ validTo: new Date(f.clock.now.getTime() + day).toISOString() })
    const byList = await f.granted({ validTo: new Date(f.clock.now.getTime() + day).toISOString() })
    f.clock.advanceDays(2)

    const b = restartedWithNewKey()
    const got = await b.get(f.member('bank-a'), byGet.id)
    const listed = (await b.list(f.consumer(f.consumers.alice))).items.find((x) => x.id === byList.id)!
    const kidB = (await b.jwks()).keys[0]!.kid
    assert.deepEqual(
      [got.status, kidOf(got), listed.status, kidOf(listed)],
      ['expired', kidB, 'expired', kidB],
    )
    const keys = createLocalJWKSet(await restartedWithNewKey().jwks())
    for (const c of [got, listed]) {
      const { payload } = await compactVerify(c.jws!, keys, { algorithms: ['EdDSA'] })
      assert.equal((JSON.parse(new TextDecoder().decode(payload)) as { status: string }).status, 'expired')
    }
    const kids = await sql<{ kid: string }>`select kid from signing_keys`.execute(f.db.kysely)
    assert.ok(
      kids.rows.some((r) => r.kid === kidB),
      'the key that re-signed on a read is recorded',
    )
  })
})
