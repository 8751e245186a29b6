// Test support: the cfpb/Metro2 sample files of the shared data folder, read with the codec, and the same files
// re-written by the codec (which adds a trailer counted from the records) with trailer totals edited.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readMetro2, TRAILER_LAYOUT, writeMetro2 } from '../../metro2/index.ts'
import { sharedDataDir } from '../../platform/shared-data.ts'
import type { DataRecord, HeaderRecord } from '../../metro2/index.ts'
import type { TrailerTotalField } from './trailer-totals.ts'

export const CFPB_DIR = join(sharedDataDir(), 'metro2', 'cfpb')

export const cfpbPath = (name: string): string => join(CFPB_DIR, name)

export const cfpbBytes = (name: string): Buffer => readFileSync(cfpbPath(name))

export async function readRecords(
  bytes: Uint8Array,
): Promise<{ header?: HeaderRecord; records: DataRecord[] }> {
  let header: HeaderRecord | undefined
  const records: DataRecord[] = []
  for await (const batch of readMetro2([bytes])) {
    for (const e of batch) {
      if (e.kind === 'header') header = e.header
      if (e.kind === 'record') records.push(e.record)
    }
  }
  return header ? { header, records } : { records }
}

/** The cfpb file as the codec writes it back: same header and records (fixed length), a correct trailer. */
export async function withTrailer(name: string): Promise<Buffer> {
  const { header, records } = await readRecords(cfpbBytes(name))
  return Buffer.from(
    writeMetro2(header ? { header, data: records } : { data: records }, {
      format: 'fixed',
      lineBreaks: true,
    }),
  )
}

/** A copy of a line-framed file whose last record (the trailer) declares other totals. */
export function editTrailer(file: Buffer, totals: Partial<Record<TrailerTotalField, number>>): Buffer {
  const out = Buffer.from(file)
  const start = out.lastIndexOf(10, out.length - 2) + 1
  for (const [name, value] of Object.entries(totals)) {
    const spec = TRAILER_LAYOUT.find((s) => s.name === name)
    if (!spec) throw new Error(`no trailer field ${name}`)
    out.write(String(value).padStart(spec.length, '0'), start + spec.start, 'latin1')
  }
  return out
}
