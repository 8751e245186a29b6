// moov-io/metro2's JSON, both ways: its property names, its `omitempty` (layouts' omitEmpty), dates as
// 'YYYY-MM-DDT00:00:00Z' and timestamps as 'YYYY-MM-DDTHH:MM:SSZ'. Go never omits a struct, so a date moov tags
// omitempty is still written, and an absent date is Go's zero time '0001-01-01T00:00:00Z'; we do the same, and
// read that zero time (or null) back as null. Input is validated with zod, every bad path named at once.
import { z } from 'zod'
import { AppError } from '../platform/errors.ts'
import { isoDate } from './date-text.ts'
import { describeCharacter, nonAsciiAt } from './field-writer.ts'
import { fieldsByName, K2_LAYOUT, L1_LAYOUT, LAYOUTS, valueTypeOf, type Spec } from './layouts.ts'
import type {
  AppendedSegmentName,
  DataRecord,
  HeaderRecord,
  Metro2File,
  TrailerRecord,
} from './metro2.model.ts'
import { CHARACTER_RECORD_LENGTH, K2_REMOVE_INDICATOR } from './metro2.model.ts'
import { recordLength } from './writer.ts'

const ZERO_TIME = '0001-01-01T00:00:00Z'
const SINGLE = ['k1', 'k2', 'k3', 'k4', 'l1', 'n1'] as const satisfies readonly AppendedSegmentName[]
// moov's JSON name where it differs from the CRRG's: L1Segment.NewIdentificationNumber is tagged
// `json:"balloonPaymentDueDate,omitempty"` in moov-io/metro2 pkg/lib/l1_segment.go, and moov's users read it there.
const L1_NEW_ID = 'balloonPaymentDueDate'
const L1_NAMES: Readonly<Record<string, string>> = { newIdentificationNumber: L1_NEW_ID }

function fieldsToJson(
  layout: readonly Spec[],
  values: object,
  names: Readonly<Record<string, string>> = {},
): Record<string, unknown> {
  const v = values as Record<string, unknown>
  const out: Record<string, unknown> = {}
  if (typeof v.blockDescriptorWord === 'number' && v.blockDescriptorWord !== 0)
    out.blockDescriptorWord = v.blockDescriptorWord
  for (const s of layout) {
    if (s.reserved) continue
    const value = v[s.name]
    const name = names[s.name] ?? s.name
    switch (valueTypeOf(s)) {
      case 'W':
        out[name] = value
        break
      case 'A':
      case 'N':
        if (!(s.omitEmpty && (value === '' || value === 0))) out[name] = value
        break
      case 'D':
        out[name] = typeof value === 'string' ? `${value}T00:00:00Z` : ZERO_TIME
        break
      case 'T':
        out[name] = typeof value === 'string' ? `${value}Z` : ZERO_TIME
    }
  }
  return out
}

/** One data record as moov renders it: `{ base, j1?, j2?, k1?, ... }`, empty ones left out. */
export function dataRecordToMoovJson(record: DataRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { base: fieldsToJson(LAYOUTS.base.character, record.base) }
  if (record.j1.length > 0) out.j1 = record.j1.map((j) => fieldsToJson(LAYOUTS.j1.character, j))
  if (record.j2.length > 0) out.j2 = record.j2.map((j) => fieldsToJson(LAYOUTS.j2.character, j))
  for (const k of SINGLE) {
    const segment = record[k]
    if (segment !== undefined)
      out[k] = fieldsToJson(LAYOUTS[k].character, segment, k === 'l1' ? L1_NAMES : {})
  }
  return out
}

export const headerToMoovJson = (h: HeaderRecord) => fieldsToJson(LAYOUTS.header.character, h)
export const trailerToMoovJson = (t: TrailerRecord) => fieldsToJson(LAYOUTS.trailer.character, t)

export function toMoovJson(file: Metro2File): unknown {
  const out: Record<string, unknown> = {}
  if (file.header) out.header = headerToMoovJson(file.header)
  out.data = file.data.map(dataRecordToMoovJson)
  if (file.trailer) out.trailer = trailerToMoovJson(file.trailer)
  return out
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?)?$/

