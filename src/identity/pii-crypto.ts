// Crypto-shredding (DESIGN.md principle 4): every consumer has a random data key; the data key is stored only
// wrapped by the master key from config, and every PII value is encrypted under the data key. Deleting the
// wrapped key erases the person. AES-256-GCM (NIST SP 800-38D) with a random 96-bit IV per encryption; a
// sealed value is iv (12 bytes) | tag (16 bytes) | ciphertext, in one bytea.
import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto'
import { randomSlice } from '../platform/random-pool.ts'
import type { PiiKind } from './identity.model.ts'

export const DATA_KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16

export class PiiCryptoError extends Error {
  override readonly name = 'PiiCryptoError'
}

// IVs and data keys come from the platform's pool of CSPRNG bytes, each slice used once.
const nextIv = (): Buffer => randomSlice(IV_BYTES)

function seal(key: Uint8Array, plaintext: Buffer | string, aad: string): Buffer {
  const iv = nextIv()
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(aad, 'utf8'))
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body])
}

function open(key: Buffer, sealed: Uint8Array, aad: string, what: string): Buffer {
  const blob = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength)
  if (blob.length < IV_BYTES + TAG_BYTES) throw new PiiCryptoError(`${what} is too short to be sealed`)
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, IV_BYTES))
    decipher.setAAD(Buffer.from(aad, 'utf8'))
    decipher.setAuthTag(blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    return Buffer.concat([decipher.update(blob.subarray(IV_BYTES + TAG_BYTES)), decipher.final()])
  } catch {
    throw new PiiCryptoError(
      `${what} failed authentication (wrong key, or moved to another consumer or kind)`,
    )
  }
}

// A copy, so that a key never keeps the pool (and the keys next to it) alive.
export const newDataKey = (): Buffer => Buffer.from(randomSlice(DATA_KEY_BYTES))

// The consumer key is the additional authenticated data of the wrapping too: a wrapped key copied onto
// another consumer's row does not unwrap.
export function wrapDataKey(masterKey: Uint8Array, consumerKey: string, dataKey: Buffer): Buffer {
  return seal(masterKey, dataKey, `key:${consumerKey}`)
}

export function unwrapDataKey(masterKey: Buffer, consumerKey: string, wrapped: Uint8Array): Buffer {
  const key = open(masterKey, wrapped, `key:${consumerKey}`, 'wrapped data key')
  if (key.length !== DATA_KEY_BYTES) throw new PiiCryptoError('wrapped data key has the wrong length')
  return key
}

// Consumer key and kind are the additional authenticated data: a ciphertext moved to another consumer or
// stored under another kind fails to decrypt instead of showing someone else's value.
export function encryptPii(dataKey: Buffer, consumerKey: string, kind: PiiKind, plaintext: string): Buffer {
  return seal(dataKey, plaintext, `${consumerKey}:${kind}`)
}

export function decryptPii(dataKey: Buffer, consumerKey: string, kind: PiiKind, sealed: Uint8Array): string {
  return open(dataKey, sealed, `${consumerKey}:${kind}`, `${kind} value`).toString('utf8')
}

/** What another module may seal for a consumer under their data key (sealValue): a fraud alert's contact number. */
export type SealedValueLabel = 'alert_contact'

// A short value kept by another module (DESIGN.md principle 4: phones are PII): sealed under the consumer's data
// key, so shredding erases it with the rest, but with additional authenticated data of its own, `value:` and the
// label, which no PII kind's (`consumer:kind`, consumer being a UUID) or the wrapping's (`key:`) can equal: a
// sealed value cannot pass for the consumer's PII, nor PII for it.
export function sealValue(
  dataKey: Buffer,
  consumerKey: string,
  label: SealedValueLabel,
  plaintext: string,
): Buffer {
  return seal(dataKey, plaintext, `value:${label}:${consumerKey}`)
}

export function openValue(
  dataKey: Buffer,
  consumerKey: string,
  label: SealedValueLabel,
  sealed: Uint8Array,
): string {
  return open(dataKey, sealed, `value:${label}:${consumerKey}`, `${label} value`).toString('utf8')
}

/** HMAC-SHA-256(dataKey, kind:normalised): recognises a value furnished again without decrypting anything. */
export function piiValueHash(dataKey: Buffer, kind: PiiKind, normalised: string): Buffer {
  return createHmac('sha256', dataKey).update(`${kind}:${normalised}`).digest()
}
