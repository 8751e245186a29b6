// A file named on the command line, opened before anything else happens: a missing file, a folder or a file
// this process may not read gets one line that names the file and says why (DESIGN.md "Errors", exit 2 as
// bad input), never a stack trace from the depths of a stream, and nothing is started that would be left
// half-done.
import { createReadStream, type ReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { AppError } from './errors.ts'
import { errnoReason } from './errno-reason.ts'

const FOLDER = 'it is a folder, not a file'

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file (a part of the path is not a folder)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: FOLDER,
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
}

const cannotRead = (path: string, reason: string) =>
  new AppError('invalid_input', `cannot read ${path}: ${reason}`)

/** The one-line error for an input file that cannot be read. */
export function inputFileError(path: string, e: unknown): AppError {
  return cannotRead(path, errnoReason(e, REASONS))
}

export interface InputFile {
  stream: ReadStream
  /** Bytes in the file when it was opened (0 for a pipe or a device). */
  size: number
  /** A regular file, which can be read again; a pipe cannot. */
  regular: boolean
}

/**
 * Opens a file for reading, or fails with inputFileError. A folder opens on Linux and fails only at the first
 * read, so it is refused here from its status; a pipe or a device (`/dev/stdin`) is read as it comes.
 */
export async function openInputFile(
  path: string,
  options: { highWaterMark?: number; encoding?: BufferEncoding } = {},
): Promise<InputFile> {
  const status = await stat(path).catch((e: unknown) => {
    throw inputFileError(path, e)
  })
  if (status.isDirectory()) throw cannotRead(path, FOLDER)
  const stream = createReadStream(path, options)
  await new Promise<void>((resolve, reject) => {
    stream.once('ready', () => resolve())
    stream.once('error', (e) => reject(inputFileError(path, e)))
  })
  return { stream, size: status.isFile() ? status.size : 0, regular: status.isFile() }
}
