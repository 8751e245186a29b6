import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { Metro2Parser, Metro2ReadError, readMetro2, writeMetro2 } from './index.ts'
import { DATA_DIR, readAll } from './testing.ts'

const sample = (name: string) => readFileSync(DATA_DIR + name)
const MB64 = 64 * 1024 * 1024
const CHUNK = 64 * 1024

/** 64 MB of `fill` after `prefix`, in 64 KB chunks, counting how many chunks the reader pulled. */
function* bigInput(prefix: string, fill: string, pulled: { chunks: number }): Generator<Uint8Array> {
  const chunk = Buffer.alloc(CHUNK, fill)
  yield Buffer.from(prefix)
  for (let sent = 0; sent < MB64; sent += CHUNK) {
    pulled.chunks++
    yield chunk
  }
}

async function drain(source: Iterable<Uint8Array>): Promise<void> {
  for await (const batch of readMetro2(source)) void batch
}

const expectReadError = (offset?: number, text?: RegExp) => (e: unknown) =>
  e instanceof Metro2ReadError &&
  (offset === undefined || e.offset === offset) &&
  (text === undefined || text.test(e.message))

describe('Metro 2 reader on hostile input', () => {
  it('refuses an empty input', () => {
    assert.throws(() => readAll(new Uint8Array(0)), expectReadError(0, /empty input/))
  })

  it('never throws anything but Metro2ReadError on random bytes, with or without a valid start', () => {
    const header = sample('unpacked_fixed_file.dat').subarray(0, 470)
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 700 }),
        (bytes, prefixed, chunk) => {
          const input = prefixed ? Buffer.concat([header, bytes]) : bytes
          try {
            readAll(input, [chunk])
          } catch (e) {
            if (!(e instanceof Metro2ReadError)) throw e
            assert.match(e.message, /byte offset \d+/)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('never throws anything but Metro2ReadError on mutated Metro 2 files (bytes changed, cut, line breaks added)', () => {
    const files = [
      'unpacked_fixed_file.dat',
      'base_segment.dat',
      'cfpb/m2_file_small.txt',
      'cfpb/m2_extra_extra_segments.txt',
    ]
    const packed = Buffer.from(
      writeMetro2(readAll(sample('unpacked_fixed_file.dat')).file, { format: 'packed' }),
    )
    const inputs = [...files.map(sample), packed]
    const edit = fc.record({
      at: fc.nat(),
      byte: fc.constantFrom(0, 10, 13, 32, 48, 57, 65, 0x0f, 0xff),
      kind: fc.constantFrom('set', 'cut', 'insert'),
    })
    fc.assert(
      fc.property(
        fc.constantFrom(...inputs),
        fc.array(edit, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 900 }),
        (original, edits, chunk) => {
          let bytes = Buffer.from(original)
          for (const e of edits) {
            const at = e.at % (bytes.length + 1)
            if (e.kind === 'set' && at < bytes.length) bytes[at] = e.byte
            else if (e.kind === 'cut') bytes = bytes.subarray(0, at)
            else bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([e.byte]), bytes.subarray(at)])
          }
          try {
            readAll(bytes, [chunk])
          } catch (e) {
            if (!(e instanceof Metro2ReadError)) throw e
          }
        },
      ),
      { numRuns: 500 },
    )
  })

  it('fails fast on a 64 MB line without a break, without buffering it', async () => {
    const pulled = { chunks: 0 }
    await assert.rejects(
      drain(bigInput(`${'0426HEADER'.padEnd(426, ' ')}\n`, 'A', pulled)),
      expectReadError(427, /longer than 65536/),
    )
    assert.ok(pulled.chunks <= 3, `read ${pulled.chunks} chunks of 64 KB`)
  })

  it('fails fast on 64 MB of one digit, which frames as records that are all unreadable', async () => {
    const pulled = { chunks: 0 }
    await assert.rejects(
      drain(bigInput('', '1', pulled)),
      expectReadError(undefined, /unreadable records in a row/),
    )
    assert.ok(pulled.chunks <= 4, `read ${pulled.chunks} chunks of 64 KB`)
  })

  it('fails fast on 64 MB of zeros: RDW 0000 frames nothing', async () => {
    const pulled = { chunks: 0 }
    await assert.rejects(
      drain(bigInput('', '0', pulled)),
      expectReadError(0, /record descriptor word '0000'/),
    )
    assert.ok(pulled.chunks <= 2)
  })

  it('names the offset of a record descriptor word that frames nothing', () => {
    const bytes = Buffer.from(sample('unpacked_fixed_file.dat'))
    bytes.write('0100', 470)
    assert.throws(() => readAll(bytes), expectReadError(470, /invalid record descriptor word '0100'/))
  })

  it('names the offset of a record whose RDW runs past the end of the file', () => {
    const bytes = Buffer.from(sample('unpacked_fixed_file.dat'))
    bytes.write('9000', 470)
    assert.throws(
      () => readAll(bytes),
      expectReadError(470, /input ends 7574 bytes before the end of the last record/),
    )
  })

  it('names a block descriptor word that cannot hold a record, and reads the record by its RDW', () => {
    // base_segment.dat wraps its one block every 80 characters: its BDW is checked as in a file without line
    // breaks (block-word.ts), where it was trusted and the file refused.
    const bytes = Buffer.from(sample('base_segment.dat'))
    bytes.write('0300', 0)
    const { file, events } = readAll(bytes)
    assert.equal(file.data.length, 1)
    const end = events.at(-1)
    assert.ok(end?.kind === 'end')
    assert.deepEqual(
      end.issues?.map((i) => [i.rule, i.message]),
      [
        [
          'descriptor.bdw',
          "the block descriptor word '0300' at byte offset 0 gives 300 bytes, but its block holds 1268 (its records' descriptor words end it there)",
        ],
      ],
    )
  })

  it('refuses a file cut inside a data field of its last record', () => {
    const bytes = sample('unpacked_fixed_file.dat').subarray(0, 1100)
    assert.throws(() => readAll(bytes), expectReadError(470, /input ends inside a J2 segment/))
  })

  it('blank-fills a last record cut in its filler, with warnings', () => {
    const bytes = sample('unpacked_fixed_file.dat').subarray(0, 1896 - 10)
    const { events, file } = readAll(bytes)
    assert.equal(file.trailer?.totalBaseRecords, 1)
    const trailer = events.find((e) => e.kind === 'trailer')
    assert.deepEqual(
      trailer?.issues.map((i) => i.rule),
      ['descriptor.rdw', 'segment.short'],
    )
  })

  it('reads the same events fed one byte at a time as fed whole', () => {
    for (const name of [
      'unpacked_fixed_file.dat',
      'base_segment.dat',
      'header_record.dat',
      'cfpb/m2_file_small.txt',
      'cfpb/m2_file_small_with_error.txt',
    ]) {
      const bytes = sample(name)
      assert.deepEqual(readAll(bytes, [1]).events, readAll(bytes).events, name)
      assert.deepEqual(readAll(bytes, [7, 13, 1, 400]).events, readAll(bytes).events, name)
    }
  })

  it('keeps failing with the same error after a failure, and refuses input after end()', () => {
    const parser = new Metro2Parser()
    assert.throws(() => {
      parser.push(Buffer.from('garbage that is no metro 2'))
      parser.end()
    }, Metro2ReadError)
    assert.throws(() => parser.push(Buffer.from('0426')), Metro2ReadError)
    const done = new Metro2Parser()
    done.push(sample('unpacked_fixed_file.dat'))
    done.end()
    assert.throws(() => done.push(new Uint8Array(1)), /end\(\) was already called/)
  })
})
