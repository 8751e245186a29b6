import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { AppError } from '../platform/errors.ts'
import { Metro2ReadError, sampleBase, sampleHeader, writeMetro2 } from './index.ts'
import { DATA_DIR, readAll, runCapturing } from './testing.ts'

async function run(...args: string[]) {
  const { stdout, stderr, error } = await runCapturing(...args)
  if (error !== undefined) throw error
  return { stdout, stderr }
}

/** to-json's reason to fail for errors in the records it wrote (json-mismatches.ts). */
const held = (n: number, file: string) =>
  `${n} error(s) in records of ${file} that the JSON holds (named above): what could not be read is 0, null or ` +
  'blank in the JSON, or left out of it'

describe('openbureau metro2 (CLI)', () => {
  it('to-json prints moov’s JSON of a Metro 2 file', async () => {
    const { stdout, stderr } = await run('to-json', DATA_DIR + 'unpacked_fixed_file.dat')
    assert.equal(stderr, '')
    assert.deepEqual(
      JSON.parse(stdout.toString()),
      JSON.parse(readFileSync(DATA_DIR + 'unpacked_fixed_file.json', 'utf8')),
    )
  })

  it('to-json closes the JSON of a file cut inside a record, names the cut, and fails (exit 1)', async (t) => {
    // Enough records that some are printed before the reader meets the cut.
    const data = Array.from({ length: 3000 }, (_, i) => ({
      base: sampleBase({ consumerAccountNumber: `CUT-${i}` }),
      j1: [],
      j2: [],
    }))
    const whole = writeMetro2(
      { header: sampleHeader('2024-01-31'), data },
      { format: 'fixed', lineBreaks: true },
    )
    const dir = mkdtempSync(join(tmpdir(), 'ob-metro2-cut-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const file = join(dir, 'cut.dat')
    writeFileSync(file, whole.subarray(0, 427 * 2000 + 100))
    const { stdout, error } = await runCapturing('to-json', file)
    const json = JSON.parse(stdout.toString()) as { header?: unknown; data: unknown[]; trailer?: unknown }
    assert.ok(json.header !== undefined && json.data.length > 0, 'what was read before the cut')
    assert.equal(json.trailer, undefined)
    assert.ok(
      error instanceof AppError &&
        error.code === 'unprocessable' &&
        error.message.endsWith(
          `: the JSON holds the ${json.data.length} record(s) before it, and no trailer of ${file}`,
        ),
      String(error),
    )
  })

  it('to-json leaves unreadable records out, says so on stderr, and fails (exit 1) after the JSON', async () => {
    const file = `${DATA_DIR}cfpb/m2_file_small_with_error.txt`
    const { stdout, stderr, error } = await runCapturing('to-json', file)
    assert.equal((JSON.parse(stdout.toString()) as { data: unknown[] }).data.length, 2)
    assert.match(stderr, /line 4: record 3 is unreadable/)
    assert.match(stderr, /warning descriptor\.rdw: 5/)
    assert.ok(
      error instanceof AppError &&
        error.code === 'unprocessable' &&
        error.message === `1 record(s) of ${file} are not in the JSON (named above); ${held(1, file)}`,
      String(error),
    )
  })

  it('to-json fails (exit 1) on a file without its trailer, saying so, and prints well-formed JSON', async (t) => {
    // Found by probing: to-json exited 0 on a file cut at a line's end, where validate says file.trailer_missing.
    const data = Array.from({ length: 3 }, (_, i) => ({
      base: sampleBase({ consumerAccountNumber: `NO-TRAILER-${i}` }),
      j1: [],
      j2: [],
    }))
    const whole = Buffer.from(
      writeMetro2({ header: sampleHeader('2024-01-31'), data }, { format: 'fixed', lineBreaks: true }),
    )
    const dir = mkdtempSync(join(tmpdir(), 'metro2-cli-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const cases = [
      ['last-line.dat', whole.subarray(0, 427 * 4), 3],
      ['header-cut.dat', whole.subarray(0, 300), 0],
    ] as const
    for (const [name, bytes, records] of cases) {
      const file = join(dir, name)
      writeFileSync(file, bytes)
      const { stdout, error } = await runCapturing('to-json', file)
      const json = JSON.parse(stdout.toString()) as { header?: unknown; data: unknown[]; trailer?: unknown }
      assert.ok(json.header !== undefined, name)
      assert.equal(json.data.length, records, name)
      assert.equal(json.trailer, undefined, name)
      assert.ok(
        error instanceof AppError &&
          error.code === 'unprocessable' &&
          error.message ===
            `${file} has no trailer record, so the JSON holds none: the file was likely cut short`,
        String(error),
      )
    }
  })

  it('to-json fails (exit 1) on a trailer followed by records, and leaves a second trailer out', async (t) => {
    const lines = readFileSync(`${DATA_DIR}cfpb/m2_file_small.txt`, 'latin1').split('\n')
    const [header, a, b, c, trailer] = lines
    const dir = mkdtempSync(join(tmpdir(), 'metro2-cli-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    /** What the reader, and so `metro2 validate`, says of the trailer (record.trailer_not_last). */
    const notLast = (bytes: string) =>
      readAll(Buffer.from(bytes, 'latin1'))
        .events.flatMap((e) => (e.kind === 'end' ? (e.issues ?? []) : []))
        .find((i) => i.rule === 'record.trailer_not_last')?.message
    const early = join(dir, 'early.txt')
    const earlyBytes = [header, a, trailer, b, c, ''].join('\n')
    writeFileSync(early, earlyBytes, 'latin1')
    const moved = await runCapturing('to-json', early)
    const json = JSON.parse(moved.stdout.toString()) as { data: unknown[]; trailer?: unknown }
    assert.equal(json.data.length, 3)
    assert.ok(json.trailer !== undefined)
    const says = notLast(earlyBytes)
    assert.match(
      says ?? '',
      /^the trailer record at line 3 \(byte offset \d+\) is followed by 2 more record\(s\)/,
    )
    assert.ok(
      moved.error instanceof AppError &&
        moved.error.code === 'unprocessable' &&
        moved.error.message ===
          `${held(1, early)}; ${early}: ${says}; the JSON puts the trailer after every data record`,
      String(moved.error),
    )
    assert.match(moved.stderr, /error record\.trailer_not_last: 1/)
    // A second trailer is left out of the JSON, and counted among the records after the first, as validate counts
    // them (found by probing: to-json counted 1 record after the first trailer here, validate 2).
    const twice = join(dir, 'twice.txt')
    const twiceBytes = [header, a, b, trailer, c, trailer, ''].join('\n')
    writeFileSync(twice, twiceBytes, 'latin1')
    const second = await runCapturing('to-json', twice)
    assert.match(second.stderr, /line 6: a second trailer record, left out of the JSON/)
    assert.match(
      notLast(twiceBytes) ?? '',
      /^the trailer record at line 4 .* is followed by 2 more record\(s\)/,
    )
    assert.ok(
      second.error instanceof AppError &&
        second.error.message ===
          `1 record(s) of ${twice} are not in the JSON (named above); ${held(1, twice)}; ${twice}: ${notLast(twiceBytes)}; the JSON puts the trailer after every data record`,
      String(second.error),
    )
  })

  it('to-json fails with a one-line invalid_input error (exit 2) on a file that is no Metro 2', async () => {
    await assert.rejects(run('to-json', `${DATA_DIR}cfpb/m2_file_bad_header.txt`), (e: unknown) => {
      return e instanceof Metro2ReadError && e.code === 'invalid_input' && !e.message.includes('\n')
    })
    await assert.rejects(
      run('to-json', '/nonexistent/file.dat'),
      (e: unknown) =>
        e instanceof AppError &&
        e.code === 'invalid_input' &&
        e.message === 'cannot read /nonexistent/file.dat: no such file',
    )
  })

  it('from-json prints a Metro 2 file in the format asked, that reads back to the same data', async () => {
    for (const format of ['fixed', 'variable', 'packed']) {
      const { stdout } = await run('from-json', DATA_DIR + 'unpacked_fixed_file.json', '--format', format)
      const { file, summary } = readAll(stdout)
      assert.equal(summary.format, format)
      assert.equal(summary.framing, format === 'packed' ? 'descriptors' : 'lines')
      assert.equal(file.data[0]?.base.consumerAccountNumber, '553723456')
      assert.equal(file.trailer?.totalBaseRecords, 1)
    }
    const { stdout } = await run('from-json', DATA_DIR + 'unpacked_fixed_file.json', '--no-line-breaks')
    assert.equal(readAll(stdout).summary.lineBreaks, 'none')
  })

  it('from-json refuses a record too long for the format (exit 2), naming it, and prints nothing', async (t) => {
    const json = JSON.parse(readFileSync(DATA_DIR + 'unpacked_fixed_file.json', 'utf8')) as {
      data: { base: unknown; j2: unknown[] }[]
    }
    const { base, j2 } = json.data[0]!
    json.data = [{ base, j2: Array.from({ length: 48 }, () => j2[0]) }]
    const dir = mkdtempSync(join(tmpdir(), 'metro2-cli-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const file = join(dir, 'long.json')
    writeFileSync(file, JSON.stringify(json))
    for (const format of ['fixed', 'variable']) {
      const { stdout, error } = await runCapturing('from-json', file, '--format', format)
      assert.equal(stdout.length, 0)
      assert.ok(
        error instanceof AppError &&
          error.code === 'invalid_input' &&
          /^record 1 \(data\.0, account '553723456'\) is 10026 bytes/.test(error.message),
        String(error),
      )
    }
  })

  it('from-json fails with a one-line invalid_input error on text that is not JSON or not a Metro2File', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'metro2-cli-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    // JSON.parse's own message would quote the text: a national ID in it would reach the terminal and logs.
    writeFileSync(join(dir, 'bad.json'), '{"ssn": ssn123456789}')
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify({ data: [{ base: { creditLimit: 'a lot' } }] }))
    for (const [name, text] of [
      ['bad.json', /is not JSON/],
      ['wrong.json', /data\.0\.base\.creditLimit/],
    ] as const) {
      await assert.rejects(run('from-json', join(dir, name)), (e: unknown) => {
        return (
          e instanceof AppError &&
          e.code === 'invalid_input' &&
          text.test(e.message) &&
          !e.message.includes('\n') &&
          !e.message.includes('ssn12345')
        )
      })
    }
  })
})
