// A furnished file is Metro 2 or the native JSON Lines format; both become the same stream of events, so
// that one validation and one ingestion serve both. The first non-blank byte decides: `{` is JSON Lines.
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

async function* prepend(first: Uint8Array, rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield first
  for (;;) {
    const n = await rest.next()
    if (n.done) return
    yield n.value
  }
}

export async function* readFurnishedFile(
  source: AsyncIterable<Uint8Array>,
  onFormat?: (f: FurnishedFormat) => void,
): AsyncGenerator<FurnishedEvent[]> {
  const it = source[Symbol.asyncIterator]()
  let first: Uint8Array | undefined
  while (first === undefined) {
    const n = await it.next()
    if (n.done) break
    if (n.value.length > 0) first = n.value
  }
  const body = first === undefined ? (async function* () {})() : prepend(first, it)
  // A UTF-8 byte-order mark (EF BB BF), which some editors write first, says nothing about the format.
  let k = first !== undefined && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf ? 3 : 0
  while (
    first !== undefined &&
    k < first.length &&
    (first[k] === 0x20 || first[k] === 0x0a || first[k] === 0x0d || first[k] === 0x09)
  )
    k++
  // A JSON array is the furnisher's most likely slip: told so, not that it lacks a Metro 2 descriptor word.
  const array = first !== undefined && first[k] === 0x5b
  const format: FurnishedFormat = first !== undefined && (first[k] === 0x7b || array) ? 'jsonl' : 'metro2'
  onFormat?.(format)
  if (array)
    throw new Metro2ReadError(
      'a JSON array is not JSON Lines: the file must hold one JSON object per line, each line starting with "{"',
      k,
    )
  yield* format === 'jsonl' ? readJsonLines(body) : readMetro2(body)
}
