// Every command of the CLI, each module contributing its own.
import type { Command } from 'commander'
import { lazyApp } from './app.ts'
import { registerMembersCommands } from './members/index.ts'
import { createModules, type Modules } from './modules.ts'

export function registerCommands(program: Command): void {
  const app = lazyApp()
  let modules: Promise<Modules> | undefined
  const mods = () => (modules ??= app.get().then(createModules))
  program.hook('postAction', () => app.close())

  program
    .command('migrate')
    .description('create or update the database schema')
    .action(async () => {
      const { config } = await app.get()
      process.stdout.write(`database ready (${config.databaseUrl ? 'PostgreSQL server' : `PGlite in ${config.dataDir}`})\n`)
    })

  registerMembersCommands(program, async () => (await mods()).members)
}
