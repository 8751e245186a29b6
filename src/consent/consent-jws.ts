// The bureau's signature on a consent artefact: a compact JWS (RFC 7515) with EdDSA over Ed25519 (RFC 8037), so
// that a lender can check offline, against the public keys at /.well-known/jwks.json, that the consumer granted
// it this purpose, these categories and this period. The artefact is signed when it becomes active and again at
// every later change of its status, so the one the bureau serves states the status it has; the validity is also
// signed as the JWT claims nbf and exp (RFC 7519 §4.1.4-5), so that standard JWT tools refuse an artefact outside
// it. The payload names the consumer by the opaque consumer_key only, never a national ID (DESIGN.md principle 4).
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { CompactSign, compactVerify, createLocalJWKSet, errors as joseErrors, type JSONWebKeySet } from 'jose'
import { z } from 'zod'
import { categorySchema, CONSENT_MODES, consentStatusSchema, type Consent } from './consent.model.ts'
import { purposeSchema } from './jurisdiction.ts'

export const CONSENT_JWS_TYPE = 'consent+jws'

export const jwkSchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string(),
  kid: z.string(),
  alg: z.literal('EdDSA'),
  use: z.literal('sig'),
})
export const jwksSchema = z.object({ keys: z.array(jwkSchema) }).meta({ id: 'Jwks' })
export type Jwks = z.infer<typeof jwksSchema>
export type Jwk = z.infer<typeof jwkSchema>

/** What the bureau signs: the artefact as granted, with its status when signed. */
export const consentClaimsSchema = z.strictObject({
  id: z.uuid(),
  consumer: z.uuid(),
  member: z.string(),
  purpose: purposeSchema,
  categories: z.array(categorySchema),
  validFrom: z.iso.datetime(),
  validTo: z.iso.datetime(),
  maxUses: z.number().int().positive().nullable(),
  mode: z.enum(CONSENT_MODES),
  storeDays: z.number().int().positive().nullable(),
  status: consentStatusSchema,
  supersedes: z.uuid().nullable(),
  created: z.iso.datetime(),
  /** Seconds since the epoch (RFC 7519 NumericDate): when signed. */
  iat: z.number().int(),
  /** validFrom as a NumericDate, rounded up: not to be accepted before it. */
  nbf: z.number().int(),
  /** validTo as a NumericDate, rounded down: not to be accepted on or after it. */
  exp: z.number().int(),
})
export type ConsentClaims = z.infer<typeof consentClaimsSchema>

export type VerifyResult =
  { valid: true; claims: ConsentClaims; kid: string } | { valid: false; reason: string }

export interface ConsentSigner {
  /** RFC 7638 thumbprint of the public key: the `kid` of every signature. */
  readonly kid: string
  /** The public key of this signer, as published (the service's key set adds the keys that signed before it). */
  readonly jwk: Jwk
  sign(consent: Consent, now: Date): Promise<string>
}

const b64url = (b: Buffer): string => b.toString('base64url')

/** RFC 7638 section 3.2: SHA-256 over the required members of an OKP key in lexicographic order. */
export function jwkThumbprint(jwk: { crv: string; kty: string; x: string }): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x })
  return b64url(createHash('sha256').update(canonical).digest())
}

export function claimsOf(consent: Consent, now: Date): ConsentClaims {
  return {
    id: consent.id,
    consumer: consent.consumerKey,
    member: consent.memberId,
    purpose: consent.purpose,
    categories: [...consent.categories],
    validFrom: consent.validFrom,
    validTo: consent.validTo,
    maxUses: consent.maxUses,
    mode: consent.mode,
    storeDays: consent.storeDays,
    status: consent.status,
    supersedes: consent.supersedes,
    created: consent.createdAt,
    iat: Math.floor(now.getTime() / 1000),
    nbf: Math.ceil(Date.parse(consent.validFrom) / 1000),
    exp: Math.floor(Date.parse(consent.validTo) / 1000),
  }
}

/** The status that a JWS the bureau made states; undefined for anything else. Reads, does not verify. */
export function signedStatus(jws: string): string | undefined {
  try {
    const payload: unknown = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8'))
    const status = (payload as { status?: unknown } | null)?.status
    return typeof status === 'string' ? status : undefined
  } catch {
    return undefined
  }
}

/** A signer over the bureau's Ed25519 key (Secrets.signingKey, PKCS#8 PEM); throws at once for another key type. */
export function createConsentSigner(signingKeyPem: string): ConsentSigner {
  const privateKey: KeyObject = createPrivateKey(signingKeyPem)
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `the consent signing key must be Ed25519, not ${privateKey.asymmetricKeyType ?? 'a symmetric key'}`,
    )
  }
  const { x } = createPublicKey(privateKey).export({ format: 'jwk' })
  if (typeof x !== 'string') throw new Error('the consent signing key has no public part')
  const kid = jwkThumbprint({ crv: 'Ed25519', kty: 'OKP', x })
  const jwk: Jwk = { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' }
  return {
    kid,
    jwk,
    async sign(consent, now) {
      const payload = new TextEncoder().encode(JSON.stringify(claimsOf(consent, now)))
      return new CompactSign(payload)
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: CONSENT_JWS_TYPE })
        .sign(privateKey)
    },
  }
}

/**
 * Verifies a consent JWS offline against a JWKS (the bureau's, as served): the signature, the algorithm, the
 * type and the shape of the claims. Whether the consent is still in force is the bureau's answer at read
 * time: a signature only proves what was granted.
 */
export async function verifyConsentJws(jws: string, jwks: JSONWebKeySet | Jwks): Promise<VerifyResult> {
  try {
    const keys = createLocalJWKSet(jwks)
    const { payload, protectedHeader } = await compactVerify(jws, keys, { algorithms: ['EdDSA'] })
    if (protectedHeader.typ !== CONSENT_JWS_TYPE)
      return { valid: false, reason: `not a consent artefact (typ ${protectedHeader.typ ?? 'missing'})` }
    const claims = consentClaimsSchema.safeParse(JSON.parse(new TextDecoder().decode(payload)))
    if (!claims.success)
      return { valid: false, reason: `claims do not match the consent schema: ${claims.error.message}` }
    return { valid: true, claims: claims.data, kid: protectedHeader.kid ?? '' }
  } catch (e) {
    if (e instanceof joseErrors.JOSEError || e instanceof SyntaxError)
      return { valid: false, reason: e.message }
    throw e
  }
}
