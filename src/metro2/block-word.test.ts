// A wrong block descriptor word is named once, where it is, with the length its block really has, and no record
// is rejected or misread for it (CRRG "Block Descriptor Word"): the records' RDWs, or the lines of a file with one
// record per line, show where each block ends. Found by probing: a BDW '0500' made the reader fail on the RDW of
// record 2 (no line breaks), or reject 22 records with shifted account numbers (line breaks).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  Metro2ReadError,
  sampleBase,
  sampleHeader,
  writeMetro2,
  type DataRecord,
  type Metro2Issue,
  type ReadEvent,
} from './index.ts'
import { BASE_LAYOUT, fieldsByName } from './layouts.ts'
import { snippet } from './read-error.ts'
import { readAll, SAMPLE_J1 } from './testing.ts'

const j1 = SAMPLE_J1

/** 120 records, every third with a J1: six character blocks of up to 9,999 bytes, two packed ones of up to 32,760. */
const DATA: DataRecord[] = Array.from({ length: 120 }, (_, i) => ({
  base: sampleBase({ consumerAccountNumber: `ACCOUNT-${String(i).padStart(3, '0')}` }),
  j1: i % 3 === 0 ? [j1] : [],
  j2: [],
}))

type Layout = 'variable' | 'variable, LF' | 'variable, CR LF' | 'variable, wrapped' | 'packed'
const LAYOUTS: Layout[] = ['variable', 'variable, LF', 'variable, CR LF', 'variable, wrapped', 'packed']

/** A line break every `width` bytes, wherever it falls (moov-io/metro2's files wrap every 80 or 100). */
function wrap(bytes: Buffer, width = 80): Buffer {
  const lines: Buffer[] = []
  for (let p = 0; p < bytes.length; p += width) lines.push(bytes.subarray(p, p + width), Buffer.from('\n'))
  return Buffer.concat(lines)
}

function file(layout: Layout): Buffer {
  const lineBreaks = layout === 'variable, LF' ? 'lf' : layout === 'variable, CR LF' ? 'crlf' : false
  const format = layout === 'packed' ? 'packed' : 'variable'
  const bytes = Buffer.from(
    writeMetro2({ header: sampleHeader('2024-03-31'), data: DATA }, { format, lineBreaks }),
  )
  return layout === 'variable, wrapped' ? wrap(bytes) : bytes
}

/** Offsets and lengths of the blocks, walked by their BDWs (line breaks are no part of a block's length). */
function blocks(bytes: Buffer, packed: boolean): { at: number; length: number }[] {
  const out: { at: number; length: number }[] = []
  for (let p = 0; p < bytes.length;) {
    const length = packed ? bytes.readUInt16BE(p) : Number(bytes.toString('latin1', p, p + 4))
    out.push({ at: p, length })
    let left = length
    for (; left > 0; p++) if (bytes[p] !== 10 && bytes[p] !== 13) left--
    while (bytes[p] === 10 || bytes[p] === 13) p++
  }
  return out
}

function setWord(bytes: Buffer, at: number, word: string | number, packed: boolean): Buffer {
  const out = Buffer.from(bytes)
  if (packed) out.writeUInt16BE(Number(word), at)
  else out.write(String(word), at, 'latin1')
  return out
}

/** moov's variable layout: every record its own block (BDW = RDW + 4). */
function oneRecordBlocks(): Buffer[] {
  const bytes = file('variable')
  const out: Buffer[] = []
  for (const block of blocks(bytes, false)) {
    for (let p = block.at + 4; p < block.at + block.length;) {
      const rdw = Number(bytes.toString('latin1', p, p + 4))
      out.push(Buffer.concat([Buffer.from(String(rdw + 4).padStart(4, '0')), bytes.subarray(p, p + rdw)]))
      p += rdw
    }
  }
  return out
}

const endIssues = (events: ReadEvent[]): Metro2Issue[] =>
  events.flatMap((e) => (e.kind === 'end' ? (e.issues ?? []) : []))
const recordIssues = (events: ReadEvent[]): Metro2Issue[] =>
  events.flatMap((e) => (e.kind === 'end' ? [] : e.issues))

