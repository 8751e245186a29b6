import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CodeTable } from './code-table.ts'
import { ACCOUNT_TYPE_PORTFOLIOS, ACCOUNT_TYPES, PORTFOLIO_TYPES } from './codes.ts'

describe('CodeTable', () => {
  const table = CodeTable.of('B M AB 1A')

  it('finds the one- and two-character codes it was given, and no other', () => {
    for (const code of ['B', 'M', 'AB', '1A']) assert.equal(table.has(code), true, code)
    for (const code of ['', 'A', 'b', 'BA', 'A1', 'ABC', 'B ', ' B', 'MM'])
      assert.equal(table.has(code), false, code)
  })

  it('finds nothing for characters outside ASCII or for a value that is not a string', () => {
    for (const code of ['é', 'Bé', '😀', '\u0142', 'A\u0142']) assert.equal(table.has(code), false, code)
    // A record built outside the codec may lack a field: the table answers as a Set would.
    const notStrings: unknown[] = [undefined, null, 1, {}]
    for (const value of notStrings) assert.equal(table.has(value as string), false)
  })

  it('gives the value of a code, and -1 for a code it does not hold', () => {
    const levels = new CodeTable([
      ['11', 0],
      ['71', 1],
      ['84', 6],
    ])
    assert.deepEqual(
      ['11', '71', '84', '78', '1'].map((c) => levels.get(c)),
      [0, 1, 6, -1, -1],
    )
  })

  it('tells a one-character code by its character code', () => {
    assert.equal(table.hasCharCode('B'.charCodeAt(0)), true)
    assert.equal(table.hasCharCode('A'.charCodeAt(0)), false)
    assert.equal(table.hasCharCode(0x142), false)
    assert.equal(table.hasCharCode(Number.NaN), false)
  })

  it('refuses a code or a value that it cannot hold', () => {
    assert.throws(() => CodeTable.of('ABC'), /does not fit/)
    assert.throws(() => CodeTable.of('A  B'), /does not fit/)
    assert.throws(() => new CodeTable([['A', 128]]), /does not fit/)
    assert.throws(() => new CodeTable([['A', -1]]), /does not fit/)
  })

  it('holds every Account Type of Exhibit 2 with a bit for each of its Portfolio Types', () => {
    for (const [type, portfolios] of ACCOUNT_TYPE_PORTFOLIOS) {
      const bits = ACCOUNT_TYPES.get(type)
      for (const p of 'CIMOR') {
        assert.equal((bits & PORTFOLIO_TYPES.get(p)) !== 0, portfolios.includes(p), `${type} ${p}`)
      }
    }
  })
})
