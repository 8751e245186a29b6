import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { historyCodeOf, historyCodesFor } from './history-codes.ts'

describe('history codes of an Account Status (CRRG Exhibit 5)', () => {
  it('gives the delinquency bucket of 71-84 and the letter of 93-97', () => {
    assert.deepEqual(
      ['71', '78', '80', '82', '83', '84', '93', '94', '95', '96', '97'].map(historyCodesFor),
      ['1', '2', '3', '4', '5', '6', 'G', 'H', 'J', 'K', 'L'],
    )
  })

  it('records a current month as 0, or E when nothing is owed', () => {
    assert.equal(historyCodesFor('11'), '0E')
    assert.equal(historyCodeOf('11', 120), '0')
    assert.equal(historyCodeOf('11', 0), 'E')
  })

  it('has no byte for statuses that a rating records or that end the account', () => {
    for (const s of ['05', '13', '61', '62', '63', '64', '65', '88', '89', 'DA', 'DF'])
      assert.equal(historyCodeOf(s, 0), undefined, s)
  })
})
