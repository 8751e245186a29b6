import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import {
  dataRecordToMoovJson,
  headerToMoovJson,
  Metro2ReadError,
  parseSegment,
  type DataRecord,
} from './index.ts'
import { DATA_DIR } from './testing.ts'

const bytes = (name: string) => readFileSync(DATA_DIR + name)
const json = (name: string) => JSON.parse(readFileSync(DATA_DIR + name, 'utf8')) as Record<string, unknown>

describe('parseSegment on moov’s single-segment samples', () => {
  const whole = json('base_segment.json')

  for (const name of ['j1', 'j2', 'k1', 'k2', 'k3', 'k4', 'l1', 'n1'] as const) {
    it(`${name}_segment.dat is the ${name.toUpperCase()} segment of base_segment.json`, () => {
      const { value, issues } = parseSegment(name, bytes(`${name}_segment.dat`))
      assert.deepEqual(issues, [])
      const record = {
        base: {},
        j1: [],
        j2: [],
        [name]: name === 'j1' || name === 'j2' ? [value] : value,
      } as unknown as DataRecord
      const expected = whole[name]
      assert.deepEqual(dataRecordToMoovJson(record)[name], Array.isArray(expected) ? [expected[0]] : expected)
    })
  }

  it('header_record.dat (BDW 0430 on its own line, wrapped every 80) is the header of unpacked_fixed_file.json', () => {
    const { value, issues } = parseSegment('header', bytes('header_record.dat'))
    assert.deepEqual(issues, [])
    assert.deepEqual(headerToMoovJson(value), {
      blockDescriptorWord: 430,
      ...(json('unpacked_fixed_file.json').header as object),
    })
  })

  it('trailer_record.dat (wrapped every 100) reads as a trailer with its totals', () => {
    const { value, issues } = parseSegment('trailer', bytes('trailer_record.dat'))
    assert.deepEqual(issues, [])
    assert.equal(value.recordIdentifier, 'TRAILER')
    assert.equal(value.totalBaseRecords, 1)
    assert.equal(value.blockCount, 1)
    assert.equal(value.totalStatusCode88, 1)
    assert.equal(value.totalECOACodeZ, 1)
    assert.equal(value.totalTelephoneNumbersAllSegments, 1)
  })

  it('base_segment.dat reads as a base with all its appended segments', () => {
    const { value } = parseSegment('base', bytes('base_segment.dat'))
    assert.deepEqual(dataRecordToMoovJson(value), whole)
  })

  it('refuses bytes that are another segment', () => {
    assert.throws(() => parseSegment('k2', bytes('k1_segment.dat')), Metro2ReadError)
    assert.throws(() => parseSegment('trailer', bytes('header_record.dat')), /no trailer record/)
  })

  it('blank-fills a segment cut in its filler and reports it', () => {
    const k2 = bytes('k2_segment.dat').subarray(0, 33)
    const { value, issues } = parseSegment('k2', k2)
    assert.equal(value.purchasedName, 'Purchased From Name')
    assert.deepEqual(
      issues.map((i) => `${i.segment} ${i.rule} ${i.severity}`),
      ['k2 segment.short warning'],
    )
  })
})
