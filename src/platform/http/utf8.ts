// Where bytes stop being UTF-8, for an answer that names the place: TextDecoder's fatal mode says only that they
// are not. The rules are RFC 3629 §4's: no overlong form, no surrogate (U+D800-U+DFFF), nothing past U+10FFFF.
import { isUtf8 } from 'node:buffer'

/** The second byte's range for each lead byte that narrows it (RFC 3629 §4, UTF8-3 and UTF8-4); 80-BF otherwise. */
const SECOND_BYTE: Record<number, [number, number]> = {
  0xe0: [0xa0, 0xbf],
  0xed: [0x80, 0x9f],
  0xf0: [0x90, 0xbf],
  0xf4: [0x80, 0x8f],
}

/** How many continuation bytes follow `lead`; undefined for a byte that begins no character. */
function continuationsAfter(lead: number): number | undefined {
  if (lead < 0x80) return 0
  if (lead >= 0xc2 && lead <= 0xdf) return 1
  if (lead >= 0xe0 && lead <= 0xef) return 2
  if (lead >= 0xf0 && lead <= 0xf4) return 3
  return undefined
}

/**
 * The offset of the first byte of `bytes` that begins no well-formed UTF-8 character: a byte that begins none, or
 * the lead of one cut short or malformed (Latin-1's "é", 0xe9, reads as the lead of a 3-byte character). Undefined
 * when all of them are UTF-8.
 */
export function firstNonUtf8Byte(bytes: Uint8Array): number | undefined {
  // Node's native check first: every valid body (nearly all) is scanned once, in C++.
  if (isUtf8(bytes)) return undefined
  let at = 0
  while (at < bytes.length) {
    const lead = bytes[at]!
    const follow = continuationsAfter(lead)
    if (follow === undefined) return at
    for (let i = 1; i <= follow; i++) {
      const byte = bytes[at + i]
      const [low, high] = (i === 1 ? SECOND_BYTE[lead] : undefined) ?? [0x80, 0xbf]
      if (byte === undefined || byte < low || byte > high) return at
    }
    at += follow + 1
  }
  return undefined
}
