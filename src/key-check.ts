// The keys a database was written with, checked whenever the app opens it (migration 0016): a national-ID token
// key or a master key other than the ones the data was written with is refused by name, before anything is read
// or written (found by probing: a new token key silently made every consumer of the next file anew, and a new
// master key failed deep inside a read with a stack trace). The first opening stores the check values.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { sql } from 'kysely'
import { ConfigError, type Secrets } from './config.ts'
import type { Db } from './platform/db.ts'

const TEXT = 'openbureau key check v1'
const AAD = Buffer.from('key-check', 'utf8')

export const tokenCheck = (tokenKey: Uint8Array): Buffer =>
  createHmac('sha256', tokenKey).update(TEXT).digest()

/** TEXT sealed under the master key with AES-256-GCM: iv (12 bytes) | tag (16) | ciphertext. */
export function masterCheck(masterKey: Uint8Array): Buffer {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv).setAAD(AAD)
  const body = Buffer.concat([cipher.update(TEXT, 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body])
}

export function opensMasterCheck(masterKey: Uint8Array, sealed: Uint8Array): boolean {
  const b = Buffer.from(sealed)
  try {
    const decipher = createDecipheriv('aes-256-gcm', masterKey, b.subarray(0, 12)).setAAD(AAD)
    decipher.setAuthTag(b.subarray(12, 28))
    return Buffer.concat([decipher.update(b.subarray(28)), decipher.final()]).toString('utf8') === TEXT
  } catch {
    return false
  }
}

/** Stores the check values on first use, and otherwise refuses keys that do not pass them (ConfigError). */
export async function checkKeys(db: Db, secrets: Pick<Secrets, 'tokenKey' | 'masterKey'>): Promise<void> {
  // Two processes opening a new database at once: one row wins, and both check against it.
  await sql`insert into key_check (id, token_check, master_check)
            values (1, ${tokenCheck(secrets.tokenKey)}, ${masterCheck(secrets.masterKey)})
            on conflict (id) do nothing`.execute(db.kysely)
  const row = (
    await sql<{ token_check: Uint8Array; master_check: Uint8Array }>`
      select token_check, master_check from key_check where id = 1`.execute(db.kysely)
  ).rows[0]
  if (row === undefined) throw new Error('key_check has no row after its insert')
  const problems: string[] = []
  const expected = Buffer.from(row.token_check)
  const token = tokenCheck(secrets.tokenKey)
  if (expected.length !== token.length || !timingSafeEqual(expected, token))
    problems.push(
      'OPENBUREAU_TOKEN_KEY: not the key this database was written with (no national ID would match its consumer)',
    )
  if (!opensMasterCheck(secrets.masterKey, row.master_check))
    problems.push(
      "OPENBUREAU_MASTER_KEY: not the key this database was written with (no consumer's data could be read)",
    )
  if (problems.length > 0) throw new ConfigError(problems)
}
