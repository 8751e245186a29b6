// The workplace's shared sample data (the real Metro 2 files, the German credit data) that the tests read. It
// sits beside the checkout (../shared/data); a clone elsewhere finds it where OPENBUREAU_SHARED_DATA points, or
// at the workplace's /work/shared/data, so that every test reads the same files from wherever it runs.
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const besideCheckout = join(import.meta.dirname, '../../../shared/data')

/**
 * The first of the candidate folders that exists. None does: an error that says what the data is and where it was
 * looked for, where a test that read a missing file was cancelled without naming it (found by probing).
 */
export function sharedDataDir(): string {
  const candidates = [process.env['OPENBUREAU_SHARED_DATA'], besideCheckout, '/work/shared/data']
  const found = candidates.find((d): d is string => d !== undefined && d !== '' && existsSync(d))
  if (found !== undefined) return found
  throw new Error(
    `the shared sample data (metro2/: moov-io/metro2 and CFPB Metro 2 files; credit/: the Statlog German credit ` +
      `data) is not at ${besideCheckout}, nor at OPENBUREAU_SHARED_DATA, nor at /work/shared/data: the tests ` +
      `that read it need it there`,
  )
}
