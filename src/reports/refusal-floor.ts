// Refusals take as long as finding no one (DESIGN.md principle 2): refusing reads the file first, finding no
// one does not, and the difference in time would tell a lender who is on file, as the answers themselves do not.
import { setTimeout as sleep } from 'node:timers/promises'
import { AppError } from '../platform/errors.ts'

/** Runs `work`; the not_found it fails with is thrown no sooner than `floorMs` after it began. */
export async function withRefusalFloor<T>(floorMs: number, work: () => Promise<T>): Promise<T> {
  const began = performance.now()
  try {
    return await work()
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found')
      await sleep(Math.max(0, floorMs - (performance.now() - began)))
    throw e
  }
}
