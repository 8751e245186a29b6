// Keys derived from a bureau key under labels of their own (RFC 5869 HKDF-SHA-256, no salt, 32 bytes): every
// server of the bureau derives the same, no setting is added, and no two uses share a key.
import { hkdfSync } from 'node:crypto'

/** The 32-byte key of `key` for the use named by `label`. */
export const subkey = (key: Uint8Array, label: string): Uint8Array =>
  new Uint8Array(hkdfSync('sha256', key, new Uint8Array(0), label, 32))
