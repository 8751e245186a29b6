// A CSV file (or text) as a typed Table. Kinds the caller does not fix are inferred in a first pass over
// the file (numeric when every non-missing value parses as a number; kind-inference.ts), then a second pass fills typed
// arrays: memory holds the columns only, never the file's text.
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { AppError } from '../platform/errors.ts'
import { inputFileError, openInputFile } from '../platform/input-file.ts'
import { parseCsv, readCsvRecords } from './csv.ts'
import { KindInference } from './kind-inference.ts'
import {
  TableBuilder,
  ownKind,
  planTable,
  type ColumnKind,
  type Table,
  type TablePlan,
  type TableSpec,
} from './table.ts'

/** Reads a CSV text whose first record is the header. */
export function tableFromCsv(text: string, spec: TableSpec = {}): Table {
  const [header, ...records] = parseCsv(text)
  if (!header) throw new AppError('invalid_input', 'the CSV data is empty')
  const plan = planTable(header, spec)
  const inference = new KindInference(plan)
  records.forEach((r, i) => {
    if (r.length === plan.width) inference.observe(r, i + 2)
  })
  const builder = new TableBuilder(plan, { ...inference.kinds(spec.kinds), ...spec.kinds }, records.length)
  records.forEach((r, i) => builder.add(r, i + 2))
  return builder.finish()
}

/**
 * Reads a CSV file whose first record is the header, streaming it (twice when some kind is inferred). A pipe or
 * a device (`/dev/stdin`) cannot be read twice, so it is first copied to a temporary file in a folder only this
 * user can open, removed at the end: memory still holds the columns only.
 */
export async function readCsvTable(path: string, spec: TableSpec = {}): Promise<Table> {
  const input = await openInputFile(path)
  if (input.regular) {
    input.stream.destroy()
    return readCsvFile(path, path, spec)
  }
  const folder = await mkdtemp(join(tmpdir(), 'openbureau-csv-'))
  try {
    const copy = join(folder, 'input.csv')
    await pipeline(input.stream, createWriteStream(copy, { mode: 0o600 })).catch((e: unknown) => {
      throw inputFileError(path, e)
    })
    return await readCsvFile(copy, path, spec)
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

/** Reads the regular file `file`, named `name` in messages. */
async function readCsvFile(file: string, name: string, spec: TableSpec): Promise<Table> {
  let plan: TablePlan | undefined
  let inference: KindInference | undefined
  let rows = 0
  scan: for await (const batch of readCsvRecords(file)) {
    for (const { fields, line } of batch) {
      if (plan === undefined) {
        plan = planTable(fields, spec)
        inference = new KindInference(plan)
        if (plan.attributes.every((a) => ownKind(spec.kinds, a.name) !== undefined)) break scan
      } else {
        rows++
        if (fields.length === plan.width) inference!.observe(fields, line)
      }
    }
  }
  if (plan === undefined || inference === undefined)
    throw new AppError('invalid_input', `${name}: the CSV file is empty`)
  const kinds: Record<string, ColumnKind> = { ...inference.kinds(spec.kinds), ...spec.kinds }
  const builder = new TableBuilder(plan, kinds, rows)
  let header = true
  rows = 0
  for await (const batch of readCsvRecords(file)) {
    for (const { fields, line } of batch) {
      if (header) header = false
      else {
        builder.add(fields, line)
        rows++
      }
    }
  }
  // Said plainly, rather than as what an empty table breaks first (the target's two values, say).
  if (rows === 0) throw new AppError('invalid_input', `${name}: no data rows, only the header`)
  return builder.finish()
}
