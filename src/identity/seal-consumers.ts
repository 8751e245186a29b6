// The cryptography of consumers created by one chunk, as one pure job that can run on another thread
// (seal-worker.ts): a fresh data key each, wrapped by the master key, and each distinct PII value hashed and
// encrypted under it (DESIGN.md principle 4; see pii-crypto.ts). It hands back the rows for the three tables
// in COPY text, and what the resolver must remember: each data key and the values it stored.
import { CopyBuffer } from '../platform/copy.ts'
import type { PiiValue } from './identity.model.ts'
import { DATA_KEY_BYTES, encryptPii, newDataKey, piiValueHash, wrapDataKey } from './pii-crypto.ts'

/** The COPY targets of SealedConsumers.copy, in its column orders. */
export const SEALED_COPY_TARGETS = {
  consumers: 'consumers (consumer_key)',
  consumerKeys: 'consumer_keys (consumer_key, wrapped_key)',
  pii: 'consumer_pii (consumer_key, kind, value_hash, ciphertext, source, first_seen, last_seen)',
} as const

/** A stored value's id within its consumer: its kind and value hash (hex). */
export const valueId = (kind: string, hashHex: string): string => `${kind}|${hashHex}`

export interface SealJob {
  masterKey: Uint8Array
  /** First and last seen date of every value. */
  asOf: string
  source: string
  consumers: { consumerKey: string; values: PiiValue[] }[]
}

export interface SealedConsumers {
  /** Per consumer, in the job's order, the valueId of each value stored. */
  stored: { consumerKey: string; values: string[] }[]
  /** The consumers' data keys, DATA_KEY_BYTES each, in the same order (dataKeyAt reads one). */
  dataKeys: Uint8Array
  /** The rows of each table in COPY text format, as bytes (CopyBuffer.take); no pieces when there are no rows. */
  copy: Record<keyof typeof SEALED_COPY_TARGETS, Uint8Array<ArrayBuffer>[]>
}

export function sealConsumers(job: SealJob): SealedConsumers {
  const { masterKey } = job
  const stored: SealedConsumers['stored'] = []
  // One buffer for all keys: it crosses threads as one piece, and none shares memory with anything else.
  const dataKeys = new Uint8Array(job.consumers.length * DATA_KEY_BYTES)
  // Rows rendered straight into bytes (see CopyBuffer): they cross threads and wait for their COPY as such.
  const consumers = new CopyBuffer()
  const consumerKeys = new CopyBuffer()
  const pii = new CopyBuffer()
  for (const [i, { consumerKey, values }] of job.consumers.entries()) {
    const dataKey = newDataKey()
    dataKeys.set(dataKey, i * DATA_KEY_BYTES)
    consumers.row([consumerKey])
    consumerKeys.row([consumerKey, wrapDataKey(masterKey, consumerKey, dataKey)])
    // One row per (kind, value): two spellings of one person in a chunk often share a birth date or address.
    const ids: string[] = []
    for (const v of values) {
      const valueHash = piiValueHash(dataKey, v.kind, v.normalised)
      const id = valueId(v.kind, valueHash.toString('hex'))
      if (ids.includes(id)) continue
      ids.push(id)
      const ciphertext = encryptPii(dataKey, consumerKey, v.kind, v.plaintext)
      pii.row([consumerKey, v.kind, valueHash, ciphertext, job.source, job.asOf, job.asOf])
    }
    stored.push({ consumerKey, values: ids })
  }
  return {
    stored,
    dataKeys,
    copy: { consumers: consumers.take(), consumerKeys: consumerKeys.take(), pii: pii.take() },
  }
}

/** The i-th consumer's data key, as a view (no copy). */
export const dataKeyAt = (sealed: SealedConsumers, i: number): Buffer =>
  Buffer.from(sealed.dataKeys.buffer, sealed.dataKeys.byteOffset + i * DATA_KEY_BYTES, DATA_KEY_BYTES)