function moovTime(kind: 'D' | 'T', required: boolean) {
  return z.union([z.null(), z.string()]).transform((v, ctx) => {
    if (v === null || v.startsWith('0001-01-01')) {
      // Go's zero time is how moov writes an absent date: absent, so refused where the CRRG requires one.
      if (required) ctx.addIssue({ code: 'custom', message: 'required' })
      return required ? z.NEVER : null
    }
    const m = ISO.exec(v)
    const [y, mo, d, h = '00', mi = '00', s = '00'] = m?.slice(1) ?? []
    const date = m ? isoDate(Number(y), Number(mo), Number(d)) : ''
    if (date === '' || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
      ctx.addIssue({
        code: 'custom',
        message: `'${v}' is not a ${kind === 'D' ? 'date YYYY-MM-DD' : 'timestamp YYYY-MM-DDTHH:MM:SSZ'}`,
      })
      return z.NEVER
    }
    return kind === 'D' ? date : `${date}T${h}:${mi}:${s}`
  })
}

/** Metro 2 text is printable ASCII (field-writer.ts): the first other character is named. */
const asciiText = (length: number) =>
  z
    .string()
    .max(length)
    .superRefine((v, ctx) => {
      const bad = nonAsciiAt(v)
      if (bad >= 0)
        ctx.addIssue({
          code: 'custom',
          message: `character ${describeCharacter(v, bad)}: Metro 2 text is printable ASCII`,
        })
    })

function valueSchema(s: Spec, required: boolean): z.ZodType {
  switch (valueTypeOf(s)) {
    case 'W':
      return z.number().int().min(0).max(65_535)
    case 'A':
      return asciiText(s.length)
    case 'N':
      return z
        .number()
        .int()
        .min(0)
        .max(10 ** s.length - 1)
    case 'D':
      return moovTime('D', required)
    case 'T':
      return moovTime('T', required)
  }
}

const present = (v: unknown): boolean => v != null && !(typeof v === 'string' && v.trim() === '')

/**
 * A required field that is absent, null, blank or Go's zero time is refused, not filled with blanks, zeros or a
 * null date: moov's Validate() refuses it too (specifications.go "Required", the layouts' 'required' flag). Zero
 * stays a number like any other: a count or an indicator may be 0.
 */
function fieldSchema(s: Spec, required: boolean): z.ZodType {
  const value = valueSchema(s, required)
  if (!required) return value.optional()
  return z.unknown().refine(present, { message: 'required', abort: true }).pipe(value)
}

/**
 * Identifiers and descriptor words may be left out: the writer puts in the constant and the length. So may the
 * whole trailer's fields (`checkRequired` false): the writer counts a new trailer and never writes these.
 */
function segmentSchema(
  layout: readonly Spec[],
  id: string | undefined,
  extra: Record<string, z.ZodType> = {},
  checkRequired = true,
) {
  const shape: Record<string, z.ZodType> = {}
  for (const s of layout) {
    if (s.reserved) continue
    const identifier = s.name === 'segmentIdentifier' || s.name === 'recordIdentifier'
    if (identifier && id) shape[s.name] = z.literal(id).optional()
    else shape[s.name] = fieldSchema(s, checkRequired && s.required === true && valueTypeOf(s) !== 'W')
  }
  return z.strictObject({ ...shape, ...extra })
}

