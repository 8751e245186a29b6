import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { paymentGrid } from './grid.ts'

// The month `n` months before `yyyyMm`, by the calendar (Date.UTC counts months past December itself).
const reference = (yyyyMm: string, n: number) =>
  new Date(Date.UTC(Number(yyyyMm.slice(0, 4)), Number(yyyyMm.slice(5, 7)) - 1 - n, 1))
    .toISOString()
    .slice(0, 7)

describe('paymentGrid', () => {
  it('gives the month of the date, then the 23 before it, each with its payment history character', () => {
    const grid = paymentGrid('2024-03-31', '11', 100, '0123456789ABCDEFGHIJKLMN')
    assert.equal(grid.length, 24)
    assert.deepEqual(grid.slice(0, 4), [
      { month: '2024-03', code: '0' },
      { month: '2024-02', code: '0' },
      { month: '2024-01', code: '1' },
      { month: '2023-12', code: '2' },
    ])
    assert.deepEqual(grid.at(-1), { month: '2022-04', code: 'M' })
  })

  it('shows the month of a rated status (CRRG field 17B) by its Payment Rating, C when closed and current', () => {
    const first = (status: string, rating: string, balance = 0) =>
      paymentGrid('2024-03-31', status, balance, '', rating)[0]?.code
    assert.deepEqual(
      [
        first('13', '2'),
        first('05', '3'),
        first('65', 'L'),
        first('13', '0'),
        first('05', ''),
        first('94', '2'),
        first('05', '0'),
        first('05', '0', 250),
        first('89', '0'),
        first('88', '0', 1200),
        first('65', '0', 0),
      ],
      ['2', '3', 'L', 'C', 'D', 'H', 'E', '0', 'E', '0', 'C'],
    )
  })

  it('fills the months that the history does not cover with B (no history)', () => {
    const grid = paymentGrid('2024-01-15', '11', 0, '00')
    assert.deepEqual(
      grid.slice(1, 5).map((g) => g.code),
      ['0', '0', 'B', 'B'],
    )
  })

  it('counts the months as the calendar does, across years, for any date', () => {
    for (let i = 0; i < 500; i++) {
      const year = 1990 + Math.floor(Math.random() * 60)
      const month = 1 + Math.floor(Math.random() * 12)
      const asOf = `${year}-${String(month).padStart(2, '0')}-15`
      const grid = paymentGrid(asOf, '11', 0, '')
      assert.deepEqual(
        grid.map((g) => g.month),
        Array.from({ length: 24 }, (_, n) => reference(asOf.slice(0, 7), n)),
        asOf,
      )
    }
  })
})
