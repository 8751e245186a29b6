import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import {
  Metro2ReadError,
  Metro2Writer,
  writeMetro2,
  type DataRecord,
  type Metro2Issue,
  type ReadEvent,
} from './index.ts'
import { DATA_DIR, readAll, SAMPLE_J1 } from './testing.ts'

const fixedFile = () => Buffer.from(readFileSync(DATA_DIR + 'unpacked_fixed_file.dat'))
const BASE = 470
const issuesOf = (e: ReadEvent | undefined): Metro2Issue[] => (e && e.kind !== 'end' ? e.issues : [])
const recordOf = (events: ReadEvent[]) => {
  const e = events.find((x) => x.kind === 'record')
  assert.ok(e?.kind === 'record')
  return e
}
const base = (): DataRecord => {
  const r = readAll(fixedFile()).file.data[0]!
  return { base: { ...r.base }, j1: [], j2: [] }
}

describe('Metro 2 reader: syntax issues are data, the record is still returned', () => {
  it('reads a non-numeric amount as 0 with a syntax.numeric error on that field', () => {
    const bytes = fixedFile()
    bytes.write('12A456789', BASE + 83)
    const e = recordOf(readAll(bytes).events)
    assert.equal(e.record.base.creditLimit, 0)
    assert.deepEqual(e.issues, [
      {
        segment: 'base',
        field: 'creditLimit',
        rule: 'syntax.numeric',
        severity: 'error',
        message: "'12A456789' is not a number",
      },
    ])
  })

  it('reads an impossible date (30 February) as null with a syntax.date error', () => {
    const bytes = fixedFile()
    bytes.write('02302023', BASE + 75)
    const e = recordOf(readAll(bytes).events)
    assert.equal(e.record.base.dateOpened, null)
    assert.deepEqual(
      e.issues.map((i) => [i.field, i.rule]),
      [['dateOpened', 'syntax.date']],
    )
  })

  it('reports an impossible time stamp, and does not echo identifiers in messages', () => {
    const bytes = fixedFile()
    bytes.write('01012020251122', BASE + 5)
    bytes.write('15932875X', BASE + 297)
    const e = recordOf(readAll(bytes).events)
    assert.equal(e.record.base.timeStamp, null)
    assert.deepEqual(
      e.issues.map((i) => [i.field, i.rule]),
      [
        ['timeStamp', 'syntax.date'],
        ['socialSecurityNumber', 'syntax.numeric'],
      ],
    )
    assert.ok(!e.issues.some((i) => i.message.includes('15932875')))
  })

  it('keeps the first of two K1 segments and reports the second', () => {
    const k1 = { segmentIdentifier: 'K1' as const, originalCreditorName: 'FIRST', creditorClassification: 2 }
    const w = new Metro2Writer({ format: 'fixed', recordLength: 426 + 68 })
    const bytes = Buffer.concat([w.writeRecord({ ...base(), k1 }), w.finish()])
    bytes.copy(bytes, 426 + 34, 426, 426 + 34)
    bytes.write('SECOND', 426 + 34 + 2)
    const e = recordOf(readAll(bytes).events)
    assert.equal(e.record.k1?.originalCreditorName, 'FIRST')
    assert.deepEqual(
      e.issues.map((i) => [i.segment, i.rule]),
      [['k1', 'segment.duplicate']],
    )
  })

  it('makes a record with an unknown segment unreadable, names its account, and reads on', () => {
    const j1 = SAMPLE_J1
    const a = { ...base(), j1: [j1] }
    a.base.consumerAccountNumber = 'ACCOUNT-A'
    const bytes = Buffer.from(writeMetro2({ data: [a, base()] }, { format: 'variable' }))
    const at = bytes.indexOf('J1 DOE')
    bytes.write('X9', at)
    const { events, file } = readAll(bytes)
    assert.deepEqual(
      events.map((e) => e.kind),
      ['unreadable', 'record', 'trailer', 'end'],
    )
    const bad = events[0]
    assert.ok(bad?.kind === 'unreadable')
    assert.equal(bad.account, 'ACCOUNT-A')
    assert.deepEqual(
      bad.issues.map((i) => i.rule),
      ['segment.unknown'],
    )
    // The two bytes that are no identifier, never the name after them: the issue is stored with the batch.
    assert.match(bad.issues[0]!.message, /: 'X9'$/)
    assert.equal(file.data[0]?.base.consumerAccountNumber, '553723456')
  })

  it('reads packed sign nibbles F, C, A and E as positive and D and B as an issue', () => {
    const r = base()
    r.base.creditLimit = 123
    const bytes = Buffer.from(writeMetro2({ data: [r] }, { format: 'packed' }))
    const at = 4 + 74 // after the BDW, the record (RDW first) holds creditLimit at 74
    assert.deepEqual([...bytes.subarray(at, at + 5)], [0x00, 0x00, 0x00, 0x12, 0x3f])
    for (const plus of [0x3c, 0x3a, 0x3e]) {
      bytes[at + 4] = plus
      const read = recordOf(readAll(bytes).events)
      assert.deepEqual([read.record.base.creditLimit, issuesOf(read)], [123, []], plus.toString(16))
    }
    for (const minus of [0x3d, 0x3b]) {
      bytes[at + 4] = minus
      const e = recordOf(readAll(bytes).events)
      assert.equal(e.record.base.creditLimit, 0)
      assert.deepEqual(
        e.issues.map((i) => [i.field, i.rule]),
        [['creditLimit', 'syntax.sign']],
        minus.toString(16),
      )
    }
    bytes[at + 3] = 0x1a
    assert.deepEqual(
      issuesOf(recordOf(readAll(bytes).events)).map((i) => [i.rule, i.message]),
      [['syntax.packed', 'packed 00 00 00 1A 3B is not packed decimal']],
    )
  })

  it('warns about a record after the trailer, reads it, and names the trailer as not last', () => {
    const once = fixedFile()
    const bytes = Buffer.concat([once, once.subarray(BASE, BASE + 1000)])
    const { events } = readAll(bytes)
    assert.deepEqual(
      events.map((e) => e.kind),
      ['header', 'record', 'trailer', 'record', 'end'],
    )
    assert.deepEqual(
      issuesOf(events[3]).map((i) => i.rule),
      ['record.order'],
    )
    // CRRG Trailer Record: the last record of the file; the trailer is named once (found by probing: only warned).
    const end = events[4]
    assert.ok(end?.kind === 'end')
    assert.deepEqual(
      end.issues?.map((i) => [i.rule, i.severity, i.message]),
      [
        [
          'record.trailer_not_last',
          'error',
          'the trailer record at line 1 (byte offset 1470) is followed by 1 more record(s): a file ends with its one Trailer Record (CRRG Trailer Record)',
        ],
      ],
    )
  })

  it('reports a bad date of a header padded to the fixed length as its own error, not as misalignment', () => {
    // unpacked_fixed_file.dat pads every record to its RDW 0470; the header's Activity Date is at 47.
    const bytes = fixedFile()
    bytes.write('13452002', 47)
    const { events } = readAll(bytes)
    const header = events.find((e) => e.kind === 'header')
    assert.ok(header?.kind === 'header')
    assert.equal(header.header.activityDate, null)
    assert.deepEqual(
      header.issues.map((i) => [i.field, i.rule, i.message]),
      [['activityDate', 'syntax.date', "'13452002' is not a real date"]],
    )
  })

  it('reports a bad field of a padded base record or trailer as its own error too', () => {
    // writeMetro2 pads every record of a fixed file to the longest (966 here), as the header above.
    const bytes = Buffer.from(writeMetro2(readAll(fixedFile()).file, { format: 'fixed' }))
    bytes.write('13452002', 966 + 75) // the base segment's Date Opened
    bytes.write('X', bytes.indexOf('TRAILER') + 10) // the trailer's Total Base Records
    const { events } = readAll(bytes)
    assert.deepEqual(
      events.map((e) => [e.kind, ...issuesOf(e).map((i) => `${i.field} ${i.rule}`)]),
      [
        ['header'],
        ['record', 'dateOpened syntax.date'],
        ['trailer', 'totalBaseRecords syntax.numeric'],
        ['end'],
      ],
    )
  })

  it('still refuses a header misaligned by a byte added inside it, whose RDW says 426', () => {
    const text = readFileSync(`${DATA_DIR}cfpb/m2_file_small.txt`, 'latin1')
    const bytes = Buffer.from(`${text.slice(0, 10)}X${text.slice(10)}`, 'latin1')
    assert.throws(
      () => readAll(bytes),
      (e: unknown) => e instanceof Metro2ReadError && /427 bytes where 426 are expected/.test(e.message),
    )
  })

  it('frames a line whose RDW is not a number by the line, with a warning', () => {
    const line = readFileSync(`${DATA_DIR}cfpb/m2_file_small_no_header.txt`, 'latin1').split('\n')
    const bytes = Buffer.from([line[0], `ABCD${line[1]!.slice(4)}`, ''].join('\n'), 'latin1')
    const { events } = readAll(bytes)
    assert.deepEqual(
      events.map((e) => e.kind),
      ['record', 'record', 'end'],
    )
    assert.match(issuesOf(events[1])[0]?.message ?? '', /'ABCD' is not a number/)
  })
})
