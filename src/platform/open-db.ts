// Which engine: a PostgreSQL server when a URL is given, PGlite in process otherwise.
import type { Db } from './db.ts'
import { openPglite } from './pglite-db.ts'
import { openPostgres } from './postgres-db.ts'

export interface DbSettings {
  databaseUrl?: string | undefined
  dataDir?: string | undefined
  poolSize?: number | undefined
  /** PGCONNECT_TIMEOUT, when the URL names no connect_timeout (postgres-db.ts connectTimeoutMillis). */
  connectTimeout?: string | undefined
  /** Told of a server's pooled connection that failed while idle (it is replaced). */
  onIdleError?: ((error: Error) => void) | undefined
}

export function openDb(settings: DbSettings): Promise<Db> {
  return settings.databaseUrl !== undefined
    ? openPostgres(settings.databaseUrl, settings.poolSize, settings.onIdleError, settings.connectTimeout)
    : openPglite(settings.dataDir)
}
