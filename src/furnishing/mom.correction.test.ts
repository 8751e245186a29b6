// The month-over-month vanishing check compares a file with everything the furnisher reported for the month
// before it, not with the one file last applied for that month (found by probing: a correction file for March
// that carried one account warned the nine others as vanished, and then hid from April's file every account
// it left out).
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { DataRecord } from '../metro2/index.ts'
import { later, openIngestTestbed, singleRecord, type Applied, type IngestTestbed } from './ingest.fixture.ts'

const vanished = (r: Applied) =>
  r.issues
    .filter((i) => i.rule === 'mom.vanished_account')
    .map((i) => i.account)
    .sort()

describe('a second file for the same month', () => {
  let t: IngestTestbed
  beforeEach(async () => (t = await openIngestTestbed('2024-06-15T12:00:00Z')))
  afterEach(() => t.db.dispose())

  const [a, b, c] = [singleRecord('C-1'), singleRecord('C-2'), singleRecord('C-3')]
  /** The records as of `asOf`, `months` after March, in one Metro 2 file every record of which is accepted. */
  const month = async (records: DataRecord[], months: number, asOf: string) => {
    const r = await t.ingest(
      records.map((r) => later(r, months, asOf)),
      asOf,
    )
    assert.equal(r.counts.accepted, records.length, JSON.stringify(r.issues))
    return r
  }

  it('warns of no account that an earlier file of its month reported', async () => {
    await month([a, b, c], 0, '2024-03-31')
    const correction = await month([b], 0, '2024-03-31')
    assert.deepEqual([correction.counts.vanished, vanished(correction)], [0, []])
  })

  it('leaves the next month compared with every file of its month', async () => {
    await month([a, b, c], 0, '2024-03-31')
    await month([b], 0, '2024-03-31')
    const april = await month([b], 1, '2024-04-30')
    assert.deepEqual([april.counts.vanished, vanished(april)], [2, ['C-1', 'C-3']])
  })

  it('still warns of an account of the month before that no file of its month reported', async () => {
    await month([a, b, c], 0, '2024-03-31')
    const april = await month([a, b], 1, '2024-04-30')
    assert.deepEqual(vanished(april), ['C-3'])
    const correction = await month([b], 1, '2024-04-30')
    assert.deepEqual([correction.counts.vanished, vanished(correction)], [1, ['C-3']])
    const may = await month([b], 2, '2024-05-31')
    assert.deepEqual(vanished(may), ['C-1'])
  })

  it('warns of nothing in a second file of the first month', async () => {
    await month([a, b], 0, '2024-03-31')
    const second = await month([c], 0, '2024-03-31')
    assert.deepEqual([second.counts.vanished, vanished(second)], [0, []])
    const april = await month([a, b, c], 1, '2024-04-30')
    assert.deepEqual(vanished(april), [])
  })
})
