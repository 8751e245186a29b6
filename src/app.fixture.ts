// An App over a test database, for tests that build the modules (createModules) as the CLI and server do: fresh
// secrets, silent logs, and the database disposed on close.
import type { App } from './app.ts'
import { generateSecrets, loadConfig } from './config.ts'
import { createLogger } from './platform/logger.ts'
import type { TestDb } from './platform/testing.ts'

export function testApp(db: TestDb, env: Readonly<Record<string, string>> = {}): App {
  return {
    config: loadConfig(env),
    secrets: generateSecrets(),
    db,
    log: createLogger('silent'),
    close: () => db.dispose(),
  }
}
