// The MAC of each audit event: HMAC-SHA-256, under a key that is not in the database, of the event's hash. The
// SHA-256 chain alone (audit.hash.ts) is public arithmetic: whoever can write to the database could read the
// head, link an event after it with a correct hash, insert it and move the head forward, and verify, even
// against an anchor, said intact. The MAC is what only the bureau's servers can compute. It is kept beside the
// hash, not in it, so that every hash stays what audit.hash.ts specifies and logs chained before keeps verifying.
//
// A log becomes keyed at its first `audit.keyed` event (appended once, by the first keyed append, when the chain
// has none): from it on, verify requires a valid MAC on every event; before it, none. Removing that event to
// escape the rule breaks the chain like any other deletion, and a false one without a valid MAC is itself forged.
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { AuditEvent } from './audit.model.ts'
import { subkey } from '../platform/subkey.ts'

export interface ChainMac {
  /** The MAC of an event whose hash is `hash`, in hex. */
  mac(hash: string): string
  /** Whether `mac` is the MAC of `hash`. */
  holds(hash: string, mac: string | null): boolean
}

/** The action of the event from which every event carries a MAC. */
export const KEYED_ACTION = 'audit.keyed'

export const keyedEvent: AuditEvent = {
  actor: { kind: 'system', id: 'audit' },
  action: KEYED_ACTION,
  outcome: 'done',
  details: { mac: 'HMAC-SHA-256 of the event hash' },
}

export function createChainMac(key: Uint8Array): ChainMac {
  const mac = (hash: string) => createHmac('sha256', key).update(hash, 'utf8').digest()
  return {
    mac: (hash) => mac(hash).toString('hex'),
    holds(hash, stored) {
      if (stored === null || !/^[0-9a-f]{64}$/.test(stored)) return false
      return timingSafeEqual(mac(hash), Buffer.from(stored, 'hex'))
    },
  }
}

/**
 * The key of the chain's MACs, derived (RFC 5869 HKDF) from the audit module's key (pendingSealKey of the master
 * key) under a label of its own, so that a pending set's seal and an event's MAC never share a key.
 */
export const chainMacKey = (auditKey: Uint8Array): Uint8Array =>
  subkey(auditKey, 'openbureau audit chain mac')
