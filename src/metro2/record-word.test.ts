// A wrong record descriptor word is reported where it is, with its value: the framer checks each RDW against the
// segments of the record it frames and against the descriptor word that must follow it (CRRG "Record Descriptor
// Word"), instead of framing the records after it wrongly and failing far away.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Metro2ReadError, sampleBase, sampleHeader, writeMetro2, type DataRecord } from './index.ts'
import { BASE_LAYOUT, fieldsByName, PACKED_BASE_LAYOUT } from './layouts.ts'
import { readAll, SAMPLE_J1 } from './testing.ts'

const j1 = SAMPLE_J1
const k1 = { segmentIdentifier: 'K1' as const, originalCreditorName: 'FIRST', creditorClassification: 2 }
const record = (account: string, more: Partial<DataRecord> = {}): DataRecord => ({
  base: sampleBase({ consumerAccountNumber: account }),
  j1: [],
  j2: [],
  ...more,
})

/** Header, a plain record, one with J1 and K1, a plain one, trailer. */
function file(format: 'variable' | 'fixed' | 'packed'): Buffer {
  const data = [record('ACCOUNT-A'), record('ACCOUNT-B', { j1: [j1], k1 }), record('ACCOUNT-C')]
  return Buffer.from(writeMetro2({ header: sampleHeader('2024-03-31'), data }, { format }))
}

/** Where the record of `account` starts (its RDW), from the account number's place in the base segment. */
const rdwOf = (bytes: Buffer, account: string, packed = false): number =>
  bytes.indexOf(account) - fieldsByName(packed ? PACKED_BASE_LAYOUT : BASE_LAYOUT).consumerAccountNumber.start

const fails = (offset: number, word: string) => (e: unknown) => {
  assert.ok(e instanceof Metro2ReadError, String(e))
  assert.equal(e.offset, offset, e.message)
  assert.ok(e.message.includes(`record descriptor word '${word}'`), e.message)
  return true
}

/** Each chunking of the input gives the same error. */
const assertFails = (bytes: Buffer, offset: number, word: string) => {
  assert.throws(() => readAll(bytes), fails(offset, word))
  assert.throws(() => readAll(bytes, [1]), fails(offset, word))
  assert.throws(() => readAll(bytes, [300, 7]), fails(offset, word))
}

describe('Metro 2 framing: a wrong record descriptor word', () => {
  it('reads the unedited files of every format', () => {
    for (const format of ['variable', 'fixed', 'packed'] as const) {
      const { file: read, events } = readAll(file(format))
      assert.equal(read.data.length, 3, format)
      assert.deepEqual(
        events.flatMap((e) => (e.kind === 'end' ? (e.issues ?? []) : e.issues)),
        [],
        format,
      )
    }
  })

  for (const word of ['0427', '0526', '0852']) {
    it(`reports an RDW ${word} that frames more than its base segment, at its own offset`, () => {
      const bytes = file('variable')
      const at = rdwOf(bytes, 'ACCOUNT-A')
      assert.equal(bytes.toString('latin1', at, at + 4), '0426')
      bytes.write(word, at)
      assertFails(bytes, at, word)
    })
  }

  it('reports an RDW that stops before an appended segment', () => {
    const bytes = file('variable')
    const at = rdwOf(bytes, 'ACCOUNT-B')
    assert.equal(bytes.toString('latin1', at, at + 4), '0560')
    bytes.write('0426', at)
    assertFails(bytes, at, '0426')
  })

  it('reports an RDW that ends inside an appended segment', () => {
    const bytes = file('variable')
    const at = rdwOf(bytes, 'ACCOUNT-B')
    bytes.write('0500', at)
    assertFails(bytes, at, '0500')
  })

  it('reports an RDW that ends inside a J1 segment whose digits and blanks look like a record', () => {
    // From the RDW's end: '1919' (a BDW?), '8021' (an RDW?), then digits and blanks, no time stamp.
    const person = { ...j1, dateBirth: '1980-03-19', telephoneNumber: 2135550110 }
    const bytes = Buffer.from(
      writeMetro2(
        { data: [record('ACCOUNT-J', { j1: [person] }), record('ACCOUNT-K')] },
        { format: 'variable' },
      ),
    )
    const at = rdwOf(bytes, 'ACCOUNT-J')
    bytes.write('0506', at)
    assertFails(bytes, at, '0506')
  })

  it('reports a wrong RDW of an unblocked file, and of a file that wraps records every 80 bytes', () => {
    const fixed = file('fixed')
    const at = rdwOf(fixed, 'ACCOUNT-C')
    const word = fixed.toString('latin1', at, at + 4)
    fixed.write(String(Number(word) + 1).padStart(4, '0'), at)
    assertFails(fixed, at, String(Number(word) + 1).padStart(4, '0'))
    const text = fixed.toString('latin1')
    const wrapped = Buffer.from(text.replace(/(.{80})/g, '$1\n'), 'latin1')
    assert.throws(
      () => readAll(wrapped),
      fails(at + Math.floor(at / 80), String(Number(word) + 1).padStart(4, '0')),
    )
  })

  it('reports a wrong RDW of a packed file', () => {
    const bytes = file('packed')
    const at = rdwOf(bytes, 'ACCOUNT-A', true)
    assert.deepEqual([...bytes.subarray(at, at + 4)], [0x01, 0x6e, 0, 0])
    bytes[at + 1] = 0x6f
    assertFails(bytes, at, '\\x01o\\x00\\x00')
  })

  it('still reads a record with an unknown segment as unreadable when its RDW frames it', () => {
    const bytes = file('variable')
    bytes.write('X9', bytes.indexOf('J1 DOE'))
    const { events } = readAll(bytes)
    assert.deepEqual(
      events.map((e) => e.kind),
      ['header', 'record', 'unreadable', 'record', 'trailer', 'end'],
    )
  })
})
