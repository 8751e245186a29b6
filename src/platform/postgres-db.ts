// The server engine: a pool of node-postgres connections, statements named once seen often, pipelines for
// batches and COPY FROM STDIN for bulk.
import pg from 'pg'
import { AppError } from './errors.ts'
import { errnoReason } from './errno-reason.ts'
import { copyIn } from './copy-in.ts'
import { DATE_OID, INT8_OID, makeDb, NUMERIC_OID, type Db, type Lease, type RawConnection } from './db.ts'
import { statementsInTurn } from './in-turn.ts'
import { listenOnServer } from './notifications.ts'
import { runPipelined } from './pipeline.ts'
import { StatementNames } from './statement-names.ts'

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
  // Fail at start-up with the server's own message, not at the first query: one line naming the server (never
  // its password), since a wrong or unreachable server is a setting to mend, not an unexpected error.
  // Through a promise: the driver throws at once, not through it, on a URL it cannot read.
  const probe = await Promise.resolve()
    .then(() => pool.connect())
    .catch(async (e: unknown) => {
      await pool.end().catch(() => {})
      throw new AppError(
        'invalid_input',
        `cannot connect to the database at ${serverOf(url)}: ${connectReason(e)}`,
      )
    })
  probe.release()
  const names = new StatementNames()
  const lease = async (): Promise<Lease> => {
    const client = await pool.connect()
    // A leased connection that the server ends between two statements of ours emits 'error' on the client, which
    // the pool listens to only while the connection is idle: it is reported here instead of ending the process,
    // the statements still to come on it fail, and at release the pool discards it rather than lending it again.
    let broken: Error | undefined
    const onLeasedError = (error: Error) => {
      broken ??= error
      onIdleError(error)
    }
    client.on('error', onLeasedError)
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
      copyAll(parts) {
        return parts.length === 0 ? Promise.resolve() : inTurn(() => copyIn(client, parts))
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
    return {
      conn,
      release: () => {
        client.off('error', onLeasedError)
        client.release(broken)
      },
    }
  }
  // At most half the pool: the other half stays free for transactions, so that a shared write waiting for a
  // transaction's row lock cannot hold every connection that transaction may still need. 2, 4 and 8 lanes on a
  // pool of 10 measured alike (bench/steps/http.ts).
  return makeDb('pg', lease, () => pool.end(), listenOnServer(url), {
    lanes: Math.max(1, Math.min(4, Math.floor(poolSize / 2))),
  })
}

/** host:port/database of a connection URL, without its user or password. */
function serverOf(url: string): string {
  try {
    const u = new URL(url)
    return `${u.hostname}${u.port === '' ? '' : `:${u.port}`}${u.pathname}`
  } catch {
    return 'the configured URL'
  }
}

const CONNECT_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server running?)',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be resolved',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
}

const connectReason = (e: unknown): string => {
  const errors = (e as { errors?: unknown[] }).errors
  // A host with several addresses fails with an AggregateError of each attempt's error.
  return errnoReason(Array.isArray(errors) && errors.length > 0 ? errors[0] : e, CONNECT_REASONS)
}
