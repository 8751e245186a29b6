// Every command of the CLI, each module contributing its own.
import type { Command } from 'commander'
import { lazyApp } from './app.ts'
import { registerAuditCommands } from './audit/index.ts'
import { registerProfileCommands } from './consent/index.ts'
import { registerConsumersCommands } from './consumers/index.ts'
import { registerDemoCommand } from './demo.ts'
import { registerIngestCommands, registerValidateCommands } from './furnishing/index.ts'

import { registerMembersCommands } from './members/index.ts'
import { registerMetro2Commands } from './metro2/index.ts'
import { createModules, type Modules } from './modules.ts'
import { registerFileCommand } from './reports/index.ts'
import { registerScorecardCommands } from './scoring/index.ts'
import { registerServeCommand } from './server.ts'
import { registerSynthCommand } from './synth/index.ts'

/** Registers every command; `close` ends what a command opened, whether it succeeded or failed. */
export function registerCommands(program: Command): { close(): Promise<void> } {
  const app = lazyApp()
  let modules: Promise<Modules> | undefined
  const mods = () => (modules ??= app.get().then((a) => createModules(a)))
  let closing: Promise<void> | undefined
  // Also after a failed command: left open, the database and the audit batcher keep the process alive.
  const close = () =>
    (closing ??= (async () => {
      // Modules that failed to build (a bad secret) have nothing to close, and their error is the command's: the
      // database must close all the same, or it keeps the process alive (found by probing: the CLI hung).
      await modules?.then(
        (m) => m.close(),
        () => {},
      )
      await app.close()
    })())
  program.hook('postAction', close)

  program
    .command('migrate')
    .description('create or update the database schema')
    .action(async () => {
      const { config } = await app.get()
      process.stdout.write(
        `database ready (${config.databaseUrl ? 'PostgreSQL server' : `PGlite in ${config.dataDir}`})\n`,
      )
    })

  registerMembersCommands(program, async () => (await mods()).members)
  registerConsumersCommands(program, async () => (await mods()).consumers)

  const metro2 = program.command('metro2').description('Metro 2 files: convert to and from JSON, validate')
  registerMetro2Commands(metro2)
  registerValidateCommands(metro2)

  registerIngestCommands(
    program,
    async () => (await mods()).furnishing.ingest,
    async () => (await mods()).furnishing.batches,
    async (id) => (await mods()).members.get(id),
  )
  registerFileCommand(
    program,
    async () => (await mods()).reports.files,
    async ({ consumerKey, found }) => {
      await (
        await mods()
      ).audit.appendNow({
        actor: { kind: 'operator', id: 'cli' },
        action: 'file.operator_access',
        consumerKey,
        outcome: found ? 'allowed' : 'refused',
        ...(found ? {} : { reason: 'no file is held for that national ID' }),
      })
    },
    async (consumerKey) => (await mods()).rights.inForce(consumerKey),
  )
  registerSynthCommand(program)
  registerAuditCommands(
    program.command('audit').description('the hash-chained audit log'),
    async () => (await mods()).audit,
  )
  registerScorecardCommands(
    program.command('scorecard').description('explainable scorecards: train, apply, report, promote, models'),
    async () => (await mods()).scoring,
  )
  registerProfileCommands(program, async () => (await mods()).consent)
  registerDemoCommand(program, app, mods)
  registerServeCommand(program, app, () => mods())
  return { close }
}
