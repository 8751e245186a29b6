import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  fromMoovJson,
  recordLength,
  toMoovJson,
  TrailerCounter,
  writeMetro2,
  type Metro2File,
  type Metro2WriterOptions,
  type ReadEvent,
} from './index.ts'
import {
  headerArbitrary,
  readAll,
  recordArbitrary,
  recordWithoutDescriptors,
  withoutDescriptors,
} from './testing.ts'

const fileArbitrary = fc
  .record({
    header: fc.option(headerArbitrary, { nil: undefined }),
    data: fc.array(recordArbitrary, { maxLength: 8 }),
  })
  .map(({ header, data }): Metro2File => (header ? { header, data } : { data }))
const chunkSizes = fc.array(fc.integer({ min: 1, max: 4000 }), { minLength: 1, maxLength: 4 })
const allIssues = (events: ReadEvent[]) =>
  events.flatMap((e) => (e.kind === 'end' ? (e.issues ?? []) : e.issues))

const variants: Omit<Metro2WriterOptions, 'recordLength'>[] = [
  { format: 'fixed' },
  { format: 'fixed', lineBreaks: 'lf' },
  { format: 'fixed', lineBreaks: 'crlf' },
  { format: 'variable' },
  { format: 'variable', lineBreaks: 'lf' },
  { format: 'variable', lineBreaks: 'crlf' },
  { format: 'packed' },
]

describe('Metro 2 write then read', () => {
  for (const options of variants) {
    it(`gives back every record, header and counted trailer: ${options.format}, line breaks ${String(options.lineBreaks ?? 'none')}`, () => {
      fc.assert(
        fc.property(fileArbitrary, chunkSizes, (input, chunks) => {
          const bytes = writeMetro2(input, options)
          const { file, events, summary } = readAll(bytes, chunks)
          assert.deepEqual(allIssues(events), [])
          assert.deepEqual(file.data.map(recordWithoutDescriptors), input.data.map(recordWithoutDescriptors))
          assert.deepEqual(
            file.header && withoutDescriptors(file.header),
            input.header && withoutDescriptors(input.header),
          )

          const packed = options.format === 'packed'
          const longest = Math.max(426, ...input.data.map((r) => recordLength(r, false)))
          for (const [i, r] of file.data.entries()) {
            const expected = options.format === 'fixed' ? longest : recordLength(input.data[i]!, packed)
            assert.equal(r.base.recordDescriptorWord, expected)
          }
          const counter = new TrailerCounter()
          for (const r of input.data) counter.add(r)
          assert.ok(file.trailer)
          assert.deepEqual(
            withoutDescriptors(file.trailer),
            withoutDescriptors(counter.result(summary.blockCount)),
          )
          assert.equal(summary.format, options.format)
          assert.equal(summary.framing, options.lineBreaks && !packed ? 'lines' : 'descriptors')
          assert.equal(summary.lineBreaks, packed ? 'none' : options.lineBreaks || 'none')
          assert.equal(summary.bytes, bytes.length)
        }),
        { numRuns: 60 },
      )
    })
  }

  it('reads the same events whether fed whole or one byte at a time', () => {
    fc.assert(
      fc.property(fileArbitrary, fc.constantFrom(...variants), (input, options) => {
        const bytes = writeMetro2(input, options)
        assert.deepEqual(readAll(bytes, [1]).events, readAll(bytes).events)
      }),
      { numRuns: 15 },
    )
  })

  it('moov JSON: toMoovJson then fromMoovJson gives back the file', () => {
    fc.assert(
      fc.property(fileArbitrary, (input) => {
        const back = fromMoovJson(JSON.parse(JSON.stringify(toMoovJson(input))))
        assert.deepEqual(back.data.map(recordWithoutDescriptors), input.data.map(recordWithoutDescriptors))
        assert.deepEqual(
          back.header && withoutDescriptors(back.header),
          input.header && withoutDescriptors(input.header),
        )
      }),
      { numRuns: 60 },
    )
  })
})
