// Refusals take as long as finding no one (DESIGN.md principle 2): refusing reads the file first, finding no
// one does not, and the difference in time would tell a lender who is on file, as the answers themselves do not.
import { AppError } from '../platform/errors.ts'
import { withAnswerFloor } from '../platform/answer-floor.ts'

/**
 * Runs `work`; the not_found it fails with is thrown no sooner than `floorMs` after it began, and so is the 401 of a
 * key found revoked on the way (report.service.ts), which is told whether or not anyone is on file.
 */
export function withRefusalFloor<T>(floorMs: number, work: () => Promise<T>): Promise<T> {
  return withAnswerFloor(
    floorMs,
    work,
    (failed, e) =>
      failed && e instanceof AppError && (e.code === 'not_found' || e.code === 'unauthenticated'),
  )
}
