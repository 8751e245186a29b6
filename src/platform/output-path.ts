// Files and folders named on the command line for output, checked before any work starts: a path this process
// cannot write, a folder where a file must go, or the command's own input named as its output gets one line that
// names the path and says why (DESIGN.md "Errors", exit 2 as bad input), never a stack trace, a hang or an input
// overwritten with its own results.
import { mkdir, stat } from 'node:fs/promises'
import type { Stats } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { AppError } from './errors.ts'
import { errnoReason } from './errno-reason.ts'

const REASONS: Record<string, string> = {
  ENOENT: 'no such folder',
  ENOTDIR: 'a file stands where a folder must be',
  EEXIST: 'a file stands where a folder must be',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  EISDIR: 'it is a folder, not a file',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  ENOSPC: 'no space left on the device',
}

const cannotWrite = (path: string, reason: string) =>
  new AppError('invalid_input', `cannot write ${path}: ${reason}`)

/** The one-line error for an output path that cannot be written. */
export function outputPathError(path: string, e: unknown): AppError {
  return cannotWrite(path, errnoReason(e, REASONS))
}

const statusOf = (path: string): Promise<Stats | undefined> =>
  stat(path).catch((e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return undefined
    throw e
  })

/**
 * Creates the folder `path` and any missing parents, one level at a time: Node's recursive mkdir spins without
 * end on some pseudo file systems (`/proc/x`) where a single mkdir fails at once. `mode` applies to the folders
 * it creates.
 */
export async function makeOutputFolder(path: string, mode?: number): Promise<void> {
  const missing: string[] = []
  let at = resolve(path)
  try {
    for (let s = await statusOf(at); s === undefined; s = await statusOf(at)) {
      missing.unshift(at)
      const up = dirname(at)
      if (up === at) break
      at = up
    }
    const existing = await statusOf(at)
    if (existing && !existing.isDirectory())
      throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' })
    for (const folder of missing) await mkdir(folder, mode === undefined ? {} : { mode })
  } catch (e) {
    throw outputPathError(path, e)
  }
}

/**
 * Checks that `path` can take an output file before the work that fills it starts: its folder exists, it is not
 * a folder itself, and it is none of `inputs` (the same file under another name included).
 */
export async function checkOutputFile(path: string, inputs: readonly string[] = []): Promise<void> {
  try {
    const folder = await statusOf(dirname(resolve(path)))
    if (!folder) throw Object.assign(new Error('no such folder'), { code: 'ENOENT' })
    if (!folder.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' })
    const target = await statusOf(path)
    if (target?.isDirectory()) throw Object.assign(new Error('a folder'), { code: 'EISDIR' })
    for (const input of inputs) {
      const s = await statusOf(input).catch(() => undefined)
      const same =
        resolve(input) === resolve(path) || (target && s && s.dev === target.dev && s.ino === target.ino)
      if (same) throw cannotWrite(path, `it is also the input (${input}); name another file for the output`)
    }
  } catch (e) {
    throw e instanceof AppError ? e : outputPathError(path, e)
  }
}
