// syntax.text: a text field holds only printable ASCII (CRRG "Recording Techniques", alphanumeric fields), as the
// writer enforces (field-writer.ts nonAsciiAt). A byte outside 0x20-0x7E is reported with the field, the byte and
// where it is; the record is still returned, its error rejects it downstream.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fieldsByName, J1_LAYOUT, BASE_LAYOUT, HEADER_LAYOUT, PACKED_BASE_LAYOUT } from './layouts.ts'
import { sampleBase, sampleHeader, writeMetro2, type DataRecord, type Metro2Issue } from './index.ts'
import { CHARACTER_RECORD_LENGTH } from './metro2.model.ts'
import { readAll, SAMPLE_J1 } from './testing.ts'

const BASE = fieldsByName(BASE_LAYOUT)
const record = (j1 = false): DataRecord => ({
  base: sampleBase({ surname: 'PATEL', firstName: 'RICHARD' }),
  j1: j1 ? [{ ...SAMPLE_J1, surname: 'PATEL', firstName: 'ANNA' }] : [],
  j2: [],
})

/** A variable-blocked file of one header and one record: the header at 4 (after its BDW), the record after it. */
function file(r: DataRecord, format: 'variable' | 'packed' = 'variable'): Buffer {
  return Buffer.from(writeMetro2({ header: sampleHeader('2024-03-31'), data: [r] }, { format }))
}
const recordAt = (bytes: Buffer, layout = BASE_LAYOUT): number =>
  bytes.indexOf('PATEL') - fieldsByName(layout).surname.start

const issuesOf = (bytes: Buffer): Metro2Issue[] =>
  readAll(bytes).events.flatMap((e) => (e.kind === 'end' ? [] : e.issues))

describe('Metro 2 reader: syntax.text', () => {
  for (const [name, bad] of [
    ['a UTF-8 é (C3 A9)', [0xc3, 0xa9]],
    ['a latin-1 é (E9)', [0xe9]],
    ['a control byte (01)', [0x01]],
    ['a DEL (7F)', [0x7f]],
  ] as const) {
    it(`reports ${name} in the base surname with the field, the byte and its position`, () => {
      const bytes = file(record())
      const at = recordAt(bytes)
      Buffer.from(bad).copy(bytes, at + BASE.surname.start + 2)
      const events = readAll(bytes).events
      const e = events.find((x) => x.kind === 'record')
      assert.ok(e?.kind === 'record')
      const hex = bad[0].toString(16).toUpperCase().padStart(2, '0')
      assert.deepEqual(e.issues, [
        {
          segment: 'base',
          field: 'surname',
          rule: 'syntax.text',
          severity: 'error',
          message: `byte 0x${hex} at record position ${BASE.surname.start + 3} (character 3 of the field) is not printable ASCII`,
        },
      ])
    })
  }

  it('names the appended segment and the header field', () => {
    const bytes = file(record(true))
    const j1 = bytes.indexOf('J1 ')
    bytes[j1 + fieldsByName(J1_LAYOUT).firstName.start] = 0x09
    bytes[4 + fieldsByName(HEADER_LAYOUT).reporterName.start + 1] = 0xff
    const j1At = j1 - recordAt(bytes) + fieldsByName(J1_LAYOUT).firstName.start + 1
    assert.deepEqual(
      issuesOf(bytes).map((i) => [i.segment, i.field, i.rule, i.message]),
      [
        [
          'header',
          'reporterName',
          'syntax.text',
          `byte 0xFF at record position ${fieldsByName(HEADER_LAYOUT).reporterName.start + 2} (character 2 of the field) is not printable ASCII`,
        ],
        [
          'j1',
          'firstName',
          'syntax.text',
          `byte 0x09 at record position ${j1At} (character 1 of the field) is not printable ASCII`,
        ],
      ],
    )
  })

  it('reports a bad byte in a text field of a packed record, and not the binary bytes of its packed fields', () => {
    const bytes = file(record(), 'packed')
    assert.deepEqual(issuesOf(bytes), [])
    const surname = fieldsByName(PACKED_BASE_LAYOUT).surname.start
    bytes[recordAt(bytes, PACKED_BASE_LAYOUT) + surname] = 0x80
    assert.deepEqual(
      issuesOf(bytes).map((i) => [i.segment, i.field, i.rule]),
      [['base', 'surname', 'syntax.text']],
    )
  })

  it('passes every printable ASCII character, blanks included, in every text field kind', () => {
    const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('')
    const r = record(true)
    r.base.surname = printable.slice(1, 26)
    r.base.firstName = printable.slice(26, 46)
    r.base.middleName = printable.slice(46, 66)
    r.base.firstLineAddress = printable.slice(66, 95) + ' ~'
    r.base.secondLineAddress = ' '.repeat(10) + 'A'
    r.j1[0]!.surname = printable.slice(0, 24) + '!'
    const bytes = file(r)
    assert.equal(bytes.length > CHARACTER_RECORD_LENGTH * 2, true)
    const { events, file: read } = readAll(bytes)
    assert.deepEqual(
      events.flatMap((e) => (e.kind === 'end' ? [] : e.issues)),
      [],
    )
    assert.equal(read.data[0]?.base.surname, r.base.surname)
  })
})
