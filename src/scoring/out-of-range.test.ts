// A number beyond the range of a double (`1e400` reads as Infinity) fell past the last bin of a scorecard: the
// score became NaN, apply wrote the floor score without a reason, and the metrics' walk never ended (found by
// probing the scorecard commands). It is now refused where it enters, naming the line and the column.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AppError } from '../platform/errors.ts'
import { tableFromCsv } from './csv-table.ts'
import { auc, ks } from './metrics.ts'
import { parseNumber } from './table.ts'

describe('numbers out of range', () => {
  it('reads 1e400 as no number, and 1e308 or -1e-400 as the numbers they are', () => {
    assert.ok(Number.isNaN(parseNumber('1e400')))
    assert.ok(Number.isNaN(parseNumber('-1e400')))
    assert.equal(parseNumber('1e308'), 1e308)
    assert.equal(parseNumber('-1e-400'), -0)
  })

  it('refuses a CSV value beyond the range of a double, naming the line, the column and why', () => {
    assert.throws(
      () => tableFromCsv('x,y\n1,0\n2,1\n1e400,1\n3,0\n', { target: 'y' }),
      (e: unknown) =>
        e instanceof AppError &&
        e.code === 'invalid_input' &&
        /CSV line 4: column x is numeric but holds "1e400", a number beyond the range of a double/.test(
          e.message,
        ),
    )
  })

  it('stops the metrics at a NaN score instead of walking forever', () => {
    assert.throws(() => auc([0.1, Number.NaN, 0.3], [0, 1, 1]), /score 1 is not a number/)
    assert.throws(() => ks([Number.NaN, 0.2], [1, 0]), /score 0 is not a number/)
  })
})
