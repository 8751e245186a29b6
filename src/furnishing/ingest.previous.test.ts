// The month-over-month checks compare a file with the furnisher's last file that reported accounts: a file that
// applied none (a header and a trailer only, or every record rejected) must not hide an account that vanished
// (found by probing: an empty file in between reset the comparison).
import assert from 'node:assert/strict'
import { after, afterEach, before, beforeEach, describe, it } from 'node:test'
import { dataRecordToMoovJson, type DataRecord } from '../metro2/index.ts'
import {
  later,
  metro2File,
  openIngestTestbed,
  singleRecord,
  type Applied,
  type IngestTestbed,
} from './ingest.fixture.ts'
import { previousBatch, vanishedAccounts } from './previous-file.store.ts'
import { FINAL_STATUS_CODES } from './validation/index.ts'

describe('the file before, for the month-over-month checks', () => {
  let t: IngestTestbed
  before(async () => (t = await openIngestTestbed('2024-06-15T12:00:00Z')))
  after(() => t.db.dispose())

  it('skips a file that applied no record, and still finds the account that vanished', async () => {
    const march = await t.ingest([singleRecord('V-1'), singleRecord('V-2')], '2024-03-31')
    assert.equal(march.counts.accepted, 2, JSON.stringify(march.issues))
    const empty = await t.furnishing.ingest.ingest({
      source: metro2File([], '2024-04-30'),
      furnisher: 'first-bank',
    })
    assert.deepEqual([empty.status, empty.status === 'applied' && empty.counts.accepted], ['applied', 0])
    const may = await t.ingest([later(singleRecord('V-1'), 2, '2024-05-31')], '2024-05-31')
    assert.equal(may.counts.accepted, 1, JSON.stringify(may.issues))
    assert.equal(may.counts.vanished, 1, 'V-2 was open in March and is not in May')
  })
})

describe('a file whose header is dated after the day', () => {
  let t: IngestTestbed
  before(async () => (t = await openIngestTestbed('2024-06-15T12:00:00Z')))
  after(() => t.db.dispose())

  it('is told so, as metro2 validate tells it, and its Activity Date does not become the month of the file', async () => {
    // Found by probing: the header's dates were checked against no day; a 2099 file would have been taken for
    // the furnisher's latest, and every later file for an earlier month.
    const far = await t.ingest([singleRecord('H-1')], '2099-01-31')
    assert.deepEqual(
      far.issues.filter((i) => i.rule === 'cross.future_date').map((i) => [i.segment, i.field]),
      [
        ['header', 'activityDate'],
        ['header', 'dateCreated'],
      ],
    )
    assert.equal((await t.furnishing.batches.get(far.batchId))?.activityDate, null)
  })
})

/** The records as a JSON Lines file, one moov-io JSON record a line. */
async function* jsonLines(records: DataRecord[]): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(records.map((r) => JSON.stringify(dataRecordToMoovJson(r)) + '\n').join(''))
}

const vanished = (r: Applied) =>
  r.issues.filter((i) => i.rule === 'mom.vanished_account').map((i) => i.account)

