// Several parameterised statements in one round trip and one transaction, over node-postgres. On the lender
// report's path every round trip costs more than the statement it carries (the kernel's send and the wake-up of
// the other process: a third of the server's CPU went to writev), so the reads of a report go out together and
// so do its writes.
//
// The PostgreSQL protocol allows it (§55.2.3 "Extended Query", §55.2.4 "Pipelining"): Parse/Bind/Describe/
// Execute for each statement, then one Sync. Until that Sync the statements run in one implicit transaction:
// when one fails the server skips the rest, and the Sync rolls all of them back. node-postgres has no such
// call, but takes any object with submit() and the handle* callbacks as a query (its documented extension
// point, the one pg-cursor and pg-query-stream use): this is one.
import pg from 'pg'
import { ShapedResult } from './row-shapes.ts'

export interface PipelineStatement {
  text: string
  values: readonly unknown[]
  /** A prepared statement's name, once the text is seen often (statement-names.ts); unnamed otherwise. */
  name?: string | undefined
}

export interface PipelineResult {
  rows: Record<string, unknown>[]
  rowCount: number
}

/** The parts of node-postgres's connection a submittable writes to (not in its type declarations). */
interface WireConnection {
  parsedStatements: Record<string, string>
  stream: { cork?: () => void; uncork?: () => void }
  parse(m: { text: string; name?: string | undefined }): void
  bind(m: { statement?: string | undefined; values: readonly unknown[]; valueMapper: unknown }): void
  describe(m: { type: 'P'; name: string }): void
  execute(m: { rows?: number }): void
  sync(): void
}

interface RowMessage {
  fields: unknown[]
}

interface ResultParts {
  rows: Record<string, unknown>[]
  rowCount: number | null
  addFields(fields: unknown[]): void
  parseRow(fields: unknown[]): Record<string, unknown>
  addRow(row: Record<string, unknown>): void
  addCommandComplete(msg: unknown): void
}

const FAILED_AT = Symbol('failed statement')

/** Marks `error` as raised by the statement at `index` of a batch (either engine's pipeline); undefined: by none. */
export function markFailedStatement(error: unknown, index: number | undefined): unknown {
  if (typeof error === 'object' && error !== null)
    Object.defineProperty(error, FAILED_AT, { value: index, configurable: true, writable: true })
  return error
}

/**
 * Which statement of a batch raised `error`: its index, or undefined when no one statement did (a broken
 * connection, a failure while reading rows). The statements before it had run, and the batch was rolled back.
 */
export function failedStatement(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const index = (error as { [FAILED_AT]?: unknown })[FAILED_AT]
  return typeof index === 'number' ? index : undefined
}

const prepareValue = (pg as unknown as { utils: { prepareValue: unknown } }).utils.prepareValue
const ResultClass = ShapedResult as unknown as new (statement: string) => ResultParts

/** A node-postgres submittable that runs `statements` behind one Sync. Pass it to `client.query()`. */
export class PipelinedStatements {
  readonly results: ResultParts[] = []
  private current = 0
  private failure: unknown
  private settle: { resolve: (r: PipelineResult[]) => void; reject: (e: unknown) => void } | undefined
  readonly done: Promise<PipelineResult[]>

  constructor(readonly statements: readonly PipelineStatement[]) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }))
  }

  // The client records a named statement as parsed when its ParseComplete arrives, under the active query's
  // name and text: these say which statement of the pipeline the server is answering now.
  get name(): string | undefined {
    return this.statements[this.current]?.name
  }
  get text(): string | undefined {
    return this.statements[this.current]?.text
  }

  submit(connection: WireConnection): null {
    connection.stream.cork?.()
    try {
      const parsing = new Set<string>()
      for (const s of this.statements) {
        // A name is parsed once per connection; twice in one pipeline would be "already exists".
        if (
          s.name === undefined ||
          (connection.parsedStatements[s.name] !== s.text && !parsing.has(s.name))
        ) {
          connection.parse({ text: s.text, name: s.name })
          if (s.name !== undefined) parsing.add(s.name)
        }
        connection.bind({ statement: s.name, values: s.values, valueMapper: prepareValue })
        connection.describe({ type: 'P', name: '' })
        connection.execute({})
      }
      connection.sync()
    } finally {
      connection.stream.uncork?.()
    }
    return null
  }

  private result(): ResultParts {
    let r = this.results[this.current]
    if (r === undefined) {
      r = new ResultClass(this.statements[this.current]?.text ?? '')
      this.results[this.current] = r
    }
    return r
  }

  handleRowDescription(msg: RowMessage): void {
    this.result().addFields(msg.fields)
  }
  handleDataRow(msg: RowMessage): void {
    if (this.failure !== undefined) return
    try {
      const r = this.result()
      r.addRow(r.parseRow(msg.fields))
    } catch (e) {
      this.failure = e
    }
  }
  handleCommandComplete(msg: unknown): void {
    this.result().addCommandComplete(msg)
    this.current++
  }
  handleEmptyQuery(): void {
    this.result()
    this.current++
  }
  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {}
  handleCopyData(): void {}
  handleError(error: unknown): void {
    this.settle?.reject(this.failure ?? markFailedStatement(error, this.current))
    this.settle = undefined
  }
  handleReadyForQuery(): void {
    if (this.settle === undefined) return
    if (this.failure !== undefined) this.settle.reject(this.failure)
    else
      this.settle.resolve(
        this.statements.map((_, i) => {
          const r = this.results[i]
          return { rows: r?.rows ?? [], rowCount: r?.rowCount ?? r?.rows.length ?? 0 }
        }),
      )
    this.settle = undefined
  }
}

/** Runs `statements` on `client` in one round trip and one transaction: all succeed, or none is applied. */
export function runPipelined(client: pg.PoolClient, statements: readonly PipelineStatement[]) {
  const p = new PipelinedStatements(statements)
  void client.query(p as unknown as pg.QueryConfig)
  return p.done
}
