// The workplace's shared sample data (the real Metro 2 files, the German credit data) that the tests read. It
// sits beside the checkout (../shared/data); a clone elsewhere finds it where OPENBUREAU_SHARED_DATA points, or
// at the workplace's /work/shared/data, so that every test reads the same files from wherever it runs.
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const besideCheckout = join(import.meta.dirname, '../../../shared/data')

/** The first of the candidate folders that exists; the one beside the checkout when none does. */
export function sharedDataDir(): string {
  const candidates = [process.env['OPENBUREAU_SHARED_DATA'], besideCheckout, '/work/shared/data']
  return candidates.find((d): d is string => d !== undefined && d !== '' && existsSync(d)) ?? besideCheckout
}
