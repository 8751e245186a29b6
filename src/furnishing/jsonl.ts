// Reads the native JSON Lines format into the same events as the Metro 2 reader. A line that is not JSON,
// or not a valid record, is an unreadable record with every problem named; the file goes on.
import type { z } from 'zod'
import { Metro2ReadError, type DataRecord, type Metro2Issue } from '../metro2/index.ts'
import { isConsumptionField, jsonlRecordSchema, type JsonlRecord } from './jsonl.model.ts'
import type { FurnishedEvent } from './furnished-file.ts'

const MAX_LINE_BYTES = 1 << 20

function issuesOf(error: z.ZodError): Metro2Issue[] {
  const out: Metro2Issue[] = []
  for (const i of error.issues) {
    const segment = (
      i.path[0] === 'base' ||
      i.path[0] === 'j1' ||
      i.path[0] === 'j2' ||
      i.path[0] === 'k1' ||
      i.path[0] === 'k2' ||
      i.path[0] === 'k3' ||
      i.path[0] === 'k4' ||
      i.path[0] === 'l1'
        ? i.path[0]
        : 'base'
    ) as Metro2Issue['segment']
    const where = i.path.join('.')
    if (i.code === 'unrecognized_keys') {
      for (const key of i.keys) {
        const field = where ? `${where}.${key}` : key
        out.push(
          isConsumptionField(key)
            ? {
                segment,
                field,
                rule: 'jsonl.not_credit_data',
                severity: 'error',
                message: `"${field}" is not credit data: OpenBureau holds accounts, balances and repayment, never merchants, items, baskets, locations or contacts`,
              }
            : {
                segment,
                field,
                rule: 'jsonl.unknown_property',
                severity: 'error',
                message: `unknown property "${field}"`,
              },
        )
      }
    } else {
      out.push({
        segment,
        field: where,
        rule: 'jsonl.schema',
        severity: 'error',
        message: `${where || 'record'}: ${i.message}`,
      })
    }
  }
  return out
}

/** What the record carries beyond Metro 2, kept with the tradeline. National IDs are NOT here: never stored. */
function extraOf(r: JsonlRecord): Record<string, unknown> | null {
  const extra: Record<string, unknown> = {}
  if (r.funders) extra['funders'] = r.funders
  if (r.alternativePayment) extra['alternativePayment'] = r.alternativePayment.kind
  return Object.keys(extra).length > 0 ? extra : null
}

export interface NationalIdsOfRecord {
  base?: { type: string; value: string }
  j1: ({ type: string; value: string } | undefined)[]
  j2: ({ type: string; value: string } | undefined)[]
}

function toDataRecord(r: JsonlRecord): { record: DataRecord; nationalIds: NationalIdsOfRecord } {
  const {
    nationalId: baseId,
    blockDescriptorWord: _b,
    recordDescriptorWord: _r,
    processingIndicator: _p,
    timeStamp: _t,
    correctionIndicator: _c,
    ...base
  } = r.base
  const record: DataRecord = {
    base: {
      ...base,
      recordDescriptorWord: 0,
      processingIndicator: 1,
      timeStamp: null,
      correctionIndicator: 0,
    },
    j1: r.j1.map(({ nationalId: _n, ...j }) => ({ ...j, segmentIdentifier: 'J1' as const })),
    j2: r.j2.map(({ nationalId: _n, ...j }) => ({ ...j, segmentIdentifier: 'J2' as const })),
  }
  if (r.k1) record.k1 = { ...r.k1, segmentIdentifier: 'K1' }
  if (r.k2) record.k2 = { ...r.k2, segmentIdentifier: 'K2' }
  if (r.k3) record.k3 = { ...r.k3, segmentIdentifier: 'K3' }
  if (r.k4) record.k4 = { ...r.k4, segmentIdentifier: 'K4' }
  if (r.l1) record.l1 = { ...r.l1, segmentIdentifier: 'L1' }
  const nationalIds: NationalIdsOfRecord = {
    j1: r.j1.map((j) => j.nationalId),
    j2: r.j2.map((j) => j.nationalId),
  }
  if (baseId) nationalIds.base = baseId
  return { record, nationalIds }
}

function lineEvent(
  text: string,
  recordNo: number,
  position: { line: number; offset: number; length: number },
): FurnishedEvent {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    const message = `line ${position.line} is not JSON: ${(e as Error).message}`
    return {
      kind: 'unreadable',
      recordNo,
      position,
      issues: [{ segment: 'base', rule: 'jsonl.syntax', severity: 'error', message }],
    }
  }
  const parsed = jsonlRecordSchema.safeParse(json)
  if (!parsed.success) {
    const account = (json as { base?: { consumerAccountNumber?: unknown } } | null)?.base
      ?.consumerAccountNumber
    return {
      kind: 'unreadable',
      recordNo,
      position,
      issues: issuesOf(parsed.error),
      ...(typeof account === 'string' ? { account } : {}),
    }
  }
  const { record, nationalIds } = toDataRecord(parsed.data)
  return { kind: 'record', record, recordNo, position, issues: [], extra: extraOf(parsed.data), nationalIds }
}

/** A whole line over the limit is refused as a record; the file goes on. */
function tooLong(
  recordNo: number,
  position: { line: number; offset: number; length: number },
): FurnishedEvent {
  const message = `line ${position.line} is ${position.length} bytes, longer than ${MAX_LINE_BYTES}; refused`
  return {
    kind: 'unreadable',
    recordNo,
    position,
    issues: [{ segment: 'base', rule: 'jsonl.line_too_long', severity: 'error', message }],
  }
}

export async function* readJsonLines(source: AsyncIterable<Uint8Array>): AsyncGenerator<FurnishedEvent[]> {
  // The byte-order mark is kept in the text, so that byte offsets stay true, and dropped from the first line.
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })
  let carry = ''
  let carryStart = 0
  let offset = 0
  let line = 0
  let recordNo = 0
  const emit = (text: string, start: number, out: FurnishedEvent[]) => {
    line++
    const unmarked = line === 1 && text.startsWith('\uFEFF') ? text.slice(1) : text
    const trimmed = unmarked.endsWith('\r') ? unmarked.slice(0, -1) : unmarked
    if (trimmed.trim() === '') return
    const position = { line, offset: start, length: Buffer.byteLength(text) }
    recordNo++
    out.push(
      position.length > MAX_LINE_BYTES ? tooLong(recordNo, position) : lineEvent(trimmed, recordNo, position),
    )
  }
  for await (const chunk of source) {
    const out: FurnishedEvent[] = []
    const text = carry + decoder.decode(chunk, { stream: true })
    let from = 0
    for (let nl = text.indexOf('\n', from); nl !== -1; nl = text.indexOf('\n', from)) {
      const piece = text.slice(from, nl)
      emit(piece, carryStart, out)
      carryStart += Buffer.byteLength(piece) + 1
      from = nl + 1
    }
    carry = text.slice(from)
    offset += chunk.length
    // A line still open after 1 MiB: the file cannot be read on without holding the line whole.
    if (carry.length > MAX_LINE_BYTES) {
      throw new Metro2ReadError(
        `JSON Lines line ${line + 1} is longer than ${MAX_LINE_BYTES} bytes (the most a line may be)`,
        carryStart,
      )
    }
    if (out.length > 0) yield out
  }
  const out: FurnishedEvent[] = []
  carry += decoder.decode()
  if (carry.length > 0) emit(carry, carryStart, out)
  out.push({ kind: 'end', summary: { blockCount: 0, bytes: offset, records: recordNo } })
  yield out
}
