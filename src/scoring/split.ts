// Row subsets of a Table: the seeded, stratified train/test split that a model card records, and the
// gather that builds any subset.
import { AppError } from '../platform/errors.ts'
import { createRng, shuffleInPlace } from './rng.ts'
import type { Column, Table } from './table.ts'

/** A table of the given rows (in the order given). */
export function selectRows(table: Table, rows: Int32Array): Table {
  const n = rows.length
  const columns: Column[] = table.columns.map((c) => {
    if (c.kind === 'numeric') {
      const values = new Float64Array(n)
      for (let i = 0; i < n; i++) values[i] = c.values[rows[i]!]!
      return { kind: 'numeric', name: c.name, values }
    }
    const codes = new Int32Array(n)
    for (let i = 0; i < n; i++) codes[i] = c.codes[rows[i]!]!
    return { kind: 'categorical', name: c.name, codes, levels: c.levels }
  })
  if (!table.target) return { rowCount: n, columns }
  const values = new Uint8Array(n)
  for (let i = 0; i < n; i++) values[i] = table.target.values[rows[i]!]!
  return { rowCount: n, columns, target: { ...table.target, values } }
}

/**
 * Splits rows into train and test, stratified by the target (each part keeps the bad rate) and seeded,
 * so the same data and seed give the same split. Rows keep their original order within each part.
 */
export function splitTable(table: Table, testShare: number, seed: number): { train: Table; test: Table } {
  if (!(testShare > 0 && testShare < 1))
    throw new AppError('invalid_input', `test share must be in (0, 1), got ${testShare}`)
  const rng = createRng(seed)
  const strata: number[][] = [[], []]
  for (let r = 0; r < table.rowCount; r++) strata[table.target?.values[r] ?? 0]!.push(r)
  const inTest = new Uint8Array(table.rowCount)
  for (const stratum of strata) {
    const order = shuffleInPlace(Int32Array.from(stratum), rng)
    const take = Math.round(stratum.length * testShare)
    for (let i = 0; i < take; i++) inTest[order[i]!] = 1
  }
  const train: number[] = []
  const test: number[] = []
  for (let r = 0; r < table.rowCount; r++) (inTest[r] ? test : train).push(r)
  return { train: selectRows(table, Int32Array.from(train)), test: selectRows(table, Int32Array.from(test)) }
}
