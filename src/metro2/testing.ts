// Test support for the Metro 2 codec: fast-check arbitraries of valid records, built from the layouts (every field
// within its length and type), and helpers to read a whole input into a Metro2File. Not part of index.ts.
import { Command } from 'commander'
import fc from 'fast-check'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { sharedDataDir } from '../platform/shared-data.ts'
import { LAYOUTS, valueTypeOf, type Spec } from './layouts.ts'
import type {
  DataRecord,
  HeaderRecord,
  J1Segment,
  Metro2File,
  ReadEvent,
  ReadSummary,
} from './metro2.model.ts'
import { registerMetro2Commands } from './metro2.cli.ts'
import { Metro2Parser } from './parser.ts'

export const DATA_DIR = join(sharedDataDir(), 'metro2') + '/'

/** An associated consumer (J1) with only the required fields filled, for records built by hand. */
export const SAMPLE_J1: J1Segment = {
  segmentIdentifier: 'J1',
  surname: 'DOE',
  firstName: 'JO',
  middleName: '',
  generationCode: '',
  socialSecurityNumber: 0,
  dateBirth: null,
  telephoneNumber: 0,
  ecoaCode: '2',
  consumerInformationIndicator: '',
}

// Printable ASCII: Metro 2 text (field-writer.ts nonAsciiAt).
const CHARS = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i))

const text = (length: number) =>
  fc.string({ unit: fc.constantFrom(...CHARS), maxLength: length }).map((s) => s.replace(/ +$/, ''))
/** Text with a character that is not a blank, as a required field needs (moov-json.ts refuses a blank one). */
const filled = (length: number) =>
  fc.tuple(fc.constantFrom(...CHARS.slice(1)), text(length - 1)).map(([c, rest]) => c + rest)
const day = fc.date({
  min: new Date('1900-01-01T00:00:00Z'),
  max: new Date('2099-12-31T23:59:59Z'),
  noInvalidDate: true,
})

function fieldArbitrary(s: Spec): fc.Arbitrary<unknown> {
  const isoDay = day.map((d) => d.toISOString().slice(0, 10))
  switch (valueTypeOf(s)) {
    case 'A':
      return s.required ? filled(s.length) : text(s.length)
    case 'N':
      return fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 ** Math.min(s.length, 15) - 1 }))
    case 'D':
      return s.required ? isoDay : fc.option(isoDay, { nil: null })
    case 'T':
      return fc.option(
        day.map((d) => d.toISOString().slice(0, 19)),
        { nil: null },
      )
    case 'W':
      return fc.constant(0)
  }
}

function segmentArbitrary(
  layout: readonly Spec[],
  fixed: Record<string, unknown>,
): fc.Arbitrary<Record<string, unknown>> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {}
  for (const s of layout) {
    if (s.reserved) continue
    shape[s.name] = s.name in fixed ? fc.constant(fixed[s.name]) : fieldArbitrary(s)
  }
  // fc.record builds objects without a prototype; the codec's are plain objects, and deepEqual compares both.
  return fc.record(shape).map((o) => ({ ...o }))
}

export const headerArbitrary = segmentArbitrary(LAYOUTS.header.character, {
  recordIdentifier: 'HEADER',
  recordDescriptorWord: 426,
}) as unknown as fc.Arbitrary<HeaderRecord>

const single = (k: 'k1' | 'k2' | 'k3' | 'k4' | 'l1' | 'n1') =>
  fc.option(segmentArbitrary(LAYOUTS[k].character, { segmentIdentifier: k.toUpperCase() }), {
    nil: undefined,
  })

/** Any valid data record: every segment kind, up to six J1 and J2 (more than four is allowed by the codec). */
export const recordArbitrary: fc.Arbitrary<DataRecord> = fc
  .record({
    base: segmentArbitrary(LAYOUTS.base.character, { recordDescriptorWord: 0 }),
    j1: fc.array(segmentArbitrary(LAYOUTS.j1.character, { segmentIdentifier: 'J1' }), { maxLength: 6 }),
    j2: fc.array(segmentArbitrary(LAYOUTS.j2.character, { segmentIdentifier: 'J2' }), { maxLength: 6 }),
    k1: single('k1'),
    k2: single('k2'),
    k3: single('k3'),
    k4: single('k4'),
    l1: single('l1'),
    n1: single('n1'),
  })
  .map((r) => {
    const out: Record<string, unknown> = { base: r.base, j1: r.j1, j2: r.j2 }
    for (const k of ['k1', 'k2', 'k3', 'k4', 'l1', 'n1'] as const) if (r[k] !== undefined) out[k] = r[k]
    return out as unknown as DataRecord
  })

export interface ReadResult {
  file: Metro2File
  events: ReadEvent[]
  summary: ReadSummary
}

/** Reads `bytes` with the push parser, in chunks of the given sizes (cycled), into a file and its events. */
export function readAll(bytes: Uint8Array, chunkSizes: readonly number[] = [bytes.length || 1]): ReadResult {
  const parser = new Metro2Parser()
  const events: ReadEvent[] = []
  let i = 0
  for (let at = 0; at < bytes.length; i++) {
    const size = Math.max(1, chunkSizes[i % chunkSizes.length] ?? 1)
    events.push(...parser.push(bytes.subarray(at, at + size)))
    at += size
  }
  events.push(...parser.end())
  const file: Metro2File = { data: [] }
  let summary: ReadSummary | undefined
  for (const e of events) {
    if (e.kind === 'header') file.header = e.header
    else if (e.kind === 'record') file.data.push(e.record)
    else if (e.kind === 'trailer') file.trailer = e.trailer
    else if (e.kind === 'end') summary = e.summary
  }
  if (!summary) throw new Error('no end event')
  return { file, events, summary }
}

/** A copy without descriptor words: they belong to the framing, which differs between formats. */
export function withoutDescriptors<T extends object>(value: T): T {
  const rest = { ...value } as Record<string, unknown>
  delete rest.recordDescriptorWord
  delete rest.blockDescriptorWord
  return rest as T
}

export function recordWithoutDescriptors(r: DataRecord): DataRecord {
  return { ...r, base: withoutDescriptors(r.base) }
}

class Sink extends Writable {
  readonly chunks: Buffer[] = []
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(Buffer.from(chunk))
    done()
  }
  bytes = () => Buffer.concat(this.chunks)
}

/** Runs `openbureau metro2 ARGS`: its output, and the error it failed with after writing it, if any. */
export async function runCapturing(...args: string[]) {
  const stdout = new Sink()
  const stderr = new Sink()
  const metro2 = new Command('metro2').exitOverride()
  registerMetro2Commands(metro2, { stdout, stderr })
  const error = await metro2.parseAsync(args, { from: 'user' }).then(
    () => undefined,
    (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
  )
  return { stdout: stdout.bytes(), stderr: stderr.bytes().toString(), error }
}
