import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { Metro2ReadError, type DataRecord, type ReadEvent } from './index.ts'
import { DATA_DIR, readAll } from './testing.ts'

const read = (name: string) => readAll(readFileSync(`${DATA_DIR}cfpb/${name}`))
const count = (records: DataRecord[], k: 'j1' | 'j2') => records.reduce((n, r) => n + r[k].length, 0)
const having = (records: DataRecord[], k: 'k1' | 'k2' | 'k3' | 'k4' | 'l1' | 'n1') =>
  records.filter((r) => r[k] !== undefined).length
const kinds = (events: ReadEvent[]) => events.map((e) => e.kind)
const rules = (events: ReadEvent[]) =>
  new Set(events.flatMap((e) => (e.kind === 'end' ? [] : e.issues.map((i) => i.rule))))

describe('Metro 2 reader on the cfpb/Metro2 evaluator samples', () => {
  it('m2_file_small.txt: a header, 3 records with 2 J1, 1 J2, 1 K1, 1 K2, 1 L1, no K3/K4/N1, nothing unreadable', () => {
    const { file, events } = read('m2_file_small.txt')
    assert.deepEqual(kinds(events), ['header', 'record', 'record', 'record', 'trailer', 'end'])
    assert.equal(file.header?.reporterName, '12REPORTERNAME')
    assert.equal(count(file.data, 'j1'), 2)
    assert.equal(count(file.data, 'j2'), 1)
    assert.deepEqual(
      ['k1', 'k2', 'k3', 'k4', 'l1', 'n1'].map((k) => having(file.data, k as 'k1')),
      [1, 1, 0, 0, 1, 0],
    )
    assert.deepEqual(
      file.data.map((r) => r.base.consumerAccountNumber),
      ['ACCTNUMBER1', 'ACCTNUMBER2', 'ACCTNUMBER3'],
    )
    assert.equal(file.data[1]?.k1?.originalCreditorName, 'ORIGNALCREDITORNAME')
    assert.equal(file.trailer?.totalBaseRecords, 564618)
  })

  it('frames the cfpb lines by line despite their RDW 0006, and blank-fills the 407-byte trailer, with warnings', () => {
    const { events } = read('m2_file_small.txt')
    const rdw = events.filter((e) => e.kind !== 'end' && e.issues.some((i) => i.rule === 'descriptor.rdw'))
    assert.equal(rdw.length, 5)
    const trailer = events.find((e) => e.kind === 'trailer')
    assert.ok(trailer?.issues.some((i) => i.rule === 'segment.short' && i.severity === 'warning'))
    const end = events.at(-1)
    assert.ok(end?.kind === 'end' && end.summary.framing === 'lines' && end.summary.lineBreaks === 'lf')
  })

  it('m2_file_small_with_error.txt: 2 good records and the misaligned one unreadable, named by line', () => {
    const { file, events } = read('m2_file_small_with_error.txt')
    assert.deepEqual(kinds(events), ['header', 'record', 'record', 'unreadable', 'trailer', 'end'])
    assert.equal(file.data.length, 2)
    assert.equal(having(file.data, 'k1'), 1)
    assert.equal(having(file.data, 'k2'), 1)
    const bad = events[3]
    assert.ok(bad?.kind === 'unreadable')
    assert.equal(bad.recordNo, 3)
    assert.equal(bad.position.line, 4)
    assert.ok(bad.issues.some((i) => i.rule === 'segment.unknown' && i.severity === 'error'))
    assert.ok(
      !bad.issues.some((i) => i.rule.startsWith('syntax.')),
      'the symptoms of misalignment are not reported',
    )
  })

  it('m2_file_small_no_header.txt: 3 records and no header', () => {
    const { file, events } = read('m2_file_small_no_header.txt')
    assert.equal(file.header, undefined)
    assert.equal(file.data.length, 3)
    assert.ok(!events.some((e) => e.kind === 'unreadable'))
  })

  it('m2_file_bad_header.txt: a Metro2ReadError that shows HEADERWRONG', () => {
    assert.throws(
      () => read('m2_file_bad_header.txt'),
      (e: unknown) => e instanceof Metro2ReadError && e.message.includes('HEADERWRONG') && e.offset === 0,
    )
  })

  it('m2_extra_extra_segments.txt: 3 records each with 4 J1, 4 J2, K1, K2, K3, K4, L1 and N1', () => {
    const { file, events } = read('m2_extra_extra_segments.txt')
    assert.equal(file.data.length, 3)
    for (const r of file.data) {
      assert.equal(r.j1.length, 4)
      assert.equal(r.j2.length, 4)
      for (const k of ['k1', 'k2', 'k3', 'k4', 'l1', 'n1'] as const) assert.ok(r[k], k)
    }
    assert.ok(!rules(events).has('segment.unknown'))
  })

  for (const month of ['jan', 'feb', 'mar']) {
    it(`${month}-2018.txt: a header and 2 records, no issue (RDWs right)`, () => {
      const { file, events } = read(`${month}-2018.txt`)
      assert.ok(file.header)
      assert.equal(file.data.length, 2)
      assert.deepEqual([...rules(events)], [])
    })
  }
})
