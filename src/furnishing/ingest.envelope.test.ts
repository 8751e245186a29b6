// A Metro 2 file is applied whole or not at all, so ingestion takes a file only when it is one whole file (CRRG
// Header Record, Trailer Record): a trailer followed by records, or a second header, rejects it whole, with what
// `metro2 validate` says of it and where (found by probing: validate named record.trailer_not_last as an error,
// and ingestion applied the file anyway, comparing the last of two trailers where validate compared the first).
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { sql } from 'kysely'
import { sampleHeader, writeMetro2, type DataRecord } from '../metro2/index.ts'
import { openIngestTestbed, singleRecord, type IngestTestbed } from './ingest.fixture.ts'
import { validateMetro2 } from './validation/index.ts'

const TODAY = '2024-06-15'

/** The lines of a fixed file of the records with line breaks: header, records, trailer (its totals theirs). */
function lines(records: DataRecord[]): string[] {
  const bytes = writeMetro2(
    { header: sampleHeader('2024-05-31'), data: records },
    { format: 'fixed', lineBreaks: true },
  )
  return Buffer.from(bytes).toString('latin1').split('\n').slice(0, -1)
}

const file = (parts: string[]) => Buffer.from(parts.map((l) => `${l}\n`).join(''), 'latin1')

async function* chunks(bytes: Buffer): AsyncIterable<Uint8Array> {
  yield bytes
}

/** The messages of the issues validate names under `rule`. */
async function validateSays(bytes: Buffer, rule: string): Promise<string[]> {
  const report = await validateMetro2([bytes], { today: TODAY })
  return report.issues.filter((i) => i.rule === rule).map((i) => i.message)
}

const count = async (t: IngestTestbed, table: string) =>
  Number(
    (await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(t.db.kysely)).rows[0]?.n,
  )

describe('ingestion of a file that is not one whole Metro 2 file', () => {
  let t: IngestTestbed
  beforeEach(async () => (t = await openIngestTestbed(`${TODAY}T12:00:00Z`)))
  afterEach(() => t.db.dispose())

  /** Ingests the bytes, which must be rejected whole; the message, and that nothing was applied. */
  async function rejected(bytes: Buffer): Promise<string> {
    let message = ''
    await assert.rejects(t.furnishing.ingest.ingest({ source: chunks(bytes) }), (e: Error) => {
      message = e.message
      return true
    })
    for (const table of ['tradelines', 'tradeline_snapshots', 'account_index', 'consumers'])
      assert.equal(await count(t, table), 0, table)
    const batches = await sql<{ status: string }>`select status from batches`.execute(t.db.kysely)
    assert.deepEqual(batches.rows, [{ status: 'rejected' }])
    return message
  }

  it('rejects a file whose trailer is followed by records, with what validate says, where', async () => {
    const [header, a, b, c] = lines([singleRecord('A-1'), singleRecord('A-2'), singleRecord('A-3')])
    const trailer = lines([singleRecord('A-1'), singleRecord('A-2'), singleRecord('A-3')])[4]!
    const bytes = file([header!, a!, trailer, b!, c!])
    const [says] = await validateSays(bytes, 'record.trailer_not_last')
    assert.equal(
      says,
      'the trailer record at line 3 (byte offset 854) is followed by 2 more record(s): a file ends with its one Trailer Record (CRRG Trailer Record)',
    )
    const message = await rejected(bytes)
    assert.ok(
      message.startsWith(
        `the file is not one whole Metro 2 file: ${says}; the first of them is at line 4 (at byte offset ${854 + trailer.length + 1}); nothing from this file was applied (batch `,
      ),
      message,
    )
  })

  it('takes the first of two trailers as the end of the file, as validate does', async () => {
    const records = [singleRecord('A-1'), singleRecord('A-2'), singleRecord('A-3')]
    const [header, a, b, c, all] = lines(records)
    const two = lines(records.slice(0, 2))[3]!
    // The first trailer counts the two records before it, the second all three: ingestion took the second.
    const bytes = file([header!, a!, b!, two, c!, all!])
    const [says] = await validateSays(bytes, 'record.trailer_not_last')
    assert.match(says ?? '', /^the trailer record at line 4 \(byte offset \d+\) is followed by 2 more record/)
    const message = await rejected(bytes)
    assert.ok(message.includes(`${says}; the first of them is at line 5`), message)
  })

  it('rejects a file with a second header: another file starts in it', async () => {
    const [header, a, b, trailer] = lines([singleRecord('A-1'), singleRecord('A-2')])
    const bytes = file([header!, a!, header!, b!, trailer!])
    const [says] = await validateSays(bytes, 'file.header_misplaced')
    const message = await rejected(bytes)
    assert.ok(
      message.startsWith(`the file is not one whole Metro 2 file: line 3: ${says} (at byte offset`),
      message,
    )
  })

  it('still applies a whole file, its trailer last', async () => {
    const [header, a, b, trailer] = lines([singleRecord('A-1'), singleRecord('A-2')])
    const r = await t.furnishing.ingest.ingest({ source: chunks(file([header!, a!, b!, trailer!])) })
    assert.equal(r.status, 'applied')
  })
})