const descriptor = { blockDescriptorWord: z.number().int().min(0).max(65_535).optional() }
// moov's name, and the CRRG's that our to-json wrote before it used moov's: files written then still read.
const l1Schema = segmentSchema(LAYOUTS.l1.character, 'L1', {
  [L1_NEW_ID]: fieldSchema(fieldsByName(L1_LAYOUT).newIdentificationNumber, false),
}).refine(
  (v) =>
    v[L1_NEW_ID] === undefined ||
    v.newIdentificationNumber === undefined ||
    v[L1_NEW_ID] === v.newIdentificationNumber,
  {
    message: `two new identification numbers (${L1_NEW_ID}, newIdentificationNumber) that differ`,
    path: [L1_NEW_ID],
  },
)
// CRRG K2 field 3 is blank filled when field 2 is 9 (remove the K2 reported before), so the name is required only
// with indicators 1 and 2. moov marks it required outright (specifications.go), which its own
// K2Segment.ValidatePurchasedName contradicts: with indicator 9 that wants the name blank.
const k2Schema = segmentSchema(LAYOUTS.k2.character, 'K2', {
  purchasedName: fieldSchema(fieldsByName(K2_LAYOUT).purchasedName, false),
}).refine((v) => v.purchasedIndicator === K2_REMOVE_INDICATOR || present(v.purchasedName), {
  message: 'required',
  path: ['purchasedName'],
})
const SPECIAL: Partial<Record<AppendedSegmentName, z.ZodType>> = { k2: k2Schema, l1: l1Schema }
const segments = Object.fromEntries(
  SINGLE.map((k) => [k, SPECIAL[k] ?? segmentSchema(LAYOUTS[k].character, k.toUpperCase())]),
)
const recordSchema = z.strictObject({
  base: segmentSchema(LAYOUTS.base.character, undefined, descriptor),
  j1: z.array(segmentSchema(LAYOUTS.j1.character, 'J1')).optional(),
  j2: z.array(segmentSchema(LAYOUTS.j2.character, 'J2')).optional(),
  ...Object.fromEntries(Object.entries(segments).map(([k, s]) => [k, s.optional()])),
})
const fileSchema = z.strictObject({
  header: segmentSchema(LAYOUTS.header.character, 'HEADER', descriptor).optional(),
  data: z.array(recordSchema),
  trailer: segmentSchema(LAYOUTS.trailer.character, 'TRAILER', descriptor, false).optional(),
})

/** Model values in layout order, defaults for what moov left out (omitempty): '', 0, null. */
function toModel(
  layout: readonly Spec[],
  json: Record<string, unknown>,
  id: string,
  rdw: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (typeof json.blockDescriptorWord === 'number') out.blockDescriptorWord = json.blockDescriptorWord
  for (const s of layout) {
    if (s.reserved) continue
    const v = json[s.name]
    const type = valueTypeOf(s)
    if (s.name === 'segmentIdentifier' || s.name === 'recordIdentifier') out[s.name] = id
    else if (type === 'W') out[s.name] = v ?? rdw
    else out[s.name] = v ?? (type === 'A' ? '' : type === 'N' ? 0 : null)
  }
  return out
}

function recordToModel(json: Record<string, unknown>): DataRecord {
  const seg = (k: AppendedSegmentName, v: unknown) =>
    toModel(LAYOUTS[k].character, v as Record<string, unknown>, k.toUpperCase(), 0)
  const record = {
    base: toModel(LAYOUTS.base.character, json.base as Record<string, unknown>, '', 0),
    j1: ((json.j1 ?? []) as unknown[]).map((j) => seg('j1', j)),
    j2: ((json.j2 ?? []) as unknown[]).map((j) => seg('j2', j)),
  } as unknown as DataRecord
  for (const k of SINGLE) {
    const v = json[k] as Record<string, unknown> | undefined
    if (v === undefined) continue
    const fixed =
      k === 'l1' && v.newIdentificationNumber === undefined
        ? { ...v, newIdentificationNumber: v[L1_NEW_ID] }
        : v
    ;(record as unknown as Record<string, unknown>)[k] = seg(k, fixed)
  }
  if (record.base.recordDescriptorWord === 0) record.base.recordDescriptorWord = recordLength(record, false)
  return record
}

/** A Metro2File from moov's JSON; AppError('invalid_input') naming every bad path on one line. */
export function fromMoovJson(json: unknown): Metro2File {
  const parsed = fileSchema.safeParse(json)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`)
    const shown =
      issues.slice(0, 20).join('; ') + (issues.length > 20 ? `; and ${issues.length - 20} more` : '')
    throw new AppError('invalid_input', `invalid Metro 2 JSON: ${shown}`, issues)
  }
  const p = parsed.data as Record<string, unknown>
  const file: Metro2File = { data: (p.data as Record<string, unknown>[]).map(recordToModel) }
  if (p.header)
    file.header = toModel(
      LAYOUTS.header.character,
      p.header as Record<string, unknown>,
      'HEADER',
      CHARACTER_RECORD_LENGTH,
    ) as unknown as HeaderRecord
  if (p.trailer)
    file.trailer = toModel(
      LAYOUTS.trailer.character,
      p.trailer as Record<string, unknown>,
      'TRAILER',
      CHARACTER_RECORD_LENGTH,
    ) as unknown as TrailerRecord
  return file
}
