// Operator commands: `openbureau profile show [--json]` and `openbureau profile set CODE`.
import type { Command } from 'commander'
import { renderTable } from '../platform/cli/table.ts'
import type { ConsentService } from './consent.service.ts'
import { JURISDICTION_CODES } from './jurisdiction.ts'
import type { CurrentProfile } from './profile-settings.ts'

/** Where the commands write; the process by default, a buffer in tests. */
export interface ProfileCliIo {
  write(text: string): void
}

const processIo: ProfileCliIo = { write: (text) => void process.stdout.write(text) }

export function renderProfile({ code, source, profile: p }: CurrentProfile): string {
  const yes = (b: boolean) => (b ? 'yes' : 'no')
  const head = [
    `profile  ${code} (${source === 'operator' ? 'set by the operator' : 'configured default'})`,
    `law      ${p.name}`,
    `consent  at most ${p.maxConsentDays} days (${p.sources.maxConsentDays})`,
    `reports  ${p.freeSelfAccessPerYear} free self-access reports a year (${p.sources.freeSelfAccessPerYear})`,
    `score    ${p.scoreRange.min}-${p.scoreRange.max} (${p.sources.scoreRange})`,
    `negative data kept ${p.negativeRetentionYears} years from ${p.negativeRetentionFrom.replace('_', ' ')} (${p.sources.negativeRetention})`,
    `disputes answered within ${p.disputeDeadlineDays} days (${p.sources.disputeDeadlineDays})`,
    `hard inquiries shown to members for ${p.inquiryRetentionMonths} months (${p.sources.inquiryRetention})`,
    '',
  ].join('\n')
  const rows = p.purposes.map((r) => [r.purpose, yes(r.consentRequired), yes(r.hardInquiry), r.legalGround])
  return `${head}\n${renderTable(['purpose', 'consent', 'hard inquiry', 'legal ground'], rows)}`
}

export function registerProfileCommands(
  program: Command,
  getService: () => Promise<Pick<ConsentService, 'currentProfile' | 'setProfile'>>,
  io: ProfileCliIo = processIo,
): void {
  const cmd = program.command('profile').description('the jurisdiction profile: which law the bureau applies')
  cmd
    .command('show')
    .description('print the profile in force and its rules')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const current = await (await getService()).currentProfile()
      io.write(o.json ? JSON.stringify(current, null, 2) + '\n' : renderProfile(current))
    })
  cmd
    .command('set <code>')
    .description(`choose the profile: ${JURISDICTION_CODES.join('|')}`)
    .action(async (code: string) => {
      const current = await (await getService()).setProfile(code, { kind: 'operator', id: 'cli' })
      io.write(`jurisdiction profile set to ${current.code}\n`)
    })
}
