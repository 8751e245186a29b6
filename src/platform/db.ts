// One database API over two engines (DESIGN.md "Storage"): PGlite in process by default (pglite-db.ts), a
// PostgreSQL server when DATABASE_URL is set (postgres-db.ts); open-db.ts picks one. Kysely for queries; COPY for
// bulk, inside the same transaction.
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely'
import { closableConn } from './closable-conn.ts'
import { beginWithFirstStatement } from './lazy-begin.ts'
import type { Listen } from './notifications.ts'
import type { PipelineResult } from './pipeline.ts'
import { kyselyOverReads, sharedBatches, type SharedBatchesOptions } from './shared-batches.ts'

export type DbKind = 'pglite' | 'pg'

/** A connection as both engines offer it: parameterised queries and COPY ... FROM STDIN. */
/** Rows in COPY text format: one string per line (copyLine), or pieces of bytes (CopyBuffer.take). */
export type CopyRows = readonly string[] | readonly Uint8Array<ArrayBuffer>[]

/** One table's rows for a COPY: `table (col, ...)` and the rows rendered in COPY text format. */
export interface CopyPart {
  target: string
  rows: CopyRows
}

export const isTextRows = (rows: CopyRows): rows is readonly string[] =>
  rows.length === 0 || typeof rows[0] === 'string'

export interface RawConnection {
  query<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }>
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>
  /**
   * COPYs into one or several tables, in order, as one statement: on failure none of the later parts is loaded.
   * Each part's target is `table (col, ...)`; its rows are already rendered in COPY text format (see copy.ts).
   */
  copyAll(parts: readonly CopyPart[]): Promise<void>
  /** Runs `statements` in one round trip and one transaction: all are applied, or none (pipeline.ts). */
  pipeline(statements: readonly CompiledQuery[]): Promise<PipelineResult[]>
}

export interface Lease {
  conn: RawConnection
  release: () => void
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type AnyKysely = Kysely<{}>

/** A transaction with raw access, for the work that COPY makes fast. */
export interface Tx {
  readonly kysely: AnyKysely
  readonly raw: RawConnection
}

export interface Db {
  readonly kind: DbKind
  readonly kysely: AnyKysely
  /** Runs `fn` in one transaction on one connection; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>
  /** Runs independent statements in one round trip and one transaction: all are applied, or none. */
  batch(statements: readonly CompiledQuery[]): Promise<PipelineResult[]>
  /**
   * As `batch`, all applied or none, but on a server concurrent callers' batches share one round trip and one
   * transaction (shared-batches.ts): when that fails, each runs again alone. For the hot path's statements,
   * which must not rely on running alone (they see the writes of the batches ahead of them in the pipeline).
   */
  sharedBatch(statements: readonly CompiledQuery[]): Promise<PipelineResult[]>
  /** A Kysely over `sharedBatch`, for single read-only queries on a hot path. */
  readonly reads: AnyKysely
  /** LISTEN on a channel of this database (notifications.ts). */
  readonly listen: Listen
  close(): Promise<void>
}

// DATE stays a 'YYYY-MM-DD' string (a JS Date would shift it by the time zone); int8 and numeric become
// numbers: amounts are whole currency units under 10^9 and counts are far below 2^53.
export const DATE_OID = 1082
export const INT8_OID = 20
export const NUMERIC_OID = 1700

class KyselyConnection implements DatabaseConnection {
  constructor(readonly raw: RawConnection) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.raw.query<R>(query.sql, query.parameters)
    const command = /^\s*(\w+)/.exec(query.sql)?.[1]?.toLowerCase()
    const writes = command === 'insert' || command === 'update' || command === 'delete' || command === 'merge'
    return writes ? { rows: result.rows, numAffectedRows: BigInt(result.rowCount) } : { rows: result.rows }
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not used in OpenBureau')
  }
}

class LeaseDriver implements Driver {
  private readonly leases = new WeakMap<DatabaseConnection, () => void>()
  constructor(private readonly lease: () => Promise<Lease>) {}
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    const { conn, release } = await this.lease()
    const connection = new KyselyConnection(conn)
    this.leases.set(connection, release)
    return connection
  }
  async beginTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('begin'))
  }
  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('commit'))
  }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('rollback'))
  }
  async releaseConnection(c: DatabaseConnection): Promise<void> {
    this.leases.get(c)?.()
    this.leases.delete(c)
  }
  async destroy(): Promise<void> {}
}

function kyselyOver(lease: () => Promise<Lease>): AnyKysely {
  const dialect: Dialect = {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new LeaseDriver(lease),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  }
  return new Kysely({ dialect })
}

export function makeDb(
  kind: DbKind,
  lease: () => Promise<Lease>,
  end: () => Promise<void>,
  listen: Listen,
  shared?: SharedBatchesOptions,
): Db {
  const kysely = kyselyOver(lease)
  const batch = async (statements: readonly CompiledQuery[]) => {
    const { conn, release } = await lease()
    try {
      return await conn.pipeline(statements)
    } finally {
      release()
    }
  }
  // In process a round trip is a call: nothing to share.
  const sharedBatch = shared === undefined ? batch : sharedBatches(batch, shared)
  return {
    kind,
    kysely,
    sharedBatch,
    reads: kyselyOverReads(sharedBatch),
    listen,
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const leased = await lease()
      // What the transaction's work is given stops at its end (closable-conn.ts); BEGIN, COMMIT and ROLLBACK go
      // to the leased connection itself.
      const lent = closableConn(leased.conn)
      // In process a round trip is a call; PGlite's own pipeline runs its statements in a transaction of its own.
      const tx = kind === 'pg' ? beginWithFirstStatement(lent.conn) : { conn: lent.conn, begun: () => true }
      const conn = tx.conn
      // A Kysely bound to the one leased connection, so queries and COPY share the transaction.
      const pinned = kyselyOver(async () => ({ conn, release: () => {} }))
      try {
        if (kind !== 'pg') await leased.conn.query('begin')
        try {
          const result = await fn({ kysely: pinned, raw: conn })
          lent.close()
          if (tx.begun()) await leased.conn.query('commit')
          return result
        } catch (e) {
          lent.close()
          if (tx.begun()) await leased.conn.query('rollback').catch(() => {})
          throw e
        }
      } finally {
        lent.close()
        leased.release()
      }
    },
    batch,
    // Kysely destroys its driver only if it ever opened a connection; the pool or PGlite must end regardless.
    close: async () => {
      await kysely.destroy()
      await end()
    },
  }
}
