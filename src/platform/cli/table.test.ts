import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { renderTable } from './table.ts'
import { textWidth } from './text-width.ts'

describe('renderTable', () => {
  it('measures cells in terminal columns: wide CJK and emoji take two, combining marks none', () => {
    assert.equal(textWidth('Bank'), 4)
    assert.equal(textWidth('中国工商银行'), 12)
    assert.equal(textWidth('Cafe\u0301 Bank 💳'), 12)
    assert.equal(textWidth('ｆｕｌｌ'), 8)
    assert.equal(textWidth('Ünïcödé'), 7)
  })

  it('lines up the column after a cell of wide characters', () => {
    const table = renderTable(
      ['id', 'name', 'kind'],
      [
        ['icbc', '中国工商银行', 'bank'],
        ['cafe', 'Cafe\u0301 Bank 💳', 'fintech_lender'],
        ['plain', 'Plain Bank', 'bank'],
      ],
    )
    const kindAt = table
      .trimEnd()
      .split('\n')
      .map((line) => {
        const k = /(kind|bank|fintech_lender|-{4,}$)/.exec(line)
        return textWidth(line.slice(0, k!.index))
      })
    assert.equal(new Set(kindAt).size, 1, table)
  })
})
