// A lock on the embedded database's data folder, so that a second process cannot open it.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from './errors.ts'

/**
 * PGlite is a single-process database: two processes on one data folder would corrupt it. A lock file with
 * the owner's pid keeps the second one out, with a message that says who holds it; a stale lock (its
 * process is gone) is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'openbureau.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      const release = () => rmSync(file, { force: true })
      process.once('exit', release)
      return release
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const owner = Number(readFileSync(file, 'utf8'))
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new AppError(
          'conflict',
          `the embedded database in ${dataDir} is in use by process ${owner} (a running "openbureau serve"?): stop it first, or use a PostgreSQL server (DATABASE_URL) for several processes`,
        )
      }
      rmSync(file, { force: true })
    }
  }
  throw new AppError('conflict', `cannot lock the embedded database in ${dataDir}`)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
