// Builds every module's service over one App: the only place where modules are wired to each other.
import type { App } from './app.ts'
import { createMembersModule } from './members/index.ts'

export function createModules(app: App) {
  const members = createMembersModule(app.db.kysely)
  return { members }
}

export type Modules = ReturnType<typeof createModules>
