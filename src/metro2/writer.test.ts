import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { AppError } from '../platform/errors.ts'
import { Metro2Writer, recordLength, writeMetro2, type DataRecord, type Metro2File } from './index.ts'
import { DATA_DIR, readAll } from './testing.ts'

const golden = (): Metro2File => readAll(readFileSync(DATA_DIR + 'unpacked_fixed_file.dat')).file
const many = (n: number): DataRecord[] => Array.from({ length: n }, () => golden().data[0]!)
const word = (b: Uint8Array, at: number) => [...b.subarray(at, at + 4)]

describe('Metro 2 writer', () => {
  it('fixed: pads every record, header and trailer to the longest record, RDW = that length', () => {
    const file = golden()
    const L = recordLength(file.data[0]!, false)
    const bytes = Buffer.from(writeMetro2(file, { format: 'fixed' }))
    assert.equal(L, 966)
    assert.equal(bytes.length, 3 * L)
    for (let at = 0; at < bytes.length; at += L) assert.equal(bytes.toString('latin1', at, at + 4), '0966')
    assert.equal(bytes.toString('latin1', 2 * L + 4, 2 * L + 11), 'TRAILER')
  })

  it('variable: blocks of at most 9,999 bytes, each BDW the sum of its RDWs plus 4, block count in the trailer', () => {
    const bytes = Buffer.from(
      writeMetro2({ header: golden().header!, data: many(25) }, { format: 'variable' }),
    )
    let blocks = 0
    for (let at = 0; at < bytes.length; blocks++) {
      const bdw = Number(bytes.toString('latin1', at, at + 4))
      assert.ok(bdw <= 9999)
      let inside = 4
      while (inside < bdw) inside += Number(bytes.toString('latin1', at + inside, at + inside + 4))
      assert.equal(inside, bdw)
      at += bdw
    }
    assert.ok(blocks > 1)
    const { file, summary } = readAll(bytes)
    assert.equal(summary.blockCount, blocks)
    assert.equal(file.trailer?.blockCount, blocks)
    assert.equal(file.trailer?.totalBaseRecords, 25)
  })

  it('packed: binary descriptor words and COMP-3 fields with sign F (CRRG 366 format)', () => {
    const file = golden()
    const bytes = writeMetro2(file, { format: 'packed' })
    const total = 4 + 366 + recordLength(file.data[0]!, true) + 366
    assert.deepEqual(word(bytes, 0), [total >> 8, total & 0xff, 0, 0])
    assert.deepEqual(word(bytes, 4), [0x01, 0x6e, 0, 0])
    const base = 4 + 366
    const field = (at: number, n: number) => [...bytes.subarray(base + at, base + at + n)]
    assert.deepEqual(field(5, 8), [0x00, 0x10, 0x12, 0x02, 0x00, 0x11, 0x12, 0x2f]) // 0MMDDYYYYHHMMSSs 2020-01-01T01:11:22
    assert.deepEqual(field(69, 5), [0x01, 0x12, 0x22, 0x01, 0x9f]) // 0MMDDYYYYs 2019-11-22
    assert.deepEqual(field(79, 5), [0x00, 0x00, 0x02, 0x43, 0x8f]) // highest credit 2438
    assert.deepEqual(field(248, 5), [0x15, 0x93, 0x28, 0x75, 0x9f]) // SSN
    assert.deepEqual(field(258, 6), [0x05, 0x17, 0x55, 0x55, 0x55, 0x5f]) // telephone
    assert.deepEqual(field(154, 5), [0x00, 0x80, 0x22, 0x00, 0x2f]) // date closed 2002-08-02
  })

  it('computes the trailer from the records, never from the input', () => {
    const file = golden()
    file.trailer = { ...file.trailer!, totalBaseRecords: 99, totalStatusCode62: 0 }
    const { file: back } = readAll(writeMetro2(file, { format: 'fixed' }))
    assert.equal(back.trailer?.totalBaseRecords, 1)
    assert.equal(back.trailer?.totalStatusCode62, 1)
  })

  it('streams: the writer’s chunks are the whole-file bytes', () => {
    const file = { header: golden().header!, data: many(40) }
    for (const format of ['variable', 'packed'] as const) {
      const w = new Metro2Writer({ format })
      const chunks = [w.writeHeader(file.header), ...file.data.map((r) => w.writeRecord(r)), w.finish()]
      assert.deepEqual(Buffer.concat(chunks), Buffer.from(writeMetro2(file, { format })))
      assert.equal(w.trailer?.totalBaseRecords, 40)
    }
  })

  it('refuses what does not fit, naming the field', () => {
    const refuse = (change: (r: DataRecord) => void, text: RegExp) => {
      const r = golden().data[0]!
      change(r)
      assert.throws(
        () => writeMetro2({ data: [r] }, { format: 'variable' }),
        (e: unknown) => e instanceof AppError && e.code === 'invalid_input' && text.test(e.message),
      )
    }
    refuse(
      (r) => (r.base.surname = 'X'.repeat(26)),
      /record 1: base\.surname: 26 characters where the field holds 25/,
    )
    refuse((r) => (r.base.city = 'A\nB'), /base\.city: character U\+000A/)
    refuse(
      (r) => (r.base.surname = 'MÜLLER'),
      /record 1: base\.surname: character 'Ü' \(U\+00DC\) cannot be written/,
    )
    refuse((r) => (r.j1[0]!.firstName = 'ZOË'), /j1\.firstName: character 'Ë' \(U\+00CB\)/)
    refuse((r) => (r.base.city = 'A\u007fB'), /base\.city: character U\+007F/)
    refuse((r) => (r.base.creditLimit = 1e9), /base\.creditLimit: 1000000000 is not a whole number/)
    refuse((r) => (r.base.currentBalance = -1), /base\.currentBalance/)
    refuse((r) => (r.base.dateOpened = '2023-02-30'), /base\.dateOpened: must be a date/)
    refuse((r) => (r.j1[0]!.telephoneNumber = 1.5), /j1\.telephoneNumber/)
    const w = new Metro2Writer({ format: 'fixed' })
    assert.throws(() => w.writeRecord(golden().data[0]!), /does not fit the fixed length 426/)
  })

  it('refuses a record longer than its format can carry, naming the record and the limit, before writing', () => {
    const long = (j2s: number): DataRecord => {
      const r = golden().data[0]!
      return { base: r.base, j1: [], j2: Array.from({ length: j2s }, () => r.j2[0]!) }
    }
    const cases = [
      ['fixed', 48, /record 2 \(data\.1, account '553723456'\) is 10026 bytes .*48 J2.*at most 9999/],
      ['variable', 48, /record 2 \(data\.1, account '553723456'\) is 10026 bytes .*at most 9995/],
      ['packed', 164, /record 2 \(data\.1, account '553723456'\) is 33166 bytes .*at most 32756/],
    ] as const
    for (const [format, j2s, text] of cases) {
      assert.throws(
        () => writeMetro2({ data: [long(1), long(j2s)] }, { format }),
        (e: unknown) => e instanceof AppError && e.code === 'invalid_input' && text.test(e.message),
      )
      const writer = new Metro2Writer({ format, recordLength: 9999 })
      writer.writeRecord(long(1))
      assert.throws(() => writer.writeRecord(long(j2s)), text)
    }
    for (const [format, j2s] of [
      ['variable', 47],
      ['packed', 161],
    ] as const) {
      const { file } = readAll(writeMetro2({ data: [long(j2s), long(1)] }, { format }))
      assert.deepEqual(
        file.data.map((r) => r.j2.length),
        [j2s, 1],
      )
    }
  })

  it('ignores line breaks for packed files, which are binary', () => {
    const file = golden()
    assert.deepEqual(
      writeMetro2(file, { format: 'packed', lineBreaks: true }),
      writeMetro2(file, { format: 'packed' }),
    )
  })
})
