import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calculateJwkThumbprint, decodeProtectedHeader } from 'jose'
import { generateSecrets } from '../config.ts'
import { claimsOf, createConsentSigner, verifyConsentJws, type Jwks } from './consent-jws.ts'
import type { Consent } from './consent.model.ts'

const NOW = new Date('2031-03-01T09:00:00.000Z')
const consent: Consent = {
  id: '0b6c7f7e-2f5d-4a53-9a43-5d1c1f0e0a01',
  consumerKey: '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b',
  memberId: 'bank-a',
  purpose: 'employment',
  categories: ['accounts', 'payment_history'],
  validFrom: NOW.toISOString(),
  validTo: '2031-04-01T09:00:00.000Z',
  maxUses: 1,
  uses: 0,
  mode: 'view_once',
  storeDays: null,
  status: 'active',
  supersedes: null,
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
  decidedAt: NOW.toISOString(),
  jws: null,
}

describe('consent JWS', () => {
  const signer = createConsentSigner(generateSecrets().signingKey)

  it('signs with EdDSA under the RFC 7638 thumbprint as kid, and verifies against the JWKS', async () => {
    const jws = await signer.sign(consent, NOW)
    const header = decodeProtectedHeader(jws)
    assert.deepEqual(header, { alg: 'EdDSA', kid: signer.kid, typ: 'consent+jws' })
    const jwk = signer.jwk
    assert.equal(signer.kid, await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, 'sha256'))
    const r = await verifyConsentJws(jws, JSON.parse(JSON.stringify({ keys: [signer.jwk] })) as Jwks)
    assert.ok(r.valid)
    assert.deepEqual(r.claims, claimsOf(consent, NOW))
    assert.equal(r.claims.consumer, consent.consumerKey)
    assert.equal(r.claims.iat, NOW.getTime() / 1000)
  })

  it('fails when any one byte of the payload changes', async () => {
    const jws = await signer.sign(consent, NOW)
    const [h, p, s] = jws.split('.') as [string, string, string]
    const payload = Buffer.from(p, 'base64url')
    for (const i of [0, Math.floor(payload.length / 2), payload.length - 1]) {
      const changed = Buffer.from(payload)
      changed[i] = changed[i]! ^ 1
      const r = await verifyConsentJws(`${h}.${changed.toString('base64url')}.${s}`, { keys: [signer.jwk] })
      assert.equal(r.valid, false, `byte ${i}`)
    }
  })

  it('fails against another bureau key, and for a token signed by another key under the same kid', async () => {
    const other = createConsentSigner(generateSecrets().signingKey)
    const jws = await signer.sign(consent, NOW)
    assert.equal((await verifyConsentJws(jws, { keys: [other.jwk] })).valid, false)
    const forged = await other.sign(consent, NOW)
    const sameKid = { keys: [{ ...other.jwk, x: signer.jwk.x, kid: other.kid }] }
    assert.equal((await verifyConsentJws(forged, sameKid)).valid, false)
  })

  it('refuses a key that is not Ed25519', async () => {
    const { generateKeyPairSync } = await import('node:crypto')
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString()
    assert.throws(() => createConsentSigner(rsa), /must be Ed25519, not rsa/)
  })
})
