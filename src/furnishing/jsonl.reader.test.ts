// How the JSON Lines reader cuts bytes into lines: the same bytes give the same events however they are chunked,
// a line over 1 MiB is refused alone, and bytes that are not UTF-8 refuse their line instead of becoming U+FFFD.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { FurnishedEvent } from './furnished-file.ts'
import { line } from './jsonl.fixture.ts'
import { readJsonLines } from './jsonl.ts'

const utf8 = (s: string) => new TextEncoder().encode(s)
/** V8's full collection, which a test run does not expose by flag: turned on here, taken from a fresh context. */
function collector(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}
const join = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts))

async function read(bytes: Uint8Array, chunk: number, maxLineBytes?: number): Promise<FurnishedEvent[]> {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    // A copy per chunk, as a stream gives: the reader must not rely on one buffer staying whole.
    for (let i = 0; i < bytes.length; i += chunk) yield bytes.slice(i, i + chunk)
  }
  const all: FurnishedEvent[] = []
  for await (const batch of readJsonLines(chunks(), maxLineBytes)) all.push(...batch)
  return all
}

const summary = (evs: FurnishedEvent[]) =>
  evs.map((e) =>
    e.kind === 'end'
      ? ['end', e.summary.bytes, e.summary.records]
      : [e.kind, e.position.line, e.position.offset, e.position.length, e.issues.map((i) => i.rule).join()],
  )

describe('readJsonLines', () => {
  it('refuses a line that is not UTF-8, naming its line and byte offset, and goes on', async () => {
    const first = utf8(line({}, { surname: 'JOSÉ \uFFFD' }) + '\n')
    const bad = join(utf8('{"base": {"surname": "W'), Uint8Array.of(0xff, 0x41), utf8('NG"}}\n'))
    const bytes = join(first, bad, utf8(line() + '\n'))
    const evs = await read(bytes, bytes.length)
    assert.deepEqual(
      evs.map((e) => e.kind),
      ['record', 'unreadable', 'record', 'end'],
    )
    const refused = evs[1]
    assert.equal(refused?.kind, 'unreadable')
    if (refused?.kind !== 'unreadable') return
    const at = first.length + Buffer.byteLength('{"base": {"surname": "W')
    assert.deepEqual(refused.issues, [
      {
        segment: 'base',
        rule: 'jsonl.not_utf8',
        severity: 'error',
        message: `line 2 is not UTF-8: an invalid byte sequence at byte offset ${at}; refused`,
      },
    ])
    assert.equal(refused.position.offset, first.length)
    const [ok, , after] = evs
    assert.equal(ok?.kind === 'record' && ok.record.base.surname, 'JOSÉ \uFFFD', 'a real U+FFFD is text')
    assert.equal(after?.kind !== 'end' && after?.position.offset, first.length + bad.length)
  })

  /** Valid lines (one starting with a byte-order mark and holding 2-byte characters), an over-long one, a
   * blank one and one not UTF-8; and the events they must give, whatever the chunks. */
  function sample(longChars: number, maxLineBytes: number) {
    const first = '\uFEFF' + line({}, { surname: 'ÉÈ' }) + '\r'
    const long = line({}, { firstLineAddress: 'É'.repeat(longChars) })
    const last = line({}, { consumerAccountNumber: 'LOAN-78' })
    const bytes = join(utf8(first + '\n' + long + '\n\n'), Uint8Array.of(0x7b, 0xc3, 0x0a), utf8(last))
    const at = [0, Buffer.byteLength(first) + 1]
    at.push(at[1]! + Buffer.byteLength(long) + 2, at[1]! + Buffer.byteLength(long) + 5)
    assert.ok(Buffer.byteLength(long) > maxLineBytes && Buffer.byteLength(last) <= maxLineBytes)
    const want = [
      ['record', 1, at[0], Buffer.byteLength(first), ''],
      ['unreadable', 2, at[1], Buffer.byteLength(long), 'jsonl.line_too_long'],
      ['unreadable', 4, at[2], 2, 'jsonl.not_utf8'],
      ['record', 5, at[3], Buffer.byteLength(last), ''],
      ['end', bytes.length, 4],
    ]
    return { bytes, want }
  }

  it('gives the same events for the same bytes in chunks of 1 byte and up, an over-long line refused alone', async () => {
    const { bytes, want } = sample(2000, 2048)
    for (const size of [1, 2, 3, 7, 64, 2047, 2048, 2049, 4096, bytes.length]) {
      assert.deepEqual(summary(await read(bytes, size, 2048)), want, `chunks of ${size} bytes`)
    }
  })

  it('refuses a line of more than 1 MiB alike from a file (1 MiB chunks) and a pipe (64 KiB chunks)', async () => {
    const { bytes, want } = sample(600_000, 1 << 20)
    for (const size of [4093, 64 * 1024, 1 << 20, bytes.length]) {
      assert.deepEqual(summary(await read(bytes, size)), want, `chunks of ${size} bytes`)
    }
  })

  it('skips a run-on line of 40 MiB without holding it, and reads the line after it', async () => {
    const tail = utf8('\n' + line() + '\n')
    // What the reader holds, sampled after a collection every 4 MiB: without one, buffers the reader has let go
    // of still count, and the figure depends on when the collector last ran.
    const gc = collector()
    gc()
    const base = process.memoryUsage().arrayBuffers
    let held = 0
    async function* runOn(): AsyncGenerator<Uint8Array> {
      yield utf8('{"base": {"surname": "')
      for (let i = 0; i < 640; i++) {
        if (i % 64 === 63) {
          gc()
          held = Math.max(held, process.memoryUsage().arrayBuffers - base)
        }
        yield new Uint8Array(64 * 1024).fill(0x41)
      }
      yield tail
    }
    const evs: FurnishedEvent[] = []
    for await (const batch of readJsonLines(runOn())) evs.push(...batch)
    assert.ok(held < 8 << 20, `at most about one chunk is held, not the line (${held} bytes held)`)
    assert.deepEqual(summary(evs).slice(0, 2), [
      ['unreadable', 1, 0, 22 + 640 * 64 * 1024, 'jsonl.line_too_long'],
      ['record', 2, 23 + 640 * 64 * 1024, Buffer.byteLength(line()), ''],
    ])
  })
})
