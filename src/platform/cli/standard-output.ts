// Standard output written at once, for what is shown only once (an API key's secret): the caller writes it before
// the transaction that stores it commits, so that a secret nobody could read is never stored (found by probing:
// `keys rotate > /dev/full` revoked the old key and stored a new one that no one had seen).
import { writeSync } from 'node:fs'

const STANDARD_OUTPUT = Symbol('standard output')

/** Writes all of `text` to standard output now; throws, marked as standard output's failure, if it cannot. */
export function writeOutNow(text: string): void {
  const bytes = Buffer.from(text)
  let written = 0
  let waits = 0
  while (written < bytes.length) {
    try {
      written += writeSync(1, bytes, written)
    } catch (e) {
      // A pipe libuv made non-blocking and found full: wait for the reader a little, then give up.
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN' && waits++ < 5000) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1)
        continue
      }
      throw Object.assign(e as Error, { [STANDARD_OUTPUT]: true })
    }
  }
}

/** Whether `e` is writeOutNow's failure to write standard output. */
export const isStandardOutputFailure = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && STANDARD_OUTPUT in e
