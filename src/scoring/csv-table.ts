// A CSV file (or text) as a typed Table. Kinds the caller does not fix are inferred in a first pass over
// the file (numeric when every non-missing value parses as a number), then a second pass fills typed
// arrays: memory holds the columns only, never the file's text.
import { AppError } from '../platform/errors.ts'
import { parseCsv, readCsvRecords } from './csv.ts'
import {
  KindInference,
  TableBuilder,
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
  for (const r of records) if (r.length === plan.width) inference.observe(r)
  const builder = new TableBuilder(plan, { ...inference.kinds(), ...spec.kinds }, records.length)
  records.forEach((r, i) => builder.add(r, i + 2))
  return builder.finish()
}

/** Reads a CSV file whose first record is the header, streaming it (twice when some kind is inferred). */
export async function readCsvTable(path: string, spec: TableSpec = {}): Promise<Table> {
  let plan: TablePlan | undefined
  let inference: KindInference | undefined
  let rows = 0
  scan: for await (const batch of readCsvRecords(path)) {
    for (const { fields } of batch) {
      if (plan === undefined) {
        plan = planTable(fields, spec)
        inference = new KindInference(plan)
        if (plan.attributes.every((a) => spec.kinds?.[a.name] !== undefined)) break scan
      } else {
        rows++
        if (fields.length === plan.width) inference!.observe(fields)
      }
    }
  }
  if (plan === undefined || inference === undefined)
    throw new AppError('invalid_input', `${path}: the CSV file is empty`)
  const kinds: Record<string, ColumnKind> = { ...inference.kinds(), ...spec.kinds }
  const builder = new TableBuilder(plan, kinds, rows)
  let header = true
  for await (const batch of readCsvRecords(path)) {
    for (const { fields, line } of batch) {
      if (header) header = false
      else builder.add(fields, line)
    }
  }
  return builder.finish()
}
