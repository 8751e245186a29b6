import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import {
  PiiCryptoError,
  decryptPii,
  encryptPii,
  newDataKey,
  piiValueHash,
  unwrapDataKey,
  wrapDataKey,
} from './pii-crypto.ts'

describe('PII encryption', () => {
  const dataKey = newDataKey()
  const consumer = randomUUID()

  it('decrypts what it encrypted, and the sealed value does not contain the clear text', () => {
    const sealed = encryptPii(dataKey, consumer, 'name', '["KOVÁCS","Éva","",""]')
    assert.equal(decryptPii(dataKey, consumer, 'name', sealed), '["KOVÁCS","Éva","",""]')
    assert.equal(sealed.includes(Buffer.from('KOV')), false)
    assert.equal(sealed.length, 12 + 16 + Buffer.byteLength('["KOVÁCS","Éva","",""]'))
  })

  it('uses a fresh IV each time, so equal values do not give equal ciphertexts', () => {
    const a = encryptPii(dataKey, consumer, 'phone', '5551234567')
    const b = encryptPii(dataKey, consumer, 'phone', '5551234567')
    assert.notDeepEqual(a, b)
    assert.notDeepEqual(a.subarray(0, 12), b.subarray(0, 12))
  })

  it('refuses a ciphertext moved to another consumer or stored under another kind', () => {
    const sealed = encryptPii(dataKey, consumer, 'birth_date', '1980-05-17')
    assert.throws(() => decryptPii(dataKey, randomUUID(), 'birth_date', sealed), PiiCryptoError)
    assert.throws(() => decryptPii(dataKey, consumer, 'phone', sealed), PiiCryptoError)
  })

  it('refuses a wrong data key, a flipped bit and a truncated value', () => {
    const sealed = encryptPii(dataKey, consumer, 'address', '["1 MAIN ST"]')
    assert.throws(() => decryptPii(newDataKey(), consumer, 'address', sealed), PiiCryptoError)
    const flipped = Buffer.from(sealed)
    flipped[flipped.length - 1]! ^= 1
    assert.throws(() => decryptPii(dataKey, consumer, 'address', flipped), PiiCryptoError)
    assert.throws(() => decryptPii(dataKey, consumer, 'address', sealed.subarray(0, 20)), PiiCryptoError)
  })
})

describe('data key wrapping', () => {
  const master = randomBytes(32)
  const consumer = randomUUID()

  it('unwraps under the same master key and consumer', () => {
    const dataKey = newDataKey()
    assert.deepEqual(unwrapDataKey(master, consumer, wrapDataKey(master, consumer, dataKey)), dataKey)
  })

  it('fails under a wrong master key', () => {
    const wrapped = wrapDataKey(master, consumer, newDataKey())
    assert.throws(() => unwrapDataKey(randomBytes(32), consumer, wrapped), PiiCryptoError)
  })

  it('fails when the wrapped key is copied onto another consumer', () => {
    const wrapped = wrapDataKey(master, consumer, newDataKey())
    assert.throws(() => unwrapDataKey(master, randomUUID(), wrapped), PiiCryptoError)
  })

  it('accepts the Uint8Array that PGlite returns for bytea', () => {
    const dataKey = newDataKey()
    const wrapped = wrapDataKey(master, consumer, dataKey)
    const copy = new Uint8Array(wrapped.length + 3).subarray(3)
    copy.set(wrapped)
    assert.deepEqual(unwrapDataKey(master, consumer, copy), dataKey)
  })
})

describe('piiValueHash', () => {
  it('is the same for the same data key, kind and value, and differs otherwise', () => {
    const k = newDataKey()
    const h = piiValueHash(k, 'name', 'SMITH|JOHN||')
    assert.deepEqual(piiValueHash(Buffer.from(k), 'name', 'SMITH|JOHN||'), h)
    assert.notDeepEqual(piiValueHash(newDataKey(), 'name', 'SMITH|JOHN||'), h)
    assert.notDeepEqual(piiValueHash(k, 'address', 'SMITH|JOHN||'), h)
    assert.notDeepEqual(piiValueHash(k, 'name', 'SMITH|JON||'), h)
  })
})
