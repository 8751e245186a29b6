// One record or segment on its own, as moov's sample files hold them (header_record.dat, j1_segment.dat, ...):
// line breaks that wrap it are ignored; a header, base or trailer goes through the full reader.
import { FieldReader } from './field-reader.ts'
import type {
  AppendedSegmentName,
  DataRecord,
  HeaderRecord,
  J1Segment,
  J2Segment,
  K1Segment,
  K2Segment,
  K3Segment,
  K4Segment,
  L1Segment,
  Metro2Issue,
  N1Segment,
  SegmentName,
  TrailerRecord,
} from './metro2.model.ts'
import { SEGMENT_LENGTHS } from './metro2.model.ts'
import { Metro2Parser } from './parser.ts'
import { Metro2ReadError, snippet } from './read-error.ts'
import { segmentAt } from './record-decoder.ts'
import * as dec from './segment-decoders.ts'

export interface SegmentValues {
  header: HeaderRecord
  base: DataRecord
  trailer: TrailerRecord
  j1: J1Segment
  j2: J2Segment
  k1: K1Segment
  k2: K2Segment
  k3: K3Segment
  k4: K4Segment
  l1: L1Segment
  n1: N1Segment
}

const DECODERS: { [K in AppendedSegmentName]: (r: FieldReader, at: number) => SegmentValues[K] } = {
  j1: dec.decodeJ1,
  j2: dec.decodeJ2,
  k1: dec.decodeK1,
  k2: dec.decodeK2,
  k3: dec.decodeK3,
  k4: dec.decodeK4,
  l1: dec.decodeL1,
  n1: dec.decodeN1,
}

function wholeRecord<N extends 'header' | 'base' | 'trailer'>(
  name: N,
  bytes: Uint8Array,
): { value: SegmentValues[N]; issues: Metro2Issue[] } {
  const parser = new Metro2Parser()
  for (const e of [...parser.push(bytes), ...parser.end()]) {
    if (e.kind === 'header' && name === 'header')
      return { value: e.header as SegmentValues[N], issues: e.issues }
    if (e.kind === 'record' && name === 'base')
      return { value: e.record as SegmentValues[N], issues: e.issues }
    if (e.kind === 'trailer' && name === 'trailer')
      return { value: e.trailer as SegmentValues[N], issues: e.issues }
  }
  throw new Metro2ReadError(`no ${name} record in the input`, 0)
}

/** Parses `bytes` as the one record or segment `name`; a base comes with its appended segments. */
export function parseSegment<N extends SegmentName>(
  name: N,
  bytes: Uint8Array,
): { value: SegmentValues[N]; issues: Metro2Issue[] } {
  if (name === 'header' || name === 'base' || name === 'trailer')
    return wholeRecord(name as 'header', bytes) as never
  const segment: AppendedSegmentName = name
  const buf = Buffer.from(bytes.filter((b) => b !== 10 && b !== 13))
  if (segmentAt(buf[0], buf[1]) !== segment) {
    // The identifier only: the bytes after it could be a consumer's name or number (DESIGN.md principle 4).
    throw new Metro2ReadError(
      `not a ${segment.toUpperCase()} segment: it starts ${snippet(buf, 0, 2, false)}`,
      0,
    )
  }
  const r = new FieldReader()
  r.load(buf, 0, buf.length)
  const length = SEGMENT_LENGTHS[segment]
  if (buf.length < length) {
    r.segment(segment, 0)
    r.issue(
      undefined,
      'segment.short',
      'warning',
      `the segment is ${buf.length} bytes, not ${length}; blank-filled`,
    )
    r.padTo(length)
  }
  const value = DECODERS[segment](r, 0)
  return { value: value as SegmentValues[N], issues: r.issues ?? [] }
}
