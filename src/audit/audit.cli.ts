// `openbureau audit verify` and `openbureau audit tail`: the operator's and the supervisor's view of the log.
// verify exits 0 when the chain is intact and 1 when it finds tampering, printing every problem.
import { InvalidArgumentError, type Command } from 'commander'
import { wholeNumber } from '../platform/cli/arguments.ts'
import type { Db } from '../platform/db.ts'
import {
  ANCHOR_SEQ_TOO_LARGE,
  anchorSeqTooLarge,
  parseAnchorText,
  type AuditRecord,
  type ChainHead,
} from './audit.model.ts'
import { createAuditService, type AuditService } from './audit.service.ts'

/** Where the commands write and how they signal failure; the process by default, a buffer in tests. */
export interface AuditCliIo {
  write(text: string): void
  setExitCode(code: number): void
}

const processIo: AuditCliIo = {
  write: (text) => void process.stdout.write(text),
  setExitCode: (code) => void (process.exitCode = code),
}

function parseAnchor(value: string): ChainHead {
  if (anchorSeqTooLarge(value)) throw new InvalidArgumentError(ANCHOR_SEQ_TOO_LARGE)
  const anchor = parseAnchorText(value)
  if (!anchor)
    throw new InvalidArgumentError('must be <seq>:<64 hex digits>, as `audit verify` prints the head')
  return anchor
}

function line(e: AuditRecord): string {
  const parts = [`#${e.seq}`, e.occurredAt, `${e.actor.kind}:${e.actor.id}`, e.action, e.outcome]
  if (e.consumerKey !== null) parts.push(`consumer=${e.consumerKey}`)
  if (e.target !== null) parts.push(`target=${e.target}`)
  if (e.purpose !== null) parts.push(`purpose=${e.purpose}`)
  if (e.reason !== null) parts.push(`reason=${JSON.stringify(e.reason)}`)
  return parts.join('  ') + '\n'
}

interface VerifyCliOptions {
  json?: boolean
  from?: number
  to?: number
  anchor?: ChainHead
}

/**
 * `getAudit`: the audit module as the composition root builds it, with the bureau's audit key, so that verify
 * checks every event's MAC (chain-mac.ts); given a bare database instead, verify checks the hashes only and says
 * that the MACs went unchecked.
 */
export function registerAuditCommands(
  audit: Command,
  getAudit: () => Promise<Db | AuditService>,
  io: AuditCliIo = processIo,
): void {
  if (audit.description() === '') audit.description('the hash-chained audit log')
  const service = async () => {
    const given = await getAudit()
    return 'verify' in given ? given : createAuditService(given)
  }

  audit
    .command('verify')
    .description('check the hash chain of the audit log; exit 1 when it was tampered with')
    .option('--json', 'print the result as JSON')
    .option('--from <seq>', 'first event to check', wholeNumber(1))
    .option('--to <seq>', 'last event to check', wholeNumber(1))
    .option(
      '--anchor <seq:hash>',
      'a head printed by an earlier verify, kept outside the database',
      parseAnchor,
    )
    .action(async (options: VerifyCliOptions) => {
      const result = await (
        await service()
      ).verify({ from: options.from, to: options.to, anchor: options.anchor })
      if (options.json) {
        io.write(JSON.stringify(result, null, 2) + '\n')
      } else if (result.ok) {
        io.write(
          `audit log intact: ${result.events} events checked, ${options.to === undefined ? 'head' : 'last event checked'} ${result.head.seq}:${result.head.hash}\n`,
        )
        if (result.unauthenticatedFrom !== undefined)
          io.write(
            `  hashes only: the MACs of events from ${result.unauthenticatedFrom} on were not checked (no audit key)\n`,
          )
        const u = result.unkeyed
        if (u !== undefined)
          io.write(
            u.keyedFrom === null
              ? `  not authenticated: the log has no \`audit.keyed\` event, and none of its ${u.events} event(s) from seq ${u.from} to ${u.to} carries a MAC: anyone with database access could have written them\n`
              : `  not authenticated: ${u.events} event(s) from seq ${u.from} to ${u.to}, appended before the log was keyed (seq ${u.keyedFrom}), carry no MAC\n`,
          )
      } else {
        io.write(
          `audit log TAMPERED: ${result.problems.length} problem(s) in ${result.events} events checked\n`,
        )
        for (const p of result.problems) io.write(`  seq ${p.seq}  ${p.kind}  ${p.message}\n`)
        if (result.truncated) io.write('  (further problems not listed)\n')
      }
      if (!options.json && result.pending.sets > 0)
        io.write(
          `  ${result.pending.sets} set(s) of events of committed work, the oldest written ${result.pending.oldest}, ` +
            'wait outside the chain until an API server chains them (`openbureau serve`; within about 90 s of one running)\n',
        )
      if (!result.ok) io.setExitCode(1)
    })

  audit
    .command('tail')
    .description('show the latest events, oldest first')
    .option('-n, --lines <n>', 'how many events (at most 500)', wholeNumber(1, 500), 20)
    .option('--before <seq>', 'only events before this one, to page back', wholeNumber(1))
    .option('--json', 'print the events as JSON')
    .action(async (options: { lines: number; before?: number; json?: boolean }) => {
      const page = { limit: options.lines, before: options.before }
      const events = (await (await service()).tail(page)).reverse()
      if (options.json) io.write(JSON.stringify(events, null, 2) + '\n')
      else for (const e of events) io.write(line(e))
      // Say how to page back, as \`openbureau batch\` says how to page on: seq 1 is the first event.
      const oldest = events[0]?.seq
      if (!options.json && oldest !== undefined && oldest > 1 && events.length === options.lines)
        io.write(`... older: openbureau audit tail --before ${oldest} -n ${options.lines}\n`)
    })
}
