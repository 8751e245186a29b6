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
  connectTimeout?: string,
): Promise<Db> {
  pg.types.setTypeParser(DATE_OID, (s) => s)
  pg.types.setTypeParser(INT8_OID, Number)
  pg.types.setTypeParser(NUMERIC_OID, Number)
  // A server that takes the connection and never answers would hold every command for ever (found by probing):
  // each new connection is given up after the connect timeout. On the client only, not the pool: the pool's
  // `connectionTimeoutMillis` would also fail a lease that waits its turn while every connection is busy.
  const connectionTimeoutMillis = connectTimeoutMillis(url, connectTimeout)
  class TimedClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis })
    }
  }
  const pool = new pg.Pool({ connectionString: url, max: poolSize, Client: TimedClient })
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
        `cannot connect to the database at ${serverOf(url)}: ${connectReason(e, connectionTimeoutMillis)}`,
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

const connectReason = (e: unknown, timeoutMillis: number): string => {
  // node-postgres's own error when its connectionTimeoutMillis runs out (pg/lib/client.js, _connect).
  if (e instanceof Error && e.message === 'timeout expired')
    return `no answer within ${timeoutMillis / 1000} s (connect_timeout)`
  const errors = (e as { errors?: unknown[] }).errors
  // A host with several addresses fails with an AggregateError of each attempt's error.
  return errnoReason(Array.isArray(errors) && errors.length > 0 ? errors[0] : e, CONNECT_REASONS)
}

const DEFAULT_CONNECT_TIMEOUT_S = 10

/**
 * The connect timeout in milliseconds, 0 for none: libpq's `connect_timeout` in the URL, else PGCONNECT_TIMEOUT,
 * else 10 s. node-postgres passes both to libpq only (its native binding) and itself waits for ever; read here
 * with libpq's meaning: whole seconds, zero or less waits for ever, and 1 is taken as the minimum of 2.
 */
export function connectTimeoutMillis(url: string, environment: string | undefined): number {
  let fromUrl: string | null = null
  try {
    fromUrl = new URL(url).searchParams.get('connect_timeout')
  } catch {
    // A URL that does not parse is refused by the driver at the first connection, naming it.
  }
  const [name, text] =
    fromUrl !== null ? ['connect_timeout in the URL', fromUrl] : ['PGCONNECT_TIMEOUT', environment]
  if (text === undefined || text.trim() === '') return DEFAULT_CONNECT_TIMEOUT_S * 1000
  if (!/^\s*[-+]?\d+\s*$/.test(text))
    throw new AppError('invalid_input', `${name}: '${text}' is not a whole number of seconds`)
  const seconds = Number(text)
  return seconds <= 0 ? 0 : Math.max(2, seconds) * 1000
}
