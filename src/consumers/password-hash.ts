// Password hashing with scrypt (RFC 7914) from node:crypto: N = 2^15, r = 8, p = 1 (32 MiB, ~50-100 ms), a
// random 16-byte salt per password, a 32-byte key. Stored as a self-describing PHC string,
// `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (unpadded base64), so that raising the cost later needs no migration:
// verification reads the parameters from the string, and needsRehash says when to store a new hash.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

export interface ScryptParams {
  /** log2 of N, the CPU/memory cost. */
  ln: number
  r: number
  p: number
}

export const DEFAULT_SCRYPT: ScryptParams = { ln: 15, r: 8, p: 1 }

const KEY_LENGTH = 32
const SALT_LENGTH = 16
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/

function derive(password: string, salt: Buffer, { ln, r, p }: ScryptParams): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; Node refuses anything over maxmem (32 MiB by default), which N = 2^15
  // with r = 8 reaches exactly, so the limit is set from the parameters with room to spare.
  const options: ScryptOptions = { N: 2 ** ln, r, p, maxmem: 256 * 2 ** ln * r }
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    )
  })
}

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '')

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_LENGTH)
  const key = await derive(password, salt, params)
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const m = PHC.exec(stored)
  if (!m) return undefined
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) }
  // Bounds that keep a tampered row from asking for gigabytes or nothing at all.
  if (params.ln < 10 || params.ln > 20 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16)
    return undefined
  return { params, salt: Buffer.from(m[4]!, 'base64'), key: Buffer.from(m[5]!, 'base64') }
}

/** True when `password` matches; a malformed stored string never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored)
  if (parsed === undefined) return false
  const key = await derive(password, parsed.salt, parsed.params)
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key)
}

/** The stored hash was made with other parameters than the current ones. */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const p = parse(stored)?.params
  return p === undefined || p.ln !== params.ln || p.r !== params.r || p.p !== params.p
}

let dummy: Promise<string> | undefined

/**
 * Spends the same scrypt work as a real verification, for a login that names no account: the answer then
 * takes as long as for a wrong password, so its timing does not reveal which logins exist.
 */
export async function burnPasswordWork(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString('base64'))
  await verifyPassword(password, await dummy)
  return false
}
