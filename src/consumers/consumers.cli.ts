// `openbureau consumers unlock-enrolment --national-id ID --id-type TYPE`: after three failed answers a national
// ID's online enrolment is locked for good (NIST SP 800-63A 5.3.2), and the consumer is told to contact the
// bureau. Once an operator has verified who they are another way, this clears the failures; the audit log
// records it with the operator as actor.
import type { Command } from 'commander'
import type { ConsumersService } from './consumers.service.ts'

export interface ConsumersCliOutput {
  write(text: string): void
}

const stdout: ConsumersCliOutput = { write: (text) => void process.stdout.write(text) }

export function registerConsumersCommands(
  program: Command,
  consumers: () => Promise<Pick<ConsumersService, 'unlockEnrolment'>>,
  out: ConsumersCliOutput = stdout,
): void {
  program
    .command('consumers')
    .description('consumer enrolment')
    .command('unlock-enrolment')
    .description(
      "clear a national ID's failed enrolment answers, once the consumer's identity is verified another way",
    )
    .requiredOption('--national-id <id>', 'the national ID')
    .requiredOption('--id-type <type>', 'us-ssn | cn-rid | hu-tax')
    .action(async (o: { nationalId: string; idType: string }) => {
      const { failedAttempts, startsCleared, wasLocked } = await (
        await consumers()
      ).unlockEnrolment({ type: o.idType, value: o.nationalId }, 'cli')
      out.write(
        `online enrolment ${wasLocked ? 'unlocked' : 'was not locked'} for that national ID: ${failedAttempts} failed attempts and ${startsCleared} starts of the last 24 hours cleared; it can start again now\n`,
      )
    })
}
