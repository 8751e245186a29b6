// A framed record to a header, a data record (base segment and appended segments) or a trailer. The segments
// after the base are framed by their identifiers and CRRG lengths; what cannot be framed makes the record
// unreadable, what is merely odd becomes an issue on a record that is still returned.
import type { FieldReader } from './field-reader.ts'
import { BASE_LAYOUT, fieldsByName, LAYOUTS, PACKED_BASE_LAYOUT, type Spec } from './layouts.ts'
import type {
  AppendedSegmentName,
  DataRecord,
  HeaderRecord,
  Metro2Issue,
  TrailerRecord,
} from './metro2.model.ts'
import { CHARACTER_RECORD_LENGTH, PACKED_RECORD_LENGTH, SEGMENT_LENGTHS } from './metro2.model.ts'
import { Metro2ReadError, snippet } from './read-error.ts'
import * as dec from './segment-decoders.ts'

/** A record as framed by the parser; one instance is reused for every record (no allocation per record). */
export class Framed {
  buf: Buffer = Buffer.alloc(0)
  start = 0
  length = 0
  /** The record descriptor word as written, -1 when it is not a number. */
  rdw = 0
  packed = false
  /** Cut by the end of the input: a segment that misses data fields means a truncated file, not a bad record. */
  eof = false
  offset = 0
  line = 1
}

/** Bytes a segment must have for its missing tail to be only filler or optional text (blank-fillable). */
const fillable = (layout: readonly Spec[]): number =>
  layout.reduce(
    (n, s) => (s.reserved || (s.type === 'A' && !s.required) ? n : Math.max(n, s.start + s.length)),
    0,
  )
const FILL = {
  header: [fillable(LAYOUTS.header.character), fillable(LAYOUTS.header.packed)],
  base: [fillable(LAYOUTS.base.character), fillable(LAYOUTS.base.packed)],
  trailer: [fillable(LAYOUTS.trailer.character), fillable(LAYOUTS.trailer.packed)],
} as const
const SEGMENT_FILL = Object.fromEntries(
  Object.keys(SEGMENT_LENGTHS).map((k) => [k, fillable(LAYOUTS[k as AppendedSegmentName].character)]),
) as Record<AppendedSegmentName, number>
const ACCOUNT = [
  fieldsByName(BASE_LAYOUT).consumerAccountNumber,
  fieldsByName(PACKED_BASE_LAYOUT).consumerAccountNumber,
]

/** The appended segment whose identifier is c0 c1 (J1, J2, K1-K4, L1, N1). */
export function segmentAt(c0: number | undefined, c1: number | undefined): AppendedSegmentName | undefined {
  const n = (c1 ?? 0) - 48
  if (c0 === 74) return n === 1 ? 'j1' : n === 2 ? 'j2' : undefined
  if (c0 === 75) return n === 1 ? 'k1' : n === 2 ? 'k2' : n === 3 ? 'k3' : n === 4 ? 'k4' : undefined
  if (c0 === 76 && n === 1) return 'l1'
  if (c0 === 78 && n === 1) return 'n1'
  return undefined
}

/** Padding after the last segment: blanks (CRRG fixed-length records), or NULs as some writers leave. */
export const isPadding = (b: Uint8Array, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) if (b[i] !== 32 && b[i] !== 0) return false
  return true
}

const starts = (b: Uint8Array, p: number, end: number, text: string): boolean => {
  if (p + text.length > end) return false
  for (let i = 0; i < text.length; i++) if (b[p + i] !== text.charCodeAt(i)) return false
  return true
}

export function recordKind(b: Uint8Array, start: number, length: number): 'header' | 'trailer' | 'base' {
  const c = b[start + 4]
  if (c !== 72 && c !== 84) return 'base'
  const end = start + length
  return starts(b, start + 4, end, 'HEADER')
    ? 'header'
    : starts(b, start + 4, end, 'TRAILER')
      ? 'trailer'
      : 'base'
}

const hasError = (issues: Metro2Issue[] | null): boolean =>
  issues?.some((i) => i.severity === 'error') ?? false

