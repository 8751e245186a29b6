import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import type { ReadEvent } from './index.ts'
import { DATA_DIR, readAll } from './testing.ts'

const sample = (name: string) => readFileSync(DATA_DIR + name)
const values = (events: ReadEvent[]): unknown[] =>
  events.flatMap((e): unknown[] =>
    e.kind === 'record'
      ? [e.record]
      : e.kind === 'header'
        ? [e.header]
        : e.kind === 'trailer'
          ? [e.trailer]
          : [],
  )
const crlf = (b: Buffer) => Buffer.from(b.toString('latin1').replaceAll('\n', '\r\n'), 'latin1')

describe('Metro 2 framing of the ways files are laid out', () => {
  it('reads a fixed file the same with a line break at its end', () => {
    const plain = readAll(sample('unpacked_fixed_file.dat'))
    const withBreak = readAll(Buffer.concat([sample('unpacked_fixed_file.dat'), Buffer.from('\n')]))
    assert.deepEqual(values(withBreak.events), values(plain.events))
  })

  it('reads CR LF line breaks as LF ones, one record per line or wrapped', () => {
    for (const name of ['cfpb/m2_file_small.txt', 'base_segment.dat', 'trailer_record.dat']) {
      const lf = readAll(sample(name))
      const both = readAll(crlf(sample(name)))
      assert.deepEqual(values(both.events), values(lf.events), name)
      assert.equal(both.summary.lineBreaks, 'crlf')
      assert.equal(both.summary.framing, lf.summary.framing)
    }
  })

  it('skips a UTF-8 byte order mark and leading blank lines', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('\n'),
      sample('cfpb/jan-2018.txt'),
    ])
    const { events } = readAll(bytes)
    assert.deepEqual(values(events), values(readAll(sample('cfpb/jan-2018.txt')).events))
    assert.equal(events.find((e) => e.kind === 'header')?.position.line, 2)
  })

  it('reads moov’s variable layout: every record its own block (BDW = RDW + 4), a line break after each', () => {
    const record = sample('unpacked_fixed_file.dat')
      .subarray(470 + 4, 470 + 966)
      .toString('latin1')
    const block = `0970${'0966'}${record}\n`
    const { file, summary, events } = readAll(Buffer.from(block.repeat(3), 'latin1'))
    assert.equal(file.data.length, 3)
    assert.deepEqual(
      file.data.map((r) => r.base.blockDescriptorWord),
      [970, 970, 970],
    )
    assert.deepEqual(summary, {
      format: 'variable',
      lineBreaks: 'lf',
      framing: 'lines',
      blockCount: 3,
      bytes: block.length * 3,
      records: 3,
    })
    assert.deepEqual(
      events.flatMap((e) => (e.kind === 'end' ? (e.issues ?? []) : e.issues)),
      [],
    )
  })

  it('gives each record its line, byte offset and length in the input', () => {
    const { events } = readAll(sample('cfpb/m2_file_small.txt'))
    const positions = events.flatMap((e) => (e.kind === 'end' ? [] : [e.position]))
    assert.deepEqual(
      positions.map((p) => p.line),
      [1, 2, 3, 4, 5],
    )
    assert.deepEqual(
      positions.map((p) => p.length),
      [426, 626, 494, 680, 407],
    )
    assert.deepEqual(
      positions.map((p) => p.offset),
      [0, 427, 1054, 1549, 2230],
    )
  })
})
