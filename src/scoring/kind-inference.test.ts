import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { AppError } from '../platform/errors.ts'
import { readCsvTable, tableFromCsv } from './csv-table.ts'

const dir = mkdtempSync(join(tmpdir(), 'ob-kind-inference-'))
after(() => rmSync(dir, { recursive: true, force: true }))

/** A CSV of `income` (the numbers 1..n, with the texts given at their 0-based rows) and the target y. */
function incomes(n: number, texts: Record<number, string>): string {
  const rows = Array.from({ length: n }, (_, i) => `${texts[i] ?? String(i + 1)},${i % 2}`)
  return `income,y\n${rows.join('\n')}\n`
}

describe('KindInference', () => {
  it('reads n/a, N/A, #N/A and - as missing, so that the column stays numeric', () => {
    // These once made the column categorical (and dropped as a weak attribute) without a word.
    const t = tableFromCsv(incomes(6, { 1: 'n/a', 2: 'N/A', 3: '-', 4: '#N/A' }), { target: 'y' })
    const [income] = t.columns
    assert.equal(income?.kind, 'numeric')
    assert.deepEqual(income?.kind === 'numeric' ? [...income.values] : [], [1, NaN, NaN, NaN, NaN, 6])
  })

  it('refuses a mostly numeric column with another text, naming the column, the text and its line', async () => {
    const csv = incomes(20, { 4: 'unknown', 9: 'n.a.' })
    const message =
      'CSV line 6: column income holds "unknown" where 18 of its 20 values are numbers; write a missing value as empty, NA, N/A, #N/A, NaN, null, - or ?, or leave the column out (--exclude)'
    assert.throws(
      () => tableFromCsv(csv, { target: 'y' }),
      (e) => e instanceof AppError && e.code === 'invalid_input' && e.message === message,
    )
    const file = join(dir, 'incomes.csv')
    writeFileSync(file, csv)
    await assert.rejects(
      readCsvTable(file, { target: 'y' }),
      (e) => e instanceof AppError && e.message === message,
    )
  })

  it('types a column with many texts categorical, and does not check a column whose kind is fixed', () => {
    const mixed = tableFromCsv(incomes(4, { 0: 'a', 2: 'b' }), { target: 'y' })
    assert.equal(mixed.columns[0]?.kind, 'categorical')
    const fixed = tableFromCsv(incomes(20, { 4: 'unknown' }), {
      target: 'y',
      kinds: { income: 'categorical' },
    })
    assert.equal(fixed.columns[0]?.kind, 'categorical')
  })
})
