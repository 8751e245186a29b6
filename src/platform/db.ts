// One database API over two engines (DESIGN.md "Storage"): PGlite in process by default, a PostgreSQL
// server when DATABASE_URL is set. Kysely for queries; COPY for bulk, inside the same transaction.
import { mkdirSync } from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { PGlite } from '@electric-sql/pglite'
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
import pg from 'pg'
import { from as copyFromStream } from 'pg-copy-streams'
import { lockDataDir } from './data-dir-lock.ts'
import { beginWithFirstStatement } from './lazy-begin.ts'
import { Mutex } from './mutex.ts'
import { runPipelined, type PipelineResult } from './pipeline.ts'
import { kyselyOverReads, sharedBatches, type SharedBatchesOptions } from './shared-batches.ts'
import { batched, statementsInTurn } from './in-turn.ts'
import { checkChannel, listenOnServer, type Listen } from './notifications.ts'
import { StatementNames } from './statement-names.ts'

export type DbKind = 'pglite' | 'pg'

/** A connection as both engines offer it: parameterised queries and COPY ... FROM STDIN. */
export interface RawConnection {
  query<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number }>
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>
  /** `table (col, ...)`; `lines` are rows already rendered in COPY text format (see copy.ts). */
  copyFrom(target: string, lines: readonly string[]): Promise<void>
  /** Runs `statements` in one round trip and one transaction: all are applied, or none (pipeline.ts). */
  pipeline(statements: readonly CompiledQuery[]): Promise<PipelineResult[]>
}

interface Lease {
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
const DATE_OID = 1082
const INT8_OID = 20
const NUMERIC_OID = 1700

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

function makeDb(
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
      // In process a round trip is a call; PGlite's own pipeline runs its statements in a transaction of its own.
      const tx =
        kind === 'pg' ? beginWithFirstStatement(leased.conn) : { conn: leased.conn, begun: () => true }
      const conn = tx.conn
      // A Kysely bound to the one leased connection, so queries and COPY share the transaction.
      const pinned = kyselyOver(async () => ({ conn, release: () => {} }))
      try {
        if (kind !== 'pg') await conn.query('begin')
        try {
          const result = await fn({ kysely: pinned, raw: conn })
          if (tx.begun()) await conn.query('commit')
          return result
        } catch (e) {
          if (tx.begun()) await conn.query('rollback').catch(() => {})
          throw e
        }
      } finally {
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

export async function openPglite(dataDir: string | undefined): Promise<Db> {
  let unlock = () => {}
  if (dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true })
    unlock = lockDataDir(dataDir)
  }
  const parsers = { [DATE_OID]: (s: string) => s, [INT8_OID]: Number, [NUMERIC_OID]: Number }
  let lite: PGlite
  try {
    lite = await PGlite.create(dataDir === undefined ? { parsers } : { dataDir, parsers })
  } catch (e) {
    unlock()
    throw e
  }
  const mutex = new Mutex()
  const inTurn = statementsInTurn()
  const conn: RawConnection = {
    query<R>(sql: string, params?: readonly unknown[]) {
      return inTurn(async () => {
        const r =
          params && params.length > 0
            ? await lite.query<R>(sql, params as unknown[])
            : await lite.query<R>(sql)
        return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length }
      })
    },
    exec(sql) {
      return inTurn(async () => void (await lite.exec(sql)))
    },
    copyFrom(target, lines) {
      return inTurn(async () => {
        await lite.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob([...lines]) })
      })
    },
    // In process there is no round trip to save: the statements run in turn inside one transaction.
    pipeline(statements) {
      return inTurn(() =>
        lite.transaction(async (t) => {
          const results: PipelineResult[] = []
          for (const s of statements) {
            const r = await t.query<Record<string, unknown>>(s.sql, [...s.parameters])
            results.push({ rows: r.rows, rowCount: r.affectedRows ?? r.rows.length })
          }
          return results
        }),
      )
    },
  }
  const lease = async (): Promise<Lease> => ({ conn, release: await mutex.acquire() })
  // One session serves everything in process: LISTEN waits for its turn, lest it run inside (and be rolled back
  // with) another caller's transaction. Nothing can break the session short of closing it.
  const listen: Listen = async (channel, { onNotify }) => {
    const stop = await mutex.run(() => lite.listen(checkChannel(channel), onNotify))
    return { stop: () => mutex.run(() => stop()) }
  }
  return makeDb(
    'pglite',
    lease,
    () =>
      mutex.run(async () => {
        await lite.close()
        unlock()
      }),
    listen,
  )
}

export async function openPostgres(
  url: string,
  poolSize = 10,
  onIdleError: (error: Error) => void = () => {},
): Promise<Db> {
  pg.types.setTypeParser(DATE_OID, (s) => s)
  pg.types.setTypeParser(INT8_OID, Number)
  pg.types.setTypeParser(NUMERIC_OID, Number)
  const pool = new pg.Pool({ connectionString: url, max: poolSize })
  // A pooled connection that the server ends while idle (a restart, an administrator, a dropped database) is
  // reported here; node-postgres discards it and the next lease opens another. Without a listener, that 'error'
  // event would end the process (node-postgres, "Pool": events).
  pool.on('error', onIdleError)
  // Fail at start-up with the server's own message, not at the first query.
  const probe = await pool.connect()
  probe.release()
  const names = new StatementNames()
  const lease = async (): Promise<Lease> => {
    const client = await pool.connect()
    const inTurn = statementsInTurn()
    const conn: RawConnection = {
      query<R>(sql: string, params?: readonly unknown[]) {
        const name = params !== undefined && params.length > 0 ? names.nameOf(sql) : undefined
        return inTurn(async () => {
          const r =
            name === undefined
              ? await client.query(sql, params as unknown[] | undefined)
              : await client.query({ name, text: sql, values: params as unknown[] })
          return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length }
        })
      },
      exec(sql) {
        return inTurn(async () => void (await client.query(sql)))
      },
      copyFrom(target, lines) {
        return inTurn(async () => {
          const sink = client.query(copyFromStream(`copy ${target} from stdin`))
          await pipeline(Readable.from(batched(lines)), sink)
        })
      },
      pipeline(statements) {
        const named = statements.map((s) => ({
          text: s.sql,
          values: s.parameters,
          name: s.parameters.length > 0 ? names.nameOf(s.sql) : undefined,
        }))
        return inTurn(() => runPipelined(client, named))
      },
    }
    return { conn, release: () => client.release() }
  }
  // At most half the pool: the other half stays free for transactions, so that a shared write waiting for a
  // transaction's row lock cannot hold every connection that transaction may still need. 2, 4 and 8 lanes on a
  // pool of 10 measured alike (bench/steps/http.ts).
  return makeDb('pg', lease, () => pool.end(), listenOnServer(url), {
    lanes: Math.max(1, Math.min(4, Math.floor(poolSize / 2))),
  })
}

export interface DbSettings {
  databaseUrl?: string | undefined
  dataDir?: string | undefined
  poolSize?: number | undefined
  /** Told of a server's pooled connection that failed while idle (it is replaced). */
  onIdleError?: ((error: Error) => void) | undefined
}

export function openDb(settings: DbSettings): Promise<Db> {
  return settings.databaseUrl !== undefined
    ? openPostgres(settings.databaseUrl, settings.poolSize, settings.onIdleError)
    : openPglite(settings.dataDir)
}