describe('the file before, across formats and late files', () => {
  let t: IngestTestbed
  beforeEach(async () => (t = await openIngestTestbed('2024-06-15T12:00:00Z')))
  afterEach(() => t.db.dispose())

  it('compares a JSON Lines file with the JSON Lines file of the month before, not an older Metro 2 one', async () => {
    // Found by probing: JSON Lines batches had no activity date, so the March Metro 2 file stayed "the file
    // before" and an account missing in May was not noticed.
    const [a, b] = [singleRecord('J-1'), singleRecord('J-2')]
    await t.ingest([a, b], '2024-03-31')
    const april = await t.furnishing.ingest.ingest({
      source: jsonLines([later(a, 1, '2024-04-30'), later(b, 1, '2024-04-30')]),
    })
    assert.equal(april.status, 'applied')
    if (april.status !== 'applied') return
    assert.equal(april.counts.accepted, 2, JSON.stringify(april.issues))
    assert.equal((await t.furnishing.batches.get(april.batchId))?.activityDate, '2024-04-30')
    const may = await t.furnishing.ingest.ingest({ source: jsonLines([later(a, 2, '2024-05-31')]) })
    assert.equal(may.status, 'applied')
    if (may.status !== 'applied') return
    assert.equal(may.counts.accepted, 1, JSON.stringify(may.issues))
    assert.deepEqual([may.counts.vanished, vanished(may)], [1, ['J-2']])
  })

  it('finds nothing vanished in a late file for an earlier month', async () => {
    // X is reported from January; Y opened in February, so the January file cannot report it.
    const x = singleRecord('X-1')
    const xJan = later(
      {
        ...x,
        base: {
          ...x.base,
          paymentHistoryProfile: x.base.paymentHistoryProfile.slice(2) + 'BB',
          dateLastPayment: '2024-01-10',
        },
      },
      0,
      '2024-01-31',
    )
    const y = singleRecord('Y-1')
    const yFeb = later(
      {
        ...y,
        base: {
          ...y.base,
          dateOpened: '2024-02-10',
          dateLastPayment: '2024-02-20',
          paymentHistoryProfile: 'B'.repeat(24),
        },
      },
      0,
      '2024-02-29',
    )
    const feb = await t.ingest([later(xJan, 1, '2024-02-29'), yFeb], '2024-02-29')
    assert.equal(feb.counts.accepted, 2, JSON.stringify(feb.issues))
    const march = await t.ingest([later(xJan, 2, '2024-03-31'), later(yFeb, 1, '2024-03-31')], '2024-03-31')
    assert.equal(march.counts.accepted, 2, JSON.stringify(march.issues))
    const january = await t.ingest([xJan], '2024-01-31')
    assert.deepEqual(
      january.issues.filter((i) => i.severity === 'error').map((i) => i.rule),
      ['mom.doai_regressed'],
    )
    assert.deepEqual([january.counts.vanished, vanished(january)], [0, []])
  })

  it('counts as vanished only the accounts it warns of, not one that ended transferred (05)', async () => {
    const [open, moved, gone] = [singleRecord('K-1'), singleRecord('K-2'), singleRecord('K-3')]
    await t.ingest([open, moved, gone], '2024-03-31')
    const transferred = later(moved, 1, '2024-04-30')
    transferred.base = {
      ...transferred.base,
      accountStatus: '05',
      paymentRating: '0',
      dateClosed: '2024-04-20',
      currentBalance: 0,
    }
    const april = await t.ingest(
      [later(open, 1, '2024-04-30'), transferred, later(gone, 1, '2024-04-30')],
      '2024-04-30',
    )
    assert.equal(april.counts.accepted, 3, JSON.stringify(april.issues))
    const may = await t.ingest([later(open, 2, '2024-05-31')], '2024-05-31')
    assert.deepEqual([may.counts.vanished, vanished(may)], [1, ['K-3']])
  })
})

describe('the accounts that vanished, a page at a time', () => {
  let t: IngestTestbed
  before(async () => (t = await openIngestTestbed('2024-06-15T12:00:00Z')))
  after(() => t.db.dispose())

  it('reads them through a cursor in pages of the size asked, in account order, and leaves no cursor open', async () => {
    // Found by probing: a small file after one of 350,000 accounts held every vanished account and its warning at
    // once (480 MB); now a page of rows and its warnings are written before the next page is read.
    const accounts = ['P-5', 'P-1', 'P-4', 'P-2', 'P-3']
    const march = await t.ingest(
      accounts.map((a) => singleRecord(a)),
      '2024-03-31',
    )
    assert.equal(march.counts.accepted, 5, JSON.stringify(march.issues))
    const previous = await t.db.transaction((tx) => previousBatch(tx, 'first-bank'))
    assert.ok(previous)
    const pages = await t.db.transaction(async (tx) => {
      const out: string[][] = []
      for await (const page of vanishedAccounts(tx, 'first-bank', previous.batchId, FINAL_STATUS_CODES, 2))
        out.push(page.map((r) => r.account_number))
      // The cursor was closed: one of the same name can be declared again in this transaction.
      for await (const page of vanishedAccounts(tx, 'first-bank', previous.batchId, FINAL_STATUS_CODES, 10))
        out.push(page.map((r) => r.account_number))
      return out
    })
    assert.deepEqual(pages, [['P-1', 'P-2'], ['P-3', 'P-4'], ['P-5'], ['P-1', 'P-2', 'P-3', 'P-4', 'P-5']])
    const april = await t.ingest([later(singleRecord('P-3'), 1, '2024-04-30')], '2024-04-30')
    assert.deepEqual(vanished(april).sort(), ['P-1', 'P-2', 'P-4', 'P-5'])
  })
})
