// The CLI composition root: config -> database -> modules -> command. Errors print as one message and a
// non-zero exit code, never a stack (DESIGN.md "Errors").
import { Command, CommanderError } from 'commander'
import { ConfigError } from './config.ts'
import { isStandardOutputFailure } from './platform/cli/standard-output.ts'
import { errnoReason } from './platform/errno-reason.ts'
import { isAppError } from './platform/errors.ts'
import { registerCommands } from './commands.ts'

const program = new Command('openbureau')
  .description('OpenBureau: a consent-first consumer credit bureau')
  .showHelpAfterError()
  // Commander's own refusals (an unknown option or command, an option value its parser refuses) are bad input
  // like any other, exit 2, not its default 1: it has printed them with the usage already.
  .exitOverride()
const commands = registerCommands(program)

// Standard output that cannot be written must not read as a result: exit 1 means "errors found" to a script
// (validate, audit verify). A reader that closed the pipe (`| head`) ends the command quietly with 141, as a shell
// reports a command killed by SIGPIPE; any other failure (a full disk) is one line and 74 (sysexits EX_IOERR).
const isStdoutPipeClosed = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code === 'EPIPE'
function stdoutFailed(e: unknown): never {
  if (!isStdoutPipeClosed(e)) {
    const reason = errnoReason(e, { ENOSPC: 'no space left on the device', EIO: 'an input/output error' })
    process.stderr.write(`openbureau: cannot write to standard output: ${reason}\n`)
  }
  process.exit(isStdoutPipeClosed(e) ? 141 : 74)
}
process.stdout.on('error', stdoutFailed)

try {
  await program.parseAsync(process.argv)
} catch (e) {
  await commands.close().catch(() => {})
  if (e instanceof CommanderError) process.exitCode = e.exitCode === 0 ? 0 : 2
  else if (isStdoutPipeClosed(e) || isStandardOutputFailure(e)) stdoutFailed(e)
  else if (e instanceof ConfigError || isAppError(e)) {
    process.stderr.write(`openbureau: ${e.message}\n`)
    // A bad setting is bad input (README "Exit codes"), as a bad option value is.
    process.exitCode = e instanceof ConfigError || e.code === 'invalid_input' ? 2 : 1
  } else {
    process.stderr.write(
      `openbureau: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    )
    process.exitCode = 70
  }
}
