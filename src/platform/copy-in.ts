// Several COPY ... FROM STDIN in one simple Query, their data sent behind it at once, over node-postgres.
//
// Bulk loads write a handful of tables per chunk. Each COPY through a stream costs two round trips (the
// statement, then the server's CopyInResponse before the first row; the CommandComplete before the next
// statement), and each of them waits for this process's event loop, which a bulk load keeps busy: the server sat
// idle between the statements of a chunk. Here the statements go out as one Query message, and every table's
// rows follow it without waiting for an answer, so the server reads one unbroken stream.
//
// The protocol allows it (PostgreSQL docs, "Frontend/Backend Protocol", §55.2.2 "Simple Query" and §55.2.6
// "COPY Operations"): a Query string may hold several statements, each COPY FROM STDIN reads its CopyData up to
// its CopyDone, and the next statement starts after it. When one fails the rest of the Query is skipped and "any
// subsequent CopyData, CopyDone, or CopyFail messages issued by the frontend will simply be dropped", so a
// failure leaves nothing of the later tables and no stray bytes on the connection.
import type pg from 'pg'
import { isTextRows, type CopyPart } from './db.ts'
import { batched } from './in-turn.ts'

/** The part of node-postgres's connection this writes to (not in its type declarations). */
interface WireConnection {
  stream: { write(b: Uint8Array): boolean; cork?: () => void; uncork?: () => void }
}

const COPY_DATA = 0x64
const COPY_DONE = Buffer.from([0x63, 0, 0, 0, 4])
const QUERY = 0x51

function header(type: number, payloadBytes: number): Buffer {
  const h = Buffer.allocUnsafe(5)
  h[0] = type
  h.writeInt32BE(payloadBytes + 4, 1)
  return h
}

function query(text: string): Buffer {
  const body = Buffer.from(`${text}\0`, 'utf8')
  return Buffer.concat([header(QUERY, body.length), body])
}

/** The statement that loads `parts`: one COPY per part, in order. */
export const copyStatements = (parts: readonly CopyPart[]): string =>
  parts.map((p) => `copy ${p.target} from stdin`).join(';\n')

/** A node-postgres submittable: pass it to `client.query()`, then await `done`. */
export class CopyIn {
  private settle: { resolve: () => void; reject: (e: unknown) => void } | undefined
  readonly done: Promise<void>

  constructor(private readonly parts: readonly CopyPart[]) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }))
  }

  submit(connection: WireConnection): null {
    const out = connection.stream
    out.cork?.()
    try {
      out.write(query(copyStatements(this.parts)))
      for (const part of this.parts) {
        const pieces = isTextRows(part.rows) ? [...batched(part.rows)].map((s) => Buffer.from(s)) : part.rows
        for (const piece of pieces) {
          if (piece.byteLength === 0) continue
          out.write(header(COPY_DATA, piece.byteLength))
          out.write(piece)
        }
        out.write(COPY_DONE)
      }
    } finally {
      out.uncork?.()
    }
    return null
  }

  handleCopyInResponse(): void {}
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
  // node-postgres ends the query at an ErrorResponse: the ReadyForQuery after it never reaches this object.
  handleError(error: unknown): void {
    this.settle?.reject(error)
    this.settle = undefined
  }
  handleReadyForQuery(): void {
    this.settle?.resolve()
    this.settle = undefined
  }
}

/** Loads `parts` on `client`, one COPY each, in one Query: on failure none of the later parts is loaded. */
export function copyIn(client: pg.PoolClient, parts: readonly CopyPart[]): Promise<void> {
  const c = new CopyIn(parts)
  // The client takes any object with submit() as a query (node-postgres's extension point, as pipeline.ts uses).
  void client.query(c as unknown as pg.QueryConfig)
  return c.done
}
