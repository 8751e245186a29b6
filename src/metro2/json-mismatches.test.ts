// `metro2 to-json` on files whose fields cannot all be read (json-mismatches.ts). Found by probing: a negative packed
// balance, bad packed digits and letters in a numeric field became 0 in the JSON with exit 0, and stderr named only a
// per-rule total, so a to-json -> from-json round trip wrote a clean 0 that validates.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it, type TestContext } from 'node:test'
import { AppError } from '../platform/errors.ts'
import { sampleBase, sampleHeader, writeMetro2, type Position } from './index.ts'
import { MAX_NAMED_MISMATCHES } from './json-mismatches.ts'
import { DATA_DIR, readAll, runCapturing } from './testing.ts'

interface Json {
  header: { reporterTelephoneNumber: number }
  data: { base: { consumerAccountNumber: string; currentBalance: number } }[]
}

/** A file of `bytes` in a fresh folder, removed after the test. */
function fileOf(t: TestContext, name: string, bytes: Uint8Array | string): string {
  const dir = mkdtempSync(join(tmpdir(), 'metro2-mismatch-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, name)
  writeFileSync(file, bytes)
  return file
}

/** Where the reader, and so `metro2 validate`, puts each data record. */
const positions = (bytes: Uint8Array): Position[] =>
  readAll(bytes).events.flatMap((e) => (e.kind === 'record' ? [e.position] : []))

const unprocessable = (error: Error | undefined, message: string) =>
  error instanceof AppError && error.code === 'unprocessable' && error.message === message

const held = (n: number, file: string) =>
  `${n} error(s) in records of ${file} that the JSON holds (named above): what could not be read is 0, null or ` +
  'blank in the JSON, or left out of it'

describe('openbureau metro2 to-json: fields it cannot read', () => {
  it('names a negative packed balance and bad packed digits where validate does, and fails (exit 1)', async (t) => {
    const data = ['NEG-1', 'BAD-2', 'GOOD-3'].map((consumerAccountNumber) => ({
      base: sampleBase({ consumerAccountNumber, currentBalance: 2233 }),
      j1: [],
      j2: [],
    }))
    const bytes = Buffer.from(writeMetro2({ header: sampleHeader('2024-01-31'), data }, { format: 'packed' }))
    const balance = Buffer.from([0x00, 0x00, 0x02, 0x23, 0x3f])
    const first = bytes.indexOf(balance)
    const second = bytes.indexOf(balance, first + 1)
    assert.ok(first > 0 && second > first && bytes.indexOf(balance, second + 1) > second)
    bytes[first + 4] = 0x3d // the minus sign D in an unsigned field: syntax.sign
    bytes[second + 3] = 0x2a // a nibble A among the digits: syntax.packed
    const file = fileOf(t, 'packed.dat', bytes)
    const { stdout, stderr, error } = await runCapturing('to-json', file)
    const json = JSON.parse(stdout.toString()) as Json
    // The JSON stays what the catalogue says ("read as 0"): it cannot carry an unreadable value.
    assert.deepEqual(
      json.data.map((r) => r.base.currentBalance),
      [0, 0, 2233],
    )
    const [one, two] = positions(bytes)
    assert.ok(one !== undefined && two !== undefined)
    assert.equal(
      stderr,
      `line 1 (byte offset ${one.offset}): record 1 (account 'NEG-1'): base.currentBalance: syntax.sign: ` +
        'packed 00 00 02 23 3D is negative in an unsigned field\n' +
        `line 1 (byte offset ${two.offset}): record 2 (account 'BAD-2'): base.currentBalance: syntax.packed: ` +
        'packed 00 00 02 2A 3F is not packed decimal\n' +
        'error syntax.sign: 1\nerror syntax.packed: 1\n',
    )
    assert.ok(unprocessable(error, held(2, file)), String(error))
  })

  it('names letters in the header’s numeric field of a character file, and fails (exit 1)', async () => {
    const file = `${DATA_DIR}cfpb/m2_file_small.txt`
    const { stdout, stderr, error } = await runCapturing('to-json', file)
    assert.equal((JSON.parse(stdout.toString()) as Json).header.reporterTelephoneNumber, 0)
    assert.match(
      stderr,
      /^line 1 \(byte offset 0\): the header record: header\.reporterTelephoneNumber: syntax\.numeric: '14TELEPHON' is not a number\n/,
    )
    assert.ok(unprocessable(error, held(1, file)), String(error))
  })

  it('keeps exit 0 for a file with warnings only (a short segment, descriptor words that disagree)', async (t) => {
    const text = readFileSync(`${DATA_DIR}cfpb/m2_file_small.txt`, 'latin1').replace(
      '14TELEPHON',
      '1455501234',
    )
    const file = fileOf(t, 'warnings.txt', Buffer.from(text, 'latin1'))
    const { stdout, stderr, error } = await runCapturing('to-json', file)
    assert.equal(error, undefined)
    assert.equal((JSON.parse(stdout.toString()) as Json).header.reporterTelephoneNumber, 1455501234)
    assert.equal(stderr, 'warning descriptor.rdw: 5\nwarning segment.short: 1\n')
  })

  it('keeps exit 0 for text outside printable ASCII: the JSON carries it as it is, and from-json refuses it', async (t) => {
    const data = [{ base: sampleBase({ consumerAccountNumber: 'TEXT-1', surname: 'DOE' }), j1: [], j2: [] }]
    const bytes = Buffer.from(writeMetro2({ header: sampleHeader('2024-01-31'), data }, { format: 'fixed' }))
    const at = bytes.indexOf('DOE')
    bytes[at + 1] = 0xd6 // latin-1 Ö
    const file = fileOf(t, 'text.dat', bytes)
    const { stdout, stderr, error } = await runCapturing('to-json', file)
    assert.equal(error, undefined)
    assert.equal(
      (JSON.parse(stdout.toString()) as { data: { base: { surname: string } }[] }).data[0]?.base.surname,
      'DÖE',
    )
    assert.equal(stderr, 'error syntax.text: 1\n')
    const back = await runCapturing('from-json', fileOf(t, 'text.json', stdout))
    assert.ok(back.error instanceof AppError && back.error.code === 'invalid_input', String(back.error))
  })

  it(`names the first ${MAX_NAMED_MISMATCHES} and counts the rest`, async (t) => {
    const data = Array.from({ length: MAX_NAMED_MISMATCHES + 5 }, (_, i) => ({
      base: sampleBase({ consumerAccountNumber: `MANY-${i + 1}`, creditLimit: 987654321 }),
      j1: [],
      j2: [],
    }))
    const text = Buffer.from(
      writeMetro2({ header: sampleHeader('2024-01-31'), data }, { format: 'fixed', lineBreaks: true }),
    )
      .toString('latin1')
      .replaceAll('987654321', '98765432X')
    const file = fileOf(t, 'many.dat', Buffer.from(text, 'latin1'))
    const { stderr, error } = await runCapturing('to-json', file)
    const lines = stderr.split('\n')
    assert.equal(
      lines.filter((l) => l.includes(': base.creditLimit: syntax.numeric: ')).length,
      MAX_NAMED_MISMATCHES,
    )
    assert.match(
      lines[0] ?? '',
      /^line 2 \(byte offset 427\): record 1 \(account 'MANY-1'\): base\.creditLimit/,
    )
    assert.equal(lines[MAX_NAMED_MISMATCHES], 'and 5 more error(s) in records the JSON holds, not named')
    assert.equal(lines[MAX_NAMED_MISMATCHES + 1], `error syntax.numeric: ${MAX_NAMED_MISMATCHES + 5}`)
    assert.ok(unprocessable(error, held(MAX_NAMED_MISMATCHES + 5, file)), String(error))
  })
})
