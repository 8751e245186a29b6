// `openbureau scorecard apply`: streams a CSV file through a scorecard. It reads the data in chunks, scores each
// and writes it out, so memory stays flat whatever the file's size, and the output has one row per input row in
// the same order.
import { once } from 'node:events'
import {
  createWriteStream,
  lstatSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs'
import { dirname, resolve } from 'node:path'
import { AppError } from '../platform/errors.ts'
import { checkOutputFile } from '../platform/output-path.ts'
import { applyScorecard } from './apply.ts'
import { readModelFile } from './cli-input.ts'
import { compileScorecard } from './compile-scorecard.ts'
import { readCsvRecords } from './csv.ts'
import type { ScorecardModel } from './scorecard.model.ts'
import { TableBuilder, planTable, type ColumnKind, type TablePlan } from './table.ts'

export function modelColumns(model: ScorecardModel): {
  columns: string[]
  kinds: Record<string, ColumnKind>
} {
  return {
    columns: model.attributes.map((a) => a.name),
    kinds: Object.fromEntries(model.attributes.map((a) => [a.name, a.kind])),
  }
}

// A cell that a spreadsheet would run as a formula (=, +, -, @, a tab or a carriage return first) is written as
// text behind an apostrophe, as OWASP's CSV injection advice says: the reason columns name the model's attributes,
// whose names come from the training file's header (found by probing: `=cmd|' /C calc'!A0` came out as a formula).
// Numbers, negative ones included, are written as they are.
const FORMULA_START = /^[=+\-@\t\r]/

function csvField(s: string): string {
  const safe = FORMULA_START.test(s) && !Number.isFinite(Number(s)) ? `'${s}` : s
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export async function applyCsv(flags: { model: string; data: string; out: string }): Promise<void> {
  // Checked first: the scores written over their own data (--out naming --data) would lose the data.
  await checkOutputFile(flags.out, [flags.data, flags.model])
  const model = readModelFile(flags.model)
  const compiled = compileScorecard(model)
  const { columns, kinds } = modelColumns(model)
  const { path: target, direct } = writeTarget(flags.out)
  // A file is written beside its target and renamed at the end, so a failure never leaves a truncated file
  // behind; a pipe or a device (/dev/stdout) is written as it is, never replaced by a file.
  const partial = direct ? target : `${target}.partial`
  const out = createWriteStream(partial)
  try {
    await once(out, 'open')
  } catch (e) {
    throw new AppError('invalid_input', `cannot write ${partial}: ${(e as Error).message}`)
  }
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain')
  }
  let plan: TablePlan | undefined
  let rows = 0
  try {
    await write('score,probability_default,reason1,reason2,reason3,reason4\n')
    for await (const batch of readCsvRecords(flags.data)) {
      let builder = plan ? new TableBuilder(plan, kinds, batch.length) : undefined
      for (const { fields, line } of batch) {
        if (!plan) {
          plan = planTable(fields, { columns, kinds })
          builder = new TableBuilder(plan, kinds, batch.length)
        } else builder!.add(fields, line)
      }
      if (!builder) continue
      const scored = applyScorecard(compiled, builder.finish())
      let text = ''
      for (let i = 0; i < scored.rowCount; i++) {
        // The file has four reason columns; an inquiries reason in fifth place is in the API's answer only.
        const codes = scored.reasonCodes(i).slice(0, 4)
        while (codes.length < 4) codes.push('')
        text += `${scored.score[i]},${Number(scored.probabilityDefault[i]!.toPrecision(6))},${codes.map(csvField).join(',')}\n`
      }
      rows += scored.rowCount
      await write(text)
    }
    if (!plan) throw new AppError('invalid_input', `${flags.data}: the CSV file is empty`)
    out.end()
    await once(out, 'finish')
    if (!direct) renameSync(partial, target)
  } catch (e) {
    out.destroy()
    if (!direct) rmSync(partial, { force: true })
    throw e
  }
  // On standard error: the scores themselves may be going to standard output (--out /dev/stdout).
  process.stderr.write(`scored ${rows} rows into ${flags.out}\n`)
}

/**
 * Where the scores go: through a symbolic link to the file it names (renaming onto the link would replace it),
 * and straight into anything that is not a regular file (a named pipe, /dev/stdout), which a rename would replace.
 */
function writeTarget(out: string): { path: string; direct: boolean } {
  const status = statSync(out, { throwIfNoEntry: false })
  if (status !== undefined)
    return status.isFile() ? { path: realpathSync(out), direct: false } : { path: out, direct: true }
  // Missing, or a link to a file not made yet: the file the link names.
  let path = out
  for (let hops = 0; hops < 40; hops++) {
    if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() !== true) return { path, direct: false }
    path = resolve(dirname(path), readlinkSync(path))
  }
  throw new AppError('invalid_input', `cannot write ${out}: too many symbolic links`)
}