function truncated(f: Framed, what: string, need: number): never {
  throw new Metro2ReadError(
    `the input ends inside ${what} (line ${f.line}): ${f.length} bytes where at least ${need} are needed`,
    f.offset,
  )
}

/** Blank-fills a record shorter than its layout when only filler and optional text are missing. */
function pad(r: FieldReader, f: Framed, kind: 'header' | 'base' | 'trailer'): boolean {
  const size = f.packed ? PACKED_RECORD_LENGTH : CHARACTER_RECORD_LENGTH
  if (f.length >= size) return true
  r.segmentName = kind
  if (f.length >= FILL[kind][f.packed ? 1 : 0]) {
    r.issue(
      undefined,
      'segment.short',
      'warning',
      `the ${kind} record is ${f.length} bytes, not ${size}; blank-filled`,
    )
  } else if (kind === 'header' || f.eof) {
    truncated(f, `the ${kind} record`, FILL[kind][f.packed ? 1 : 0])
  } else if (kind === 'base') {
    r.issue(
      undefined,
      'record.length',
      'error',
      `the record is ${f.length} bytes, too short for a base segment (${size})`,
    )
    return false
  } else {
    r.issue(undefined, 'segment.truncated', 'error', `the trailer record is ${f.length} bytes, not ${size}`)
  }
  r.padTo(size)
  return true
}

function extraData(r: FieldReader, f: Framed, kind: 'header' | 'trailer', size: number): void {
  if (f.length > size && !isPadding(f.buf, f.start + size, f.start + f.length)) {
    r.segmentName = kind
    r.issue(
      undefined,
      'record.length',
      'error',
      `${f.length - size} bytes of data after the end of the ${kind} record`,
    )
  }
}

/**
 * The header record; moov reports its defined length as RDW, whatever padding a fixed-length file adds. A header
 * that is both the wrong length and full of field errors is misaligned: the file cannot be read. A header whose
 * RDW gives its length and that is longer than its layout only by blanks is padded to the file's fixed length
 * (CRRG "Record Descriptor Word": fixed-length records are padded to one length): its field errors are its own.
 * A byte added inside a header that leaves the RDW at 426 still reads as misaligned.
 */
export function decodeHeaderRecord(r: FieldReader, f: Framed): HeaderRecord {
  r.load(f.buf, f.start, f.length)
  pad(r, f, 'header')
  const size = f.packed ? PACKED_RECORD_LENGTH : CHARACTER_RECORD_LENGTH
  const header = dec.decodeHeader(r, f.packed, size)
  const padded = f.length > size && f.rdw === f.length && isPadding(f.buf, f.start + size, f.start + f.length)
  if (f.length !== size && !padded && hasError(r.issues)) {
    const first = r.issues?.find((i) => i.severity === 'error')
    throw new Metro2ReadError(
      `cannot read the header record (line ${f.line}): ${snippet(f.buf, f.start + 4, 24)} is ${f.length} bytes where ` +
        `${size} are expected and its fields are misaligned (${first?.field ?? ''} ${first?.message ?? ''})`,
      f.offset,
    )
  }
  extraData(r, f, 'header', size)
  return header
}

/** The trailer record; its RDW is reported as the defined length, like the header's. */
export function decodeTrailerRecord(r: FieldReader, f: Framed): TrailerRecord {
  r.load(f.buf, f.start, f.length)
  pad(r, f, 'trailer')
  const size = f.packed ? PACKED_RECORD_LENGTH : CHARACTER_RECORD_LENGTH
  const trailer = dec.decodeTrailer(r, f.packed, size)
  extraData(r, f, 'trailer', size)
  return trailer
}

/** A data record, or undefined when it cannot be framed (then `r.account` names its account when it can). */
export function decodeDataRecord(r: FieldReader, f: Framed): DataRecord | undefined {
  r.load(f.buf, f.start, f.length)
  r.account = undefined
  if (f.length < (f.packed ? PACKED_RECORD_LENGTH : CHARACTER_RECORD_LENGTH) && !pad(r, f, 'base')) {
    unreadable(r, f)
    return undefined
  }
  return decodeData(r, f, f.packed ? PACKED_RECORD_LENGTH : CHARACTER_RECORD_LENGTH)
}

