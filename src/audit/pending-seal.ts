// The seal of a set of pending audit events (migrations/0014_audit_pending_seal.sql): an HMAC-SHA-256 under a key
// that is not in the database, over the set's id and the canonical JSON of its events. audit_pending can be
// written by whoever owns the database, and what chainPending takes from it goes into the chain as genuine: a
// row without a valid seal is not chained but recorded as refused. Every server of one bureau must use the same
// key (the composition root derives it from the master key); the default, for tests and tools, is one random key
// per process.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { canonicalJson } from './audit.hash.ts'
import { subkey } from '../platform/subkey.ts'

export interface PendingSeal {
  /** The seal of a set whose events are `eventsJson` (as stored), in hex. */
  seal(pendingId: string, eventsJson: string): string
  /** Whether `mac` is the seal of the set as stored. */
  holds(pendingId: string, events: unknown, mac: string): boolean
}

type Json = Parameters<typeof canonicalJson>[0]

export function createPendingSeal(key: Uint8Array): PendingSeal {
  // Over the events as JSON text read back (jsonb keeps neither key order nor absent fields), made canonical
  // (RFC 8785), so that the set read from the table has the seal of the set written.
  const mac = (pendingId: string, eventsJson: string) =>
    createHmac('sha256', key)
      .update(`${pendingId.toLowerCase()}\n${canonicalJson(JSON.parse(eventsJson) as Json)}`, 'utf8')
      .digest()
  return {
    seal: (pendingId, eventsJson) => mac(pendingId, eventsJson).toString('hex'),
    holds(pendingId, events, stored) {
      const expected = mac(pendingId, JSON.stringify(events))
      const given = /^[0-9a-f]{64}$/.test(stored) ? Buffer.from(stored, 'hex') : undefined
      return given !== undefined && timingSafeEqual(expected, given)
    },
  }
}

/** The key of the seal, derived from the bureau's master key (RFC 5869 HKDF), so every server has the same. */
export const pendingSealKey = (masterKey: Uint8Array): Uint8Array =>
  subkey(masterKey, 'openbureau audit_pending seal')

export const processPendingSeal = createPendingSeal(randomBytes(32))
