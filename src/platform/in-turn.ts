// The connection helpers of db.ts: statements in the order they were sent, and COPY rows in large writes.
/**
 * Bulk work sends a statement before the one ahead of it has finished (a lookup behind a queued COPY): the
 * connection runs them one at a time, in the order they were sent, whether the one before failed or not.
 */
export function statementsInTurn(): <T>(run: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(run: () => Promise<T>): Promise<T> => {
    const result = tail.then(run, run)
    tail = result.catch(() => {})
    return result
  }
}

/** Joins rendered lines into ~256 KB pieces: one socket write per piece instead of one per row. */
export async function* batched(lines: Iterable<string> | AsyncIterable<string>): AsyncGenerator<string> {
  let piece = ''
  for await (const line of lines) {
    piece += line
    if (piece.length >= 1 << 18) {
      yield piece
      piece = ''
    }
  }
  if (piece.length > 0) yield piece
}
