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

const PIECE_CHARS = 1 << 18

/** Joins rendered lines into ~256 KB pieces: one socket write per piece instead of one per row. */
export function* batched(lines: readonly string[]): Generator<string> {
  let piece: string[] = []
  let chars = 0
  for (const line of lines) {
    piece.push(line)
    chars += line.length
    if (chars >= PIECE_CHARS) {
      yield piece.join('')
      piece = []
      chars = 0
    }
  }
  if (piece.length > 0) yield piece.join('')
}
