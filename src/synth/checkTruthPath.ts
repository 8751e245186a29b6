// The --truth file must not be one that synth writes itself: named as a Metro 2 file or the manifest, it would
// be replaced by that file without a word (or would replace it), and the run would still exit 0.
import { realpath } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { AppError } from '../platform/errors.ts'

const realFolder = (path: string): Promise<string> => realpath(path).catch(() => resolve(path))

/**
 * Refuses (invalid input, exit 2) a truth path that is one of `names` in folder `out`: compared as absolute
 * paths, and again through the real folders once they exist, so a symbolic link to the folder is caught too.
 */
export async function checkTruthPath(truth: string, out: string, names: ReadonlySet<string>): Promise<void> {
  const name = basename(resolve(truth))
  if (!names.has(name)) return
  const [truthFolder, outFolder] = await Promise.all([realFolder(dirname(resolve(truth))), realFolder(out)])
  if (resolve(dirname(resolve(truth))) === resolve(out) || truthFolder === outFolder) {
    throw new AppError(
      'invalid_input',
      `cannot write ${truth}: synth writes ${join(resolve(out), name)} itself; name another file for --truth`,
    )
  }
}
