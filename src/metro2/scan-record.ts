// The "bare scan" of one framed record: every field converted to its type, as the parser does, but walked
// generically over the layouts and summed into a checksum instead of being built into objects. It is the
// baseline the benchmark compares the full parse with: framing and conversion, no allocation of records.
import type { FieldReader } from './field-reader.ts'
import { LAYOUTS, valueTypeOf, type Spec } from './layouts.ts'
import type { SegmentName } from './metro2.model.ts'
import { CHARACTER_RECORD_LENGTH, PACKED_RECORD_LENGTH, SEGMENT_LENGTHS } from './metro2.model.ts'
import { recordKind, segmentAt, type Framed } from './record-decoder.ts'

export interface ScanTotals {
  /** Records framed: header, data records and trailer. */
  records: number
  /** Fields converted. */
  fields: number
  /** A sum over every converted value (text lengths, numbers, date lengths), so that no conversion is skipped. */
  checksum: number
}

const TEXT = 0
const NUMBER = 1
const DATE = 2
const STAMP = 3

/** A layout as the fields to convert and how: worked out once, not per record. */
interface Plan {
  readonly specs: readonly Spec[]
  readonly kinds: Uint8Array
}

function plan(layout: readonly Spec[]): Plan {
  const specs = layout.filter((s) => !s.reserved && valueTypeOf(s) !== 'W')
  const kinds = Uint8Array.from(specs, (s) => {
    const t = valueTypeOf(s)
    return t === 'A' ? TEXT : t === 'N' ? NUMBER : t === 'D' ? DATE : STAMP
  })
  return { specs, kinds }
}

const PLANS = Object.fromEntries(
  (Object.keys(LAYOUTS) as SegmentName[]).map((k) => [
    k,
    [plan(LAYOUTS[k].character), plan(LAYOUTS[k].packed)],
  ]),
) as Record<SegmentName, [Plan, Plan]>

function scanPlan(r: FieldReader, p: Plan, t: ScanTotals): void {
  let sum = 0
  const { specs, kinds } = p
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i] as Spec
    const kind = kinds[i]
    if (kind === TEXT) sum += r.plainA(s).length
    else if (kind === NUMBER) sum += r.N(s)
    else if (kind === DATE) sum += r.D(s)?.length ?? 0
    else sum += r.T(s)?.length ?? 0
  }
  t.fields += specs.length
  t.checksum = (t.checksum + sum) % 1e15
}

export function scanFramed(r: FieldReader, f: Framed, t: ScanTotals): void {
  const size = f.packed ? PACKED_RECORD_LENGTH : CHARACTER_RECORD_LENGTH
  r.load(f.buf, f.start, f.length)
  if (f.length < size) r.padTo(size)
  const kind = recordKind(f.buf, f.start, f.length)
  r.segment(kind, 0)
  scanPlan(r, PLANS[kind][f.packed ? 1 : 0], t)
  t.records++
  if (kind !== 'base') return
  for (let q = size; q + 2 <= f.length;) {
    const name = segmentAt(r.buf[r.textAt + q], r.buf[r.textAt + q + 1])
    if (name === undefined || q + SEGMENT_LENGTHS[name] > f.length) return
    r.segment(name, q)
    scanPlan(r, PLANS[name][0], t)
    q += SEGMENT_LENGTHS[name]
  }
}
