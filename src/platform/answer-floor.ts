// An answer that must not tell, by the time it took, which way it went (DESIGN.md principle 2: whether a consumer
// is on file is told to no one without a lawful purpose). The work that finds someone writes more than the work
// that finds no one; waiting out a floor that both stay under makes them alike.
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Runs `work`; its answer is given no sooner than `floorMs` after it began, when `held` says so for that answer:
 * `held(false)` for a value, `held(true, error)` for an error (by default every answer is held).
 */
export async function withAnswerFloor<T>(
  floorMs: number,
  work: () => Promise<T>,
  held: (failed: boolean, error?: unknown) => boolean = () => true,
): Promise<T> {
  const began = performance.now()
  // A timer may fire up to a millisecond early against performance.now (libuv keeps its clock in whole
  // milliseconds; found in CI: 148.9 ms for a floor of 150), so the wait goes on until the floor has passed.
  const left = () => floorMs - (performance.now() - began)
  const wait = async () => {
    while (left() > 0) await sleep(Math.ceil(left()))
  }
  let value: T
  try {
    value = await work()
  } catch (e) {
    if (held(true, e)) await wait()
    throw e
  }
  if (held(false)) await wait()
  return value
}
