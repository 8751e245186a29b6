// Reads the native JSON Lines format into the same events as the Metro 2 reader. A line that is not JSON,
// or not a valid record, is an unreadable record with every problem named; the file goes on.
import type { DataRecord } from '../metro2/index.ts'
import { escapeControlCharacters } from '../platform/escaped-text.ts'
import { issuesOf, notJsonMessage } from './jsonl.issues.ts'
import { jsonlRecordSchema, type JsonlRecord } from './jsonl.model.ts'
import type { FurnishedEvent } from './furnished-file.ts'

const MAX_LINE_BYTES = 1 << 20

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
  if (r.l1) {
    const { balloonPaymentDueDate: moovName, ...l1 } = r.l1
    record.l1 = {
      ...l1,
      segmentIdentifier: 'L1',
      newIdentificationNumber: l1.newIdentificationNumber || (moovName ?? ''),
    }
  }
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
    const message = notJsonMessage(position.line, e)
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
      issues: issuesOf(parsed.error, json),
      // Stored with the batch and shown in `openbureau batch`: as sent, but no control character may reach a
      // terminal (an ESC sequence could clear it or forge a line), nor a lone surrogate the database.
      ...(typeof account === 'string' ? { account: escapeControlCharacters(account) } : {}),
    }
  }
  const { record, nationalIds } = toDataRecord(parsed.data)
  return { kind: 'record', record, recordNo, position, issues: [], extra: extraOf(parsed.data), nationalIds }
}

/** A line refused before it is parsed (too long, not UTF-8) is an unreadable record; the file goes on. */
function refused(
  rule: string,
  message: string,
  recordNo: number,
  position: { line: number; offset: number; length: number },
): FurnishedEvent {
  return {
    kind: 'unreadable',
    recordNo,
    position,
    issues: [{ segment: 'base', rule, severity: 'error', message }],
  }
}

/** Where in the line the first byte that is not UTF-8 is; only looked for once a strict decoding has failed. */
function badByteAt(bytes: Uint8Array): number {
  let at = 0
  for (const ch of new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)) {
    // A U+FFFD that the line really holds is EF BF BD; any other stands for the bad byte.
    if (ch === '\uFFFD' && !(bytes[at] === 0xef && bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd))
      return at
    at += Buffer.byteLength(ch)
  }
  return at
}

// Lines are cut on bytes and decoded only whole, so that the same bytes give the same events however they are
// chunked: a line over the limit is refused as a record and the rest of it skipped, never held (memory stays at
// one line's limit), and a byte that is not UTF-8 refuses its line instead of becoming U+FFFD.
export async function* readJsonLines(
  source: AsyncIterable<Uint8Array>,
  maxLineBytes = MAX_LINE_BYTES, // lowered only by tests, to chunk an over-long line byte by byte
): AsyncGenerator<FurnishedEvent[]> {
  // The byte-order mark is kept in the bytes, so that byte offsets stay true, and dropped from the first line.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
  let held = new Uint8Array(64 * 1024)
  let heldBytes = 0
  let length = 0
  let start = 0
  let offset = 0
  let line = 0
  let recordNo = 0
  const hold = (piece: Uint8Array) => {
    length += piece.length
    if (length > maxLineBytes) return
    if (heldBytes + piece.length > held.length) {
      const grown = new Uint8Array(Math.max(held.length * 2, heldBytes + piece.length))
      grown.set(held.subarray(0, heldBytes))
      held = grown
    }
    held.set(piece, heldBytes)
    heldBytes += piece.length
  }
  const emit = (bytes: Uint8Array, out: FurnishedEvent[]) => {
    line++
    const position = { line, offset: start, length }
    start += length + 1
    length = 0
    heldBytes = 0
    if (position.length > maxLineBytes) {
      const message = `line ${position.line} is ${position.length} bytes, longer than ${maxLineBytes}; refused`
      out.push(refused('jsonl.line_too_long', message, ++recordNo, position))
      return
    }
    let text: string
    try {
      text = decoder.decode(bytes)
    } catch {
      const at = position.offset + badByteAt(bytes)
      const message = `line ${position.line} is not UTF-8: an invalid byte sequence at byte offset ${at}; refused`
      out.push(refused('jsonl.not_utf8', message, ++recordNo, position))
      return
    }
    if (line === 1 && text.startsWith('\uFEFF')) text = text.slice(1)
    if (text.endsWith('\r')) text = text.slice(0, -1)
    if (text.trim() === '') return
    out.push(lineEvent(text, ++recordNo, position))
  }
  for await (const chunk of source) {
    offset += chunk.length
    const out: FurnishedEvent[] = []
    let from = 0
    for (let nl = chunk.indexOf(0x0a, from); nl !== -1; nl = chunk.indexOf(0x0a, from)) {
      const piece = chunk.subarray(from, nl)
      // A line whole within the chunk is decoded where it lies; one begun in an earlier chunk is held.
      if (heldBytes === 0 && length === 0) {
        length = piece.length
        emit(piece, out)
      } else {
        hold(piece)
        emit(held.subarray(0, heldBytes), out)
      }
      from = nl + 1
    }
    hold(chunk.subarray(from))
    if (out.length > 0) yield out
  }
  const out: FurnishedEvent[] = []
  if (length > 0) emit(held.subarray(0, heldBytes), out)
  out.push({ kind: 'end', summary: { blockCount: 0, bytes: offset, records: recordNo } })
  yield out
}
