// Opens what every command and the server share: config, secrets, database (migrated), logger.
import { join } from 'node:path'
import { ConfigError, loadConfig, resolveSecrets, type Config, type Secrets } from './config.ts'
import type { Db } from './platform/db.ts'
import { checkKeys } from './key-check.ts'
import { openDb } from './platform/open-db.ts'
import { createLogger, type Logger } from './platform/logger.ts'
import { migrate } from './platform/migrations.ts'
import { makeOutputFolder } from './platform/output-path.ts'

export interface App {
  readonly config: Config
  readonly secrets: Secrets
  readonly db: Db
  readonly log: Logger
  close(): Promise<void>
}

export async function openApp(config: Config = loadConfig(process.env)): Promise<App> {
  await makeDataFolder(config)
  const secrets = resolveSecrets(config)
  const log = createLogger(config.logLevel)
  // The embedded database lives in its own folder beside the demo's secrets and files.
  const db = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: join(config.dataDir, 'pgdata'),
    poolSize: config.dbPoolSize,
    connectTimeout: config.pgConnectTimeout,
    onIdleError: (error) => log.warn({ err: error }, 'an idle database connection failed; it is replaced'),
  })
  try {
    await migrate(db)
    await checkKeys(db, secrets)
  } catch (e) {
    await db.close()
    throw e
  }
  return { config, secrets, db, log, close: () => db.close() }
}

/**
 * Makes the data folder where the embedded database or the demo's stored keys will live. Owner only when this
 * creates it: the embedded database's files are personal data (their PII sealed, the rest not), and the demo's
 * keys lie beside them. A folder that cannot be made (a file in its place, /proc, no permission) is a bad setting
 * named in one line (exit 2), where mkdirSync gave a stack trace, or spun without end under /proc.
 */
async function makeDataFolder(config: Config): Promise<void> {
  const { tokenKey, masterKey, signingKey } = config.secrets
  const storesSecrets = config.profile === 'demo' && !(tokenKey && masterKey && signingKey)
  if (config.databaseUrl !== undefined && !storesSecrets) return
  try {
    await makeOutputFolder(config.dataDir, 0o700)
  } catch (e) {
    throw new ConfigError([`OPENBUREAU_DATA_DIR: ${e instanceof Error ? e.message : String(e)}`])
  }
}

/** Opens the app once, on first use, so that commands which need no database never open one. */
export function lazyApp(): { get(): Promise<App>; close(): Promise<void> } {
  let app: Promise<App> | undefined
  return {
    get: () => (app ??= openApp()),
    // An app that failed to open closed what it had opened (openApp); its error is the command's.
    close: async () => {
      const opened = await app?.catch(() => undefined)
      await opened?.close()
    },
  }
}
