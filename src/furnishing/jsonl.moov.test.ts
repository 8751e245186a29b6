// JSON Lines written from moov-io/metro2's JSON (`metro2 to-json`): its empty dates are its zero time, which
// means no date, not year 1. And a funder of a loan is listed once, with its whole share.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { events, line } from './jsonl.fixture.ts'

describe('JSON Lines from moov-io JSON', () => {
  it('reads the zero time 0001-01-01T00:00:00Z of an optional date as no date', async () => {
    const [e] = await events(
      line({}, { dateClosed: '0001-01-01T00:00:00Z', dateFirstDelinquency: '0001-01-01T00:00:00Z' }) + '\n',
    )
    assert.equal(e?.kind, 'record', JSON.stringify(e?.issues))
    assert.equal(e?.kind === 'record' && e.record.base.dateClosed, null)
    assert.equal(e?.kind === 'record' && e.record.base.dateFirstDelinquency, null)
  })

  it('refuses a funder named twice, naming it', async () => {
    const [e] = await events(
      line({
        funders: [
          { funder: 'bank-a', share: 0.5 },
          { funder: 'bank-a', share: 0.5 },
        ],
      }) + '\n',
    )
    assert.equal(e?.kind, 'unreadable')
    assert.match(e?.issues?.[0]?.message ?? '', /"bank-a" is named twice/)
  })
})