function decodeData(r: FieldReader, f: Framed, size: number): DataRecord | undefined {
  const base = dec.decodeBase(r, f.packed, f.rdw < 0 ? 0 : f.rdw)
  const record: DataRecord = { base, j1: [], j2: [] }
  let end = Math.max(f.length, size)
  for (let q = size; q < end;) {
    const b = r.buf
    const at = r.textAt + q
    const name = segmentAt(b[at], q + 1 < end ? b[at + 1] : undefined)
    if (name === undefined) {
      if (isPadding(b, at, r.textAt + end)) break
      r.segment('base', 0)
      r.issue(
        undefined,
        'segment.unknown',
        'error',
        // Two bytes only: the identifier that is wrong. More could be a consumer's name or number, and the
        // issue is stored with the batch (DESIGN.md principle 4).
        `no known segment identifier at position ${q + 1}: ${snippet(b, at, 2, false)}`,
      )
      unreadable(r, f)
      return undefined
    }
    const length = SEGMENT_LENGTHS[name]
    if (q + length > end) {
      r.segment(name, q)
      const have = end - q
      if (have >= SEGMENT_FILL[name]) {
        r.issue(
          undefined,
          'segment.short',
          'warning',
          `the ${name.toUpperCase()} segment is ${have} bytes, not ${length}; blank-filled`,
        )
      } else if (f.eof) {
        truncated(f, `a ${name.toUpperCase()} segment`, f.length - have + SEGMENT_FILL[name])
      } else {
        r.issue(
          undefined,
          'segment.truncated',
          'error',
          `the ${name.toUpperCase()} segment is ${have} bytes, not ${length}`,
        )
      }
      r.padTo(q + length)
      end = q + length
    }
    appendSegment(r, record, name, q)
    q += length
  }
  return record
}

function appendSegment(r: FieldReader, record: DataRecord, name: AppendedSegmentName, q: number): void {
  if (name === 'j1') record.j1.push(dec.decodeJ1(r, q))
  else if (name === 'j2') record.j2.push(dec.decodeJ2(r, q))
  else if (record[name] !== undefined) {
    r.segment(name, q)
    r.issue(
      undefined,
      'segment.duplicate',
      'error',
      `a second ${name.toUpperCase()} segment (CRRG: at most one); ignored`,
    )
  } else if (name === 'k1') record.k1 = dec.decodeK1(r, q)
  else if (name === 'k2') record.k2 = dec.decodeK2(r, q)
  else if (name === 'k3') record.k3 = dec.decodeK3(r, q)
  else if (name === 'k4') record.k4 = dec.decodeK4(r, q)
  else if (name === 'l1') record.l1 = dec.decodeL1(r, q)
  else record.n1 = dec.decodeN1(r, q)
}

/** An unreadable record still names its account when the bytes are there: the furnisher needs it to find it. */
function unreadable(r: FieldReader, f: Framed): void {
  // Cut by the end of the input before the length its RDW gives: a truncated file, not one bad record.
  if (f.eof && f.rdw > f.length) {
    throw new Metro2ReadError(
      `the input ends ${f.rdw - f.length} bytes before the end of the last record (line ${f.line}), and ` +
        `what is there cannot be framed (${r.issues?.find((i) => i.rule === 'segment.unknown' || i.rule === 'record.length')?.message ?? 'unreadable'})`,
      f.offset,
    )
  }
  // Field syntax errors of a record that cannot be framed are symptoms of the misalignment, not findings.
  if (r.issues) r.issues = r.issues.filter((i) => !i.rule.startsWith('syntax.'))
  const spec = ACCOUNT[f.packed ? 1 : 0]
  if (!spec || f.length < spec.start + spec.length) return
  r.segment('base', 0)
  const account = r.A(spec)
  if (account !== '') r.account = account
}
