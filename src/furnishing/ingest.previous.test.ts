// The month-over-month checks compare a file with the furnisher's last file that reported accounts: a file that
// applied none (a header and a trailer only, or every record rejected) must not hide an account that vanished
// (found by probing: an empty file in between reset the comparison).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { later, metro2File, openIngestTestbed, singleRecord, type IngestTestbed } from './ingest.fixture.ts'

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