/** Every record read as written, no record with an issue, one issue naming the word; the same in any chunking. */
function assertNamed(bytes: Buffer, text: string, at: number, found: number) {
  for (const chunks of [[bytes.length], [1], [700, 13], [9000]]) {
    const { file: read, events } = readAll(bytes, chunks)
    assert.deepEqual(
      read.data.map((r) => r.base.consumerAccountNumber),
      DATA.map((r) => r.base.consumerAccountNumber),
    )
    assert.equal(read.trailer?.totalBaseRecords, DATA.length)
    assert.deepEqual(recordIssues(events), [])
    const issues = endIssues(events)
    assert.equal(issues.length, 1, JSON.stringify(issues))
    assert.equal(issues[0]?.rule, 'descriptor.bdw')
    assert.equal(issues[0]?.severity, 'error')
    assert.match(
      issues[0]?.message ?? '',
      new RegExp(`^the block descriptor word ${text} at byte offset ${at}\\b`),
    )
    assert.match(issues[0]?.message ?? '', new RegExp(`but its block holds ${found} `))
  }
}

describe('Metro 2 framing: a wrong block descriptor word', () => {
  it('reads the unedited files of every blocked layout without an issue', () => {
    for (const layout of LAYOUTS) {
      const bytes = file(layout)
      assert.ok(blocks(bytes, layout === 'packed').length >= 2, layout)
      const { file: read, events } = readAll(bytes)
      assert.equal(read.data.length, DATA.length, layout)
      assert.deepEqual([...recordIssues(events), ...endIssues(events)], [], layout)
    }
  })

  for (const layout of LAYOUTS.filter((l) => l !== 'packed')) {
    for (const word of ['0500', '9999', '0426', '0000']) {
      it(`names a BDW ${word} of the first block and of a later one (${layout})`, () => {
        const bytes = file(layout)
        const [first, second] = blocks(bytes, false)
        assert.ok(first && second)
        assertNamed(setWord(bytes, first.at, word, false), `'${word}'`, first.at, first.length)
        assertNamed(setWord(bytes, second.at, word, false), `'${word}'`, second.at, second.length)
      })
    }

    it(`names a BDW one byte off, and one that is no number (${layout})`, () => {
      const bytes = file(layout)
      const last = blocks(bytes, false).at(-1)
      assert.ok(last)
      const more = String(last.length + 1).padStart(4, '0')
      assertNamed(setWord(bytes, last.at, more, false), `'${more}'`, last.at, last.length)
      assertNamed(setWord(bytes, last.at, 'AB12', false), "'AB12'", last.at, last.length)
    })
  }

  // Found by probing: a first BDW that is no number made the file "not Metro 2", where a later one is named.
  for (const layout of LAYOUTS) {
    it(`names a first BDW that is no number, as a later one (${layout})`, () => {
      const packed = layout === 'packed'
      const bytes = file(layout)
      const first = blocks(bytes, packed)[0]
      assert.ok(first)
      const broken = Buffer.from(bytes)
      // A packed word's last two bytes must be zero (CRRG); a character one is 4 digits.
      broken.write(packed ? 'AB' : 'AB12', packed ? 2 : 0, 'latin1')
      const text = snippet(broken, 0, 4, false).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')
      assertNamed(broken, text, 0, first.length)
    })
  }

  it('reads a wrapped file whose BDW a line break splits', () => {
    const plain = file('variable')
    const second = blocks(plain, false)[1]
    assert.ok(second)
    // A line break 2 bytes into the second BDW.
    const width = [...Array(200).keys()].find((w) => w > 60 && second.at % w === w - 2)
    assert.ok(width !== undefined)
    const bytes = wrap(plain, width)
    const { file: read, events } = readAll(bytes, [777])
    assert.equal(read.data.length, DATA.length)
    assert.deepEqual([...recordIssues(events), ...endIssues(events)], [])
    const broken = Buffer.from(bytes)
    const at = second.at + Math.floor(second.at / width)
    assert.equal(
      broken.toString('latin1', at, at + 5),
      `${plain.toString('latin1', second.at, second.at + 2)}\n${plain.toString('latin1', second.at + 2, second.at + 4)}`,
    )
    broken.write('05', at + 3, 'latin1')
    assertNamed(broken, `'${plain.toString('latin1', second.at, second.at + 2)}05'`, at, second.length)
  })

  it('names a wrong BDW of a packed file', () => {
    const bytes = file('packed')
    const [first, second] = blocks(bytes, true)
    assert.ok(first && second)
    for (const word of [0x0100, 0x7ff0]) {
      const text = `'\\\\x${(word >> 8).toString(16).padStart(2, '0')}\\\\x${(word & 0xff).toString(16).padStart(2, '0')}\\\\x00\\\\x00'`
      assertNamed(setWord(bytes, first.at, word, true), text, first.at, first.length)
      assertNamed(setWord(bytes, second.at, word, true), text, second.at, second.length)
    }
  })

  it('says on which line the word is, in a file of one record per line', () => {
    const bytes = file('variable, LF')
    const second = blocks(bytes, false)[1]
    assert.ok(second)
    const line = bytes.subarray(0, second.at).filter((b) => b === 10).length + 1
    const issues = endIssues(readAll(setWord(bytes, second.at, '0500', false)).events)
    assert.match(
      issues[0]?.message ?? '',
      new RegExp(`at byte offset ${second.at} \\(line ${line}\\) gives 500 bytes`),
    )
  })

  it('names a BDW that takes in the next block, or falls short, in moov’s blocks of one record', () => {
    for (const lf of [false, true]) {
      const blocks = oneRecordBlocks()
      const join = () => Buffer.concat(lf ? blocks.flatMap((b) => [b, Buffer.from('\n')]) : blocks)
      const at = blocks.slice(0, 3).reduce((n, b) => n + b.length + (lf ? 1 : 0), 0)
      const own = blocks[3]!.length
      for (const word of [own + blocks[4]!.length, own + blocks[4]!.length + blocks[5]!.length, own - 1]) {
        const text = String(word).padStart(4, '0')
        blocks[3]!.write(text, 0, 'latin1')
        const bytes = join()
        const { file: read, events } = readAll(bytes, [333])
        assert.equal(read.data.length, DATA.length)
        assert.deepEqual(recordIssues(events), [])
        const issues = endIssues(events)
        assert.equal(issues.length, 1)
        assert.match(
          issues[0]?.message ?? '',
          new RegExp(
            `^the block descriptor word '${text}' at byte offset ${at}( \\(line 4\\))? gives ${word} bytes, but its block holds ${own} \\(`,
          ),
        )
      }
    }
  })

  it('keeps a wrong RDW in moov’s blocks of one record a finding on its record, in lines', () => {
    const blocks = oneRecordBlocks()
    const rdw = Number(blocks[7]!.toString('latin1', 4, 8))
    blocks[7]!.write(String(rdw + 1).padStart(4, '0'), 4, 'latin1')
    const { file: read, events } = readAll(Buffer.concat(blocks.flatMap((b) => [b, Buffer.from('\n')])))
    assert.equal(read.data.length, DATA.length)
    assert.deepEqual(endIssues(events), [])
    assert.deepEqual(
      recordIssues(events).map((i) => [i.rule, i.message]),
      [['descriptor.rdw', `the record descriptor word says ${rdw + 1} bytes, the line holds ${rdw}`]],
    )
  })

  it('still blames a wrong RDW inside a block on the RDW, not on its block', () => {
    const bytes = file('variable')
    const second = blocks(bytes, false)[1]
    assert.ok(second)
    const account = fieldsByName(BASE_LAYOUT).consumerAccountNumber.start
    // The third record of the second block: its RDW, and one more byte in it.
    let at = second.at + 4
    for (let i = 0; i < 2; i++) at += Number(bytes.toString('latin1', at, at + 4))
    assert.match(bytes.toString('latin1', at + account, at + account + 8), /^ACCOUNT-/)
    const word = String(Number(bytes.toString('latin1', at, at + 4)) + 1).padStart(4, '0')
    assert.throws(
      () => readAll(setWord(bytes, at, word, false)),
      (e: unknown) =>
        e instanceof Metro2ReadError &&
        e.offset === at &&
        e.message.includes(`record descriptor word '${word}'`),
    )
  })

  it('fails, naming the word, when it gives no block length and no record follows it', () => {
    const bytes = file('variable')
    const second = blocks(bytes, false)[1]
    assert.ok(second)
    const broken = setWord(bytes, second.at, 'AB12', false)
    broken.write('XXXX', second.at + 4, 'latin1')
    assert.throws(
      () => readAll(broken),
      (e: unknown) =>
        e instanceof Metro2ReadError &&
        e.offset === second.at &&
        e.message.startsWith("invalid block descriptor word 'AB12'"),
    )
  })
})
