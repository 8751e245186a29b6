// An output folder that already holds a synth run: a second run writes only the files of its own window, so
// the first run's other files would stay beside its manifest and `ingest` of the folder would mix two
// populations. Such a folder is refused (invalid input, exit 2) unless the caller asks for the earlier run's
// files to be replaced; files that synth does not write are never touched.
import { open, readdir, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { AppError } from '../platform/errors.ts'

/** What to do with an earlier run's files in the output folder: refuse the folder, or remove them first. */
export type PreviousRun = 'refuse' | 'replace'

export const MANIFEST = 'manifest.json'

// `<identification number>-<YYYY-MM>.dat` (synthFileName), and its name while it is written.
const METRO2_FILE = /^SY\d{3}-\d{4}-\d{2}\.dat(\.partial)?$/
// The first bytes of a truth file (TruthWriter.open): the one file synth writes under a name the user chose.
const TRUTH_HEAD = '{"generator":"openbureau synth",'
const LISTED = 3

async function isTruthFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => undefined)
  if (handle === undefined) return false
  try {
    const head = Buffer.alloc(TRUTH_HEAD.length)
    const { bytesRead } = await handle.read(head, 0, head.length, 0)
    return head.toString('utf8', 0, bytesRead) === TRUTH_HEAD
  } catch {
    return false
  } finally {
    await handle.close()
  }
}

/** The names in `out` that an earlier synth run wrote, sorted; none when the folder does not exist (yet). */
export async function previousRunFiles(out: string): Promise<string[]> {
  // A folder that cannot be listed (missing, a file, no permission) is reported where it is written.
  const entries = await readdir(resolve(out), { withFileTypes: true }).catch(() => [])
  const names: string[] = []
  for (const e of entries) {
    if (!e.isFile()) continue
    if (e.name === MANIFEST || METRO2_FILE.test(e.name) || (await isTruthFile(join(resolve(out), e.name))))
      names.push(e.name)
  }
  return names.sort()
}

/** Refuses a folder that holds an earlier run's files, naming the folder and some of the files. */
export function refusePreviousRun(out: string, names: readonly string[]): void {
  if (names.length === 0) return
  const more = names.length > LISTED ? ` and ${names.length - LISTED} more` : ''
  throw new AppError(
    'invalid_input',
    `cannot write into ${out}: it holds the files of an earlier synth run (${names.slice(0, LISTED).join(', ')}${more}); name another folder, or give --force to replace them`,
  )
}

export async function removePreviousRun(out: string, names: readonly string[]): Promise<void> {
  for (const name of names) await rm(join(resolve(out), name), { force: true })
}
