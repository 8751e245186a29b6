import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { jointRecord, renumbered } from './ingest.fixture.ts'
import type { PriorAccount } from './ingest.store.ts'
import { moveOf } from './stored-account.ts'

const stored = (tradelineId: string, lastBatchId = 'march'): PriorAccount => ({
  tradelineId,
  asOf: '2024-03-31',
  status: '11',
  dofd: null,
  history: '0'.repeat(24),
  rating: '',
  consumers: [],
  lastBatchId,
})

describe('moveOf: the stored state that a record continues', () => {
  const record = renumbered(jointRecord('OLD-1'), 'NEW-1')
  const move = (accounts: PriorAccount[]) =>
    moveOf(record, 'NEW-1', 'new', 'old', new Map(accounts.map((a) => [a.tradelineId, a])), 'april')

  it('is the account under the old number when the L1 moves it onto a free number', () => {
    const old = stored('old')
    assert.deepEqual(move([old]), { from: old, before: old })
  })

  it('is the account under the new number when the old one is not on file (the move was done)', () => {
    const moved = stored('new')
    assert.deepEqual(move([moved]), { before: moved })
    assert.deepEqual(move([]), { before: undefined })
  })

  it('is still the account under the old number when the move is refused, never the other account', () => {
    const old = stored('old')
    const r = move([old, stored('new')])
    assert.equal(r.issue?.rule, 'file.l1_number_taken')
    assert.equal(r.from, undefined)
    assert.equal(r.before, old)
  })

  it('leaves out what this file wrote itself', () => {
    assert.deepEqual(move([stored('old', 'april')]), { before: undefined })
  })
})
