// An account whose record a file rejected was still reported by that file: the next file that leaves it out
// warns of it as vanished (CRRG: every account every month). Found by probing: an account rejected in June
// (mom.reaging) and left out in July was never warned of, and the consumer's file still showed it as of May.
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { DataRecord } from '../metro2/index.ts'
import { later, openIngestTestbed, singleRecord, type Applied, type IngestTestbed } from './ingest.fixture.ts'

const vanished = (r: Applied) =>
  r.issues
    .filter((i) => i.rule === 'mom.vanished_account')
    .map((i) => i.account)
    .sort()

const errors = (r: Applied) => r.issues.filter((i) => i.severity === 'error').map((i) => [i.account, i.rule])

describe('an account rejected one month and left out the next', () => {
  let t: IngestTestbed
  beforeEach(async () => (t = await openIngestTestbed('2024-08-15T12:00:00Z')))
  afterEach(() => t.db.dispose())

  const [x, y] = [singleRecord('R-X'), singleRecord('R-Y')]
  const asOf = ['2024-03-31', '2024-04-30', '2024-05-31', '2024-06-30', '2024-07-31']
  /** The record `months` after March, as of that month's end. */
  const at = (r: DataRecord, months: number) => later(r, months, asOf[months]!)
  /** X `months` after March with last month's history, not shifted: rejected as mom.history_shift. */
  const stale = (months: number) => later(x, months - 1, asOf[months]!)
  const file = (records: DataRecord[], months: number) => t.ingest(records, asOf[months]!)

  it('is warned of in the next file that leaves it out, and only in that one', async () => {
    await file([x, y], 0)
    const april = await file([stale(1), at(y, 1)], 1)
    assert.deepEqual(errors(april), [['R-X', 'mom.history_shift']])
    assert.deepEqual(vanished(april), [])
    const may = await file([at(y, 2)], 2)
    assert.deepEqual([may.counts.vanished, vanished(may)], [1, ['R-X']])
    const june = await file([at(y, 3)], 3)
    assert.deepEqual(vanished(june), [])
  })

  it('is warned of after several months of rejected records', async () => {
    await file([x, y], 0)
    for (const months of [1, 2]) {
      const r = await file([stale(months), at(y, months)], months)
      assert.deepEqual([errors(r), vanished(r)], [[['R-X', 'mom.history_shift']], []])
    }
    const june = await file([at(y, 3)], 3)
    assert.deepEqual(vanished(june), ['R-X'])
  })

  it('is not warned of by a second file of the month that rejected it, but by the next month', async () => {
    await file([x, y], 0)
    await file([stale(1), at(y, 1)], 1)
    const correction = await file([at(y, 1)], 1)
    assert.deepEqual([correction.counts.vanished, vanished(correction)], [0, []])
    const may = await file([at(y, 2)], 2)
    assert.deepEqual(vanished(may), ['R-X'])
  })

  it('is not warned of once a later file reported it', async () => {
    await file([x, y], 0)
    await file([stale(1), at(y, 1)], 1)
    const may = await file([at(x, 2), at(y, 2)], 2)
    assert.deepEqual([errors(may), vanished(may)], [[], []])
    const correction = await file([at(x, 2)], 2)
    assert.deepEqual(vanished(correction), [])
  })
})
