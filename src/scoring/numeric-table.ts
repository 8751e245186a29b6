// A Table (table.ts) of numeric attribute columns and a 0/1 target, filled row by row from numbers (the bureau
// attributes), without the text parsing of the CSV path. Columns grow by doubling, so a population of any size
// costs 8 bytes per value and no object per row.
import type { NumericColumn, Table } from './table.ts'

export const BAD_TARGET = { name: 'bad_12m', bad: '1', good: '0' } as const

export class NumericTableBuilder {
  private rows = 0
  private capacity: number
  private columns: Float64Array[]
  private target: Uint8Array
  private bads = 0

  constructor(
    readonly names: readonly string[],
    capacity = 1024,
  ) {
    this.capacity = Math.max(16, capacity)
    this.columns = names.map(() => new Float64Array(this.capacity))
    this.target = new Uint8Array(this.capacity)
  }

  get rowCount(): number {
    return this.rows
  }

  get badCount(): number {
    return this.bads
  }

  /** One row: the value of each named column (null or undefined for missing) and the outcome. */
  add(value: (name: string) => number | null | undefined, bad: boolean): void {
    if (this.rows === this.capacity) this.grow()
    const r = this.rows++
    for (let c = 0; c < this.names.length; c++) {
      const v = value(this.names[c]!)
      this.columns[c]![r] = v === null || v === undefined ? Number.NaN : v
    }
    this.target[r] = bad ? 1 : 0
    if (bad) this.bads++
  }

  finish(): Table {
    const n = this.rows
    const columns: NumericColumn[] = this.names.map((name, c) => ({
      kind: 'numeric',
      name,
      values: this.columns[c]!.slice(0, n),
    }))
    return { rowCount: n, columns, target: { ...BAD_TARGET, values: this.target.slice(0, n) } }
  }

  private grow(): void {
    this.capacity *= 2
    this.columns = this.columns.map((a) => {
      const b = new Float64Array(this.capacity)
      b.set(a)
      return b
    })
    const t = new Uint8Array(this.capacity)
    t.set(this.target)
    this.target = t
  }
}
