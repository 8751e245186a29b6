// Telling JSON Lines from Metro 2 by the first byte that is not blank, however far into the file and however the
// file is chunked: a pipe gives 64 KiB chunks, and 70,000 blank lines before the first line once made a JSON Lines
// file "not a Metro 2 file ... at byte offset 70000" while the same file from disk was applied.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Metro2ReadError } from '../metro2/index.ts'
import { MAX_LEADING_BLANK_BYTES, readFurnishedFile, type FurnishedFormat } from './furnished-file.ts'
import { line } from './jsonl.fixture.ts'

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size)
}
const bytesOf = (s: string) => new TextEncoder().encode(s)

async function read(s: string, size: number) {
  let format: FurnishedFormat | undefined
  const kinds: string[] = []
  const offsets: number[] = []
  for await (const batch of readFurnishedFile(chunked(bytesOf(s), size), (f) => (format = f)))
    for (const e of batch) {
      kinds.push(e.kind)
      if (e.kind !== 'end') offsets.push(e.position.offset)
    }
  return { format, kinds, offsets }
}

describe('readFurnishedFile format sniffing', () => {
  it('reads JSON Lines after 70,000 blank lines in chunks of 64 KiB, as from a pipe', async () => {
    const r = await read('\n'.repeat(70_000) + line() + '\n', 64 * 1024)
    assert.deepEqual(r, { format: 'jsonl', kinds: ['record', 'end'], offsets: [70_000] })
  })

  it('looks past a byte-order mark and blanks cut into 1-byte chunks', async () => {
    const r = await read('\uFEFF \r\n\t\n' + line() + '\n', 1)
    assert.deepEqual(r, { format: 'jsonl', kinds: ['record', 'end'], offsets: [8] })
  })

  it('names a JSON array where it starts, chunks after the first', async () => {
    await assert.rejects(read('\n'.repeat(10) + ' [' + line() + ']\n', 4), (e: unknown) => {
      assert.ok(e instanceof Metro2ReadError)
      assert.equal(e.offset, 11)
      return /a JSON array is not JSON Lines/.test(e.message)
    })
  })

  it('stops looking after a bound of blanks, and says so', async () => {
    await assert.rejects(
      read(' '.repeat(MAX_LEADING_BLANK_BYTES + 10) + line() + '\n', 1 << 20),
      (e: unknown) => {
        assert.ok(e instanceof Metro2ReadError)
        return /^the file starts with more than 4 MiB of blank lines and spaces/.test(e.message)
      },
    )
  })

  it('leaves a file of blanks alone to the Metro 2 reader, which calls it empty, as before', async () => {
    let format: FurnishedFormat | undefined
    const events = async () => {
      for await (const _ of readFurnishedFile(chunked(bytesOf('\n'.repeat(3)), 1), (f) => (format = f)));
    }
    await assert.rejects(events(), /empty input: no Metro 2 record/)
    assert.equal(format, 'metro2')
  })
})
