// The keyed hashes of the consumers module (DESIGN.md principle 4: no national ID or right answer is stored in
// clear, and a login is looked up by its keyed hash; the account keeps the login as the consumer chose it, to
// show it back, and erasure deletes it). All are HMAC-SHA-256 under one key derived from the national-ID token key, which is not in
// the database. Deriving a key of its own, rather than reusing the token key, keeps the attempt counters
// unlinkable to id_tokens: a reader of the database cannot tell which attempts named someone on file.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { nationalIdToken, type NationalIdType } from '../identity/index.ts'
import { answersText, type Answers } from './consumers.model.ts'

export interface KeyedHashes {
  /** Stands for a national ID in the attempt counters and enrolments. */
  attemptKey(type: NationalIdType, normalised: string): Buffer
  /** Stands for a login in the login lookup table. */
  loginHash(login: string): Buffer
  /** The MAC of the right answers of one enrolment: 125 combinations would fall to a plain hash at once. */
  answerMac(enrolmentId: string, answers: Answers | Buffer): Buffer
  /** Compares two MACs in constant time. */
  same(a: Uint8Array, b: Uint8Array): boolean
  /**
   * Deterministic randomness for the questions of one national ID: the same person is shown the same
   * choices at every attempt, so that comparing attempts does not single out the true lender (the one that
   * stays when the decoys change).
   */
  draw(attemptKey: Buffer, label: string): number
}

export function createKeyedHashes(tokenKey: Buffer): KeyedHashes {
  const key = createHmac('sha256', tokenKey).update('openbureau/consumers/v1').digest()
  const mac = (text: string | Buffer) => createHmac('sha256', key).update(text).digest()
  return {
    attemptKey: (type, normalised) => nationalIdToken(key, type, normalised),
    loginHash: (login) => mac(`login:${login}`),
    answerMac: (enrolmentId, answers) =>
      mac(
        Buffer.isBuffer(answers)
          ? Buffer.concat([Buffer.from(`answers:${enrolmentId}:`), answers])
          : `answers:${enrolmentId}:${answersText(answers)}`,
      ),
    same: (a, b) => a.length === b.length && timingSafeEqual(a, b),
    draw: (attemptKey, label) =>
      mac(Buffer.concat([Buffer.from(`draw:${label}:`), attemptKey])).readUInt32BE(0),
  }
}
