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

  it('shows control characters and direction overrides of any cell escaped, never as terminal commands', () => {
    // A furnished file's account number and unknown property name, as a probe sent them: OSC retitle, clear screen,
    // colours, BEL; then the 8-bit CSI (U+009B), a line separator and a right-to-left override.
    const table = renderTable(
      ['account', 'field\u0007'],
      [
        ['\u001b]0;PWNED\u0007\u001b[2J\u001b[31mX', '\u001b[32mfake OK line\u001b[0m'],
        ['A\u009b2J', 'B\u2028C\u202eD\r\n'],
      ],
    )
    assert.doesNotMatch(table.replace(/\n/g, ''), /[\u0000-\u001f\u007f-\u009f\u2028\u202e]/)
    assert.match(table, /\\u001b\]0;PWNED\\u0007\\u001b\[2J\\u001b\[31mX/)
    assert.match(table, /\\u001b\[32mfake OK line\\u001b\[0m/)
    assert.match(table, /A\\u009b2J +B\\u2028C\\u202eD\\u000d\\u000a$/m)
    assert.match(table, /^account +field\\u0007$/m)
    assert.equal(table.trimEnd().split('\n').length, 4, 'one line a row: no cell breaks one')
  })
  it('renders a table of 300,000 rows (a batch of issues) without overflowing the stack', () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => [i, `ACCOUNT-${i}`])
    const table = renderTable(['record', 'account'], rows)
    assert.equal(table.split('\n')[1], '------  --------------')
  })
})
