// readMetro2: the push parser over any byte source (a file stream, an HTTP upload, an array of chunks), one
// batch of events per input chunk. Memory stays bounded by one chunk plus one record, whatever the file size.
import type { ReadEvent } from './metro2.model.ts'
import { Metro2Parser } from './parser.ts'

export async function* readMetro2(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncGenerator<ReadEvent[]> {
  const parser = new Metro2Parser()
  for await (const chunk of source) yield parser.push(chunk)
  yield parser.end()
}
