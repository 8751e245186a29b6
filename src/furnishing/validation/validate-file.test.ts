import assert from 'node:assert/strict'
import { createReadStream } from 'node:fs'
import { describe, it } from 'node:test'
import { Metro2ReadError, writeMetro2 } from '../../metro2/index.ts'
import { cfpbBytes, cfpbPath, editTrailer, readRecords, withTrailer } from './cfpb-files.ts'
import { validateMetro2 } from './validate-file.ts'

const today = '2024-06-01'

describe('validateMetro2', () => {
  it('accepts the records of the cfpb January 2018 file and reports its missing trailer', async () => {
    const report = await validateMetro2(createReadStream(cfpbPath('jan-2018.txt')), { today })
    assert.deepEqual(
      [report.records, report.accepted, report.rejected, report.errors, report.warnings],
      [2, 2, 0, 1, 0],
    )
    assert.deepEqual(
      report.issues.map((i) => [i.segment, i.rule, i.severity, i.line]),
      [['file', 'file.trailer_missing', 'error', 3]],
    )
    assert.equal(report.trailer.declared, null)
    assert.equal(report.trailer.counted.totalBaseRecords, 2)
    assert.equal(report.trailer.counted.totalStatusCode71, 1)
    assert.equal(report.trailer.counted.totalStatusCode11, 1)
    assert.deepEqual(report.trailer.mismatches, [])
  })

  it('finds no problem in the same file once it has a correct trailer', async () => {
    const report = await validateMetro2([await withTrailer('jan-2018.txt')], { today })
    assert.deepEqual([report.records, report.accepted, report.errors, report.warnings], [2, 2, 0, 0])
    assert.deepEqual(report.issues, [])
    assert.deepEqual(report.trailer.declared, report.trailer.counted)
  })

  it('names every trailer total that differs from the file, with both numbers', async () => {
    const edited = editTrailer(await withTrailer('feb-2018.txt'), {
      totalBaseRecords: 3,
      totalStatusCode11: 1,
      totalStatusCode97: 4,
      totalConsumerSegmentsJ1: 0,
      blockCount: 9,
    })
    const report = await validateMetro2([edited], { today })
    assert.deepEqual(report.trailer.mismatches, [
      { field: 'totalBaseRecords', declared: 3, counted: 2 },
      { field: 'totalStatusCode11', declared: 1, counted: 2 },
      { field: 'totalStatusCode97', declared: 4, counted: 0 },
      { field: 'totalConsumerSegmentsJ1', declared: 0, counted: 1 },
      { field: 'blockCount', declared: 9, counted: 4 },
    ])
    assert.deepEqual(
      report.issues.map((i) => [i.segment, i.field, i.rule, i.line]),
      [
        ['trailer', 'totalBaseRecords', 'file.trailer.total_base_records', 4],
        ['trailer', 'totalStatusCode11', 'file.trailer.total_status_code_11', 4],
        ['trailer', 'totalStatusCode97', 'file.trailer.total_status_code_97', 4],
        ['trailer', 'totalConsumerSegmentsJ1', 'file.trailer.total_consumer_segments_j1', 4],
        ['trailer', 'blockCount', 'file.trailer.block_count', 4],
      ],
    )
    assert.equal(report.issues[0]?.message, 'Trailer Total Base Records is 3, but the file has 2')
    assert.deepEqual([report.accepted, report.rejected, report.errors], [2, 0, 5])
  })

  it('compares the trailer a real file declares with what it holds', async () => {
    const report = await validateMetro2([cfpbBytes('m2_file_small.txt')], { today })
    const base = report.trailer.mismatches.find((m) => m.field === 'totalBaseRecords')
    assert.deepEqual(base, { field: 'totalBaseRecords', declared: 564618, counted: 3 })
    assert.equal(report.trailer.declared?.totalStatusCode97, 51357)
    assert.equal(report.trailer.counted.totalStatusCode97, 0)
  })

  it('gives each record issue its record number, line, offset and account, and rejects the record', async () => {
    const report = await validateMetro2([cfpbBytes('m2_file_small_no_header.txt')], { today })
    const rating = report.issues.filter((i) => i.rule === 'code.payment_rating_presence')
    assert.deepEqual(
      rating.map((i) => [i.recordNo, i.line, i.offset, i.account]),
      [
        [1, 1, 0, 'ACCTNUMBER1'],
        [2, 2, 427, 'ACCTNUMBER2'],
        [3, 3, 922, 'ACCTNUMBER3'],
      ],
    )
    assert.deepEqual([report.records, report.accepted, report.rejected], [3, 0, 3])
  })

  it('keeps the codec syntax issues of a record beside its validation issues', async () => {
    const report = await validateMetro2([cfpbBytes('m2_file_small.txt')], { today })
    const rules = new Set(report.issues.filter((i) => i.recordNo === 1).map((i) => i.rule))
    assert.ok(rules.has('descriptor.rdw'))
    assert.ok(rules.has('cross.date_order'))
  })

  it('keeps at most maxIssues issues, counts the rest and says so', async () => {
    const full = await validateMetro2([cfpbBytes('m2_file_small.txt')], { today })
    const cut = await validateMetro2([cfpbBytes('m2_file_small.txt')], { today, maxIssues: 5 })
    assert.equal(cut.issues.length, 6)
    assert.deepEqual(cut.issues.slice(0, 5), full.issues.slice(0, 5))
    const note = cut.issues[5]
    assert.equal(note?.rule, 'file.issues_truncated')
    assert.match(note?.message ?? '', new RegExp(`^${full.issues.length - 5} more issue`))
    assert.equal(cut.errors, full.errors)
    assert.equal(cut.warnings, full.warnings + 1)
    assert.deepEqual([cut.records, cut.rejected], [full.records, full.rejected])
  })

  it('counts an unreadable record as a rejected base record', async () => {
    const lines = cfpbBytes('jan-2018.txt').toString('latin1').split('\n')
    lines[1] = lines[1]!.slice(0, 100)
    const report = await validateMetro2([Buffer.from(lines.join('\n'), 'latin1')], { today })
    assert.deepEqual([report.records, report.accepted, report.rejected], [2, 1, 1])
    assert.equal(report.trailer.counted.totalBaseRecords, 2)
    assert.ok(report.issues.some((i) => i.recordNo === 1 && i.severity === 'error'))
  })

  it('names a header date after the validation day, as it does a record date (cross.future_date)', async () => {
    // Found by probing: a header Activity Date or Date Created of 2099 raised nothing.
    const bytes = await withTrailer('jan-2018.txt')
    bytes.write('01312099', 47, 'latin1') // CRRG Header Record field 8, Activity Date (MMDDYYYY)
    bytes.write('06022024', 55, 'latin1') // field 9, Date Created: the day after the validation day
    const report = await validateMetro2([bytes], { today })
    assert.deepEqual([report.records, report.accepted, report.errors], [2, 2, 2])
    assert.deepEqual(
      report.issues.map((i) => [i.segment, i.field, i.rule, i.severity, i.line, i.message]),
      [
        [
          'header',
          'activityDate',
          'cross.future_date',
          'error',
          1,
          'Activity Date 2099-01-31 is after the validation date 2024-06-01; a date may not be in the future',
        ],
        [
          'header',
          'dateCreated',
          'cross.future_date',
          'error',
          1,
          'Date Created 2024-06-02 is after the validation date 2024-06-01; a date may not be in the future',
        ],
      ],
    )
  })

  it('names a wrong block descriptor word once, and accepts the records of its block', async () => {
    // Found by probing: a BDW '0500' in a variable file with line breaks rejected the records after it.
    const { header, records } = await readRecords(cfpbBytes('jan-2018.txt'))
    const bytes = Buffer.from(
      writeMetro2(header ? { header, data: records } : { data: records }, {
        format: 'variable',
        lineBreaks: true,
      }),
    )
    const length = bytes.toString('latin1', 0, 4)
    bytes.write('0500', 0, 'latin1')
    const report = await validateMetro2([bytes], { today })
    assert.deepEqual([report.records, report.accepted, report.errors, report.warnings], [2, 2, 1, 0])
    assert.deepEqual(
      report.issues.map((i) => [i.segment, i.rule, i.severity, i.message]),
      [
        [
          'file',
          'descriptor.bdw',
          'error',
          `the block descriptor word '0500' at byte offset 0 (line 1) gives 500 bytes, but its block holds ${Number(length)} (its lines up to the next block descriptor word)`,
        ],
      ],
    )
    assert.deepEqual(report.trailer.mismatches, [])
  })

  it('names a trailer followed by records once, as an error, and still validates those records', async () => {
    const lines = (await withTrailer('jan-2018.txt')).toString('latin1').split('\n')
    const [header, first, second, trailer] = lines
    const bytes = Buffer.from([header, first, trailer, second, ''].join('\n'), 'latin1')
    const report = await validateMetro2([bytes], { today })
    assert.deepEqual([report.records, report.accepted, report.errors, report.warnings], [2, 2, 1, 1])
    assert.deepEqual(
      report.issues.map((i) => [i.recordNo ?? null, i.rule, i.severity]),
      [
        [2, 'record.order', 'warning'],
        [null, 'record.trailer_not_last', 'error'],
      ],
    )
  })

  // Found by probing: the single digit 9 looked 9 filled, so a correct trailer that counted the K2 was "wrong".
  it('counts a K2 that removes the K2 reported before (indicator 9, no name) in the trailer', async () => {
    const { header, records } = await readRecords(cfpbBytes('jan-2018.txt'))
    const [first] = records
    assert.ok(header && first)
    first.k2 = { segmentIdentifier: 'K2', purchasedIndicator: 9, purchasedName: '' }
    const written = Buffer.from(writeMetro2({ header, data: records }, { format: 'fixed', lineBreaks: true }))
    const report = await validateMetro2([editTrailer(written, { totalPurchasedToSegments: 1 })], { today })
    assert.equal(report.trailer.counted.totalPurchasedToSegments, 1)
    assert.deepEqual(report.trailer.mismatches, [])
    assert.deepEqual(report.issues, [])
  })

  it('fails with a Metro2ReadError on input that is not Metro 2 at all', async () => {
    await assert.rejects(
      validateMetro2([Buffer.from('hello, this is not a credit file\n'.repeat(40))], { today }),
      Metro2ReadError,
    )
  })

  it('refuses a validation day that is not YYYY-MM-DD', async () => {
    await assert.rejects(validateMetro2([cfpbBytes('jan-2018.txt')], { today: '01/06/2024' }), /YYYY-MM-DD/)
    await assert.rejects(
      validateMetro2([cfpbBytes('jan-2018.txt')], { today: '2024-02-30' }),
      /must be a real day YYYY-MM-DD, not "2024-02-30"/,
    )
  })
})
