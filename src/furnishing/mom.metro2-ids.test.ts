// A member with several Metro 2 Identification Numbers (CRRG base field 5) may send one file per number: each
// file is compared with the earlier state of its own numbers' accounts, never with another number's. Found by
// probing: SY001's second month's file warned of every SY002 account as vanished.
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { DataRecord } from '../metro2/index.ts'
import { later, openIngestTestbed, singleRecord, type Applied, type IngestTestbed } from './ingest.fixture.ts'

const vanished = (r: Applied) =>
  r.issues
    .filter((i) => i.rule === 'mom.vanished_account')
    .map((i) => i.account)
    .sort()

/** The account `account` reported under Identification Number `id`. */
const under = (id: string, account: string): DataRecord => {
  const r = singleRecord(account)
  return { ...r, base: { ...r.base, identificationNumber: id } }
}

describe('files of one member under several Identification Numbers', () => {
  let t: IngestTestbed
  beforeEach(async () => (t = await openIngestTestbed('2024-06-15T12:00:00Z', ['SY001', 'SY002'])))
  afterEach(() => t.db.dispose())

  const [a1, a2, b1, b2] = [
    under('SY001', 'A-1'),
    under('SY001', 'A-2'),
    under('SY002', 'B-1'),
    under('SY002', 'B-2'),
  ]
  const asOf = ['2024-03-31', '2024-04-30', '2024-05-31']
  /** One number's file for the month `months` after March, every record of which must be accepted. */
  const file = async (records: DataRecord[], months: number) => {
    const r = await t.ingest(
      records.map((r) => later(r, months, asOf[months]!)),
      asOf[months]!,
    )
    assert.equal(r.counts.accepted, records.length, JSON.stringify(r.issues))
    return r
  }

  it("compares each number's file with that number's accounts only", async () => {
    await file([a1, a2], 0)
    await file([b1, b2], 0)
    const sy001 = await file([a1], 1)
    assert.deepEqual([sy001.counts.vanished, vanished(sy001)], [1, ['A-2']])
    const sy002 = await file([b1, b2], 1)
    assert.deepEqual([sy002.counts.vanished, vanished(sy002)], [0, []])
    const may = await file([b1], 2)
    assert.deepEqual(vanished(may), ['B-2'])
  })

  it('compares the first file of a number with the file whose L1 segments moved accounts to it', async () => {
    const moved = (r: DataRecord): DataRecord => ({
      ...r,
      l1: {
        segmentIdentifier: 'L1',
        changeIndicator: 2,
        newConsumerAccountNumber: '',
        newIdentificationNumber: 'SY002',
      },
    })
    await file([a1, a2], 0)
    const april = await file([moved(a1), moved(a2)], 1)
    assert.deepEqual(vanished(april), [])
    const may = await file([under('SY002', 'A-1')], 2)
    assert.deepEqual([may.counts.vanished, vanished(may)], [1, ['A-2']])
  })

  it("warns of nothing in a number's first file, after another number's months", async () => {
    await file([a1, a2], 0)
    await file([a1, a2], 1)
    const first = await file([b1, b2], 1)
    assert.deepEqual([first.counts.vanished, vanished(first)], [0, []])
    const may = await file([a1], 2)
    assert.deepEqual(vanished(may), ['A-2'])
  })
})
