import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { dataRecordToMoovJson, toMoovJson, TrailerCounter } from './index.ts'
import { DATA_DIR, readAll } from './testing.ts'

const json = (name: string): unknown => JSON.parse(readFileSync(DATA_DIR + name, 'utf8'))

describe('Metro 2 golden files (moov-io/metro2 samples)', () => {
  it('reads unpacked_fixed_file.dat to exactly moov’s unpacked_fixed_file.json', () => {
    const { file, summary } = readAll(readFileSync(DATA_DIR + 'unpacked_fixed_file.dat'))
    // The header is padded to 470 bytes (RDW 0470): moov reports the header's defined length, 426; the base
    // keeps its RDW 1000, padding included. See decodeHeaderRecord.
    assert.deepEqual(toMoovJson(file), json('unpacked_fixed_file.json'))
    assert.deepEqual(summary, {
      format: 'fixed',
      lineBreaks: 'none',
      framing: 'descriptors',
      blockCount: 3,
      bytes: 1896,
      records: 1,
    })
  })

  it('reads base_segment.dat (BDW line, record wrapped every 80 characters) to exactly base_segment.json', () => {
    const { file, summary } = readAll(readFileSync(DATA_DIR + 'base_segment.dat'))
    assert.equal(file.data.length, 1)
    assert.deepEqual(dataRecordToMoovJson(file.data[0]!), json('base_segment.json'))
    assert.equal(summary.format, 'variable')
    assert.equal(summary.framing, 'descriptors')
  })

  it('counts the trailer of unpacked_fixed_file.dat exactly as the file declares it (block count 3)', () => {
    const { file } = readAll(readFileSync(DATA_DIR + 'unpacked_fixed_file.dat'))
    const counter = new TrailerCounter()
    for (const r of file.data) counter.add(r)
    assert.deepEqual(counter.result(3), file.trailer)
  })
})
