// A furnished file is Metro 2 or the native JSON Lines format; both become the same stream of events, so
// that one validation and one ingestion serve both. The first non-blank byte decides: `{` is JSON Lines.
// Blank lines before it are looked past however the file is chunked, up to MAX_LEADING_BLANK_BYTES.
import { Metro2ReadError, readMetro2, type Metro2Issue, type ReadEvent } from '../metro2/index.ts'
import { readJsonLines, type NationalIdsOfRecord } from './jsonl.ts'

export type FurnishedFormat = 'metro2' | 'jsonl'

/** A Metro 2 read event; a JSON Lines record also carries what Metro 2 cannot (funders, payment category). */
export type FurnishedEvent =
  | (Exclude<ReadEvent, { kind: 'end' }> & {
      extra?: Record<string, unknown> | null
      nationalIds?: NationalIdsOfRecord
    })
  | { kind: 'end'; summary: { blockCount: number; bytes: number; records: number }; issues?: Metro2Issue[] }

/** The chunks already read, then the rest of the source. */
async function* replay(held: Uint8Array[], rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* held
  for (;;) {
    const n = await rest.next()
    if (n.done) return
    yield n.value
  }
}

// A UTF-8 byte-order mark (EF BB BF), which some editors write first, says nothing about the format.
const BOM = [0xef, 0xbb, 0xbf]
const isBlank = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09
/** How far blank lines and spaces before the first record are looked past, and held, to tell the format. */
export const MAX_LEADING_BLANK_BYTES = 4 * 1024 * 1024

/**
 * The first byte that is neither blank nor the byte-order mark, and its offset, looked for across chunks: a
 * JSON Lines file after 70,000 blank lines, which a pipe gives in 64 KiB chunks, is still JSON Lines.
 */
async function firstByte(
  it: AsyncIterator<Uint8Array>,
  held: Uint8Array[],
): Promise<{ byte: number; at: number } | undefined> {
  let offset = 0
  let bom = 0
  for (;;) {
    const n = await it.next()
    if (n.done) return undefined
    held.push(n.value)
    for (const b of n.value) {
      if (offset < BOM.length && offset === bom && b === BOM[offset]) {
        bom++
        offset++
        continue
      }
      if (bom > 0 && bom < BOM.length) return { byte: BOM[0]!, at: 0 } // a part of the mark is no mark
      if (!isBlank(b)) return { byte: b, at: offset }
      if (++offset > MAX_LEADING_BLANK_BYTES)
        throw new Metro2ReadError(
          `the file starts with more than ${MAX_LEADING_BLANK_BYTES / 1024 / 1024} MiB of blank lines and spaces: ` +
            'neither a Metro 2 record nor a JSON Lines one was found; remove them and send it again',
          offset - 1,
        )
    }
  }
}

export async function* readFurnishedFile(
  source: AsyncIterable<Uint8Array>,
  onFormat?: (f: FurnishedFormat) => void,
): AsyncGenerator<FurnishedEvent[]> {
  const it = source[Symbol.asyncIterator]()
  const held: Uint8Array[] = []
  const first = await firstByte(it, held)
  const body = replay(held, it)
  // A JSON array is the furnisher's most likely slip: told so, not that it lacks a Metro 2 descriptor word.
  const array = first?.byte === 0x5b
  const format: FurnishedFormat = first?.byte === 0x7b || array ? 'jsonl' : 'metro2'
  onFormat?.(format)
  if (array)
    throw new Metro2ReadError(
      'a JSON array is not JSON Lines: the file must hold one JSON object per line, each line starting with "{"',
      first.at,
    )
  yield* format === 'jsonl' ? readJsonLines(body) : readMetro2(body)
}
