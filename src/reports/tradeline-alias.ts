// The id of an account in a lender's report. The stored tradeline id is a plain SHA-256 of furnisher and account
// number (furnishing/ingest.model.ts), so beside the furnisher and the masked number it gives the hidden digits
// back to anyone who tries the few candidates (codes.ts shows the last four at most). A lender is shown instead
// an HMAC-SHA-256, under a key that is not in the database, of the stored id and the asking member: the same
// member sees the same id for the account in every report (to match it with its own records and last month's
// report), two members' ids cannot be linked, and none can be inverted without the key (DESIGN.md principle 4).
// The consumer's own file keeps the stored id.
import { createHmac } from 'node:crypto'
import { subkey } from '../platform/subkey.ts'

/**
 * The key of the ids, derived (RFC 5869 HKDF) from the bureau's master key under a label of its own, as the audit
 * module derives its keys (audit/pending-seal.ts): every server of the bureau gives the same ids, and no setting
 * is added.
 */
export const tradelineAliasKey = (masterKey: Uint8Array): Uint8Array =>
  subkey(masterKey, 'openbureau report tradeline id')

/** The high nibble of a UUID's byte 8 under the RFC 9562 variant (binary 10xx). */
const VARIANT = '89ab'

/** The ids one member is shown, by stored tradeline id. */
export type TradelineAliases = (storedId: string) => string

/**
 * The ids member `memberId` is shown: HMAC(key, stored id | member id), formatted as the stored ids are, a UUID
 * of version 8 ("custom", RFC 9562 section 5.8). The stored id is a UUID of fixed length, so the message reads
 * one way only.
 */
export function tradelineAliases(key: Uint8Array, memberId: string): TradelineAliases {
  return (storedId) => {
    const x = createHmac('sha256', key).update(`${storedId.toLowerCase()}${memberId}`).digest('hex')
    const variant = VARIANT[parseInt(x[16]!, 16) & 3]!
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-8${x.slice(13, 16)}-${variant}${x.slice(17, 20)}-${x.slice(20, 32)}`
  }
}
