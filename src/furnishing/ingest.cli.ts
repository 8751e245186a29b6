// `openbureau ingest FILE`, `openbureau batches`, `openbureau batch ID`.
import { createHash } from 'node:crypto'
import { basename } from 'node:path'
import cliProgress from 'cli-progress'
import type { Command } from 'commander'
import { wholeNumber } from '../platform/cli/arguments.ts'
import { renderTable } from '../platform/cli/table.ts'
import { AppError, isAppError } from '../platform/errors.ts'
import { openInputFile } from '../platform/input-file.ts'
import { MAX_ISSUE_SEQ, type BatchDetail, type BatchesStore, type BatchSummary } from './batches.store.ts'
import type { IngestService } from './ingest.service.ts'
import type { IngestResult } from './ingest.types.ts'
import { jsonlJsonSchema } from './jsonl.model.ts'

const out = (s: string) => process.stdout.write(s)

async function fileHash(source: AsyncIterable<Buffer>): Promise<string> {
  const h = createHash('sha256')
  for await (const chunk of source) h.update(chunk)
  return h.digest('hex')
}

/**
 * 1 when records of the file are not applied: rejected now, or rejected when the same content was applied
 * before (a script that retries on failure would otherwise take the second run for a clean one); else 0.
 */
export function ingestExitCode(r: IngestResult): number {
  if (r.status === 'duplicate') return r.earlier.rejected > 0 ? 1 : 0
  return r.counts.errors > 0 ? 1 : 0
}

export function renderIngestResult(r: IngestResult): string {
  if (r.status === 'duplicate') {
    const e = r.earlier
    const when = `${e.appliedAt.slice(0, 16).replace('T', ' ')} UTC`
    const name = e.fileName === null ? '' : `, file ${e.fileName}`
    // A file is applied once, by its content: its rejected records stay unapplied however often it comes, even
    // once what refused them is gone (found by probing), so the answer says how to get them in.
    const rejected =
      e.rejected === 0
        ? ''
        : `Its ${e.rejected} rejected record${e.rejected === 1 ? ' was' : 's were'} not applied then and ` +
          `${e.rejected === 1 ? 'is' : 'are'} not now: send ${e.rejected === 1 ? 'it' : 'them'} again, corrected, in a file of ` +
          `${e.rejected === 1 ? 'its' : 'their'} own (\`openbureau batch ${r.batchId}\` lists the problems).\n`
    return (
      `This file was already applied on ${when} as batch ${r.batchId} (furnisher ${r.furnisherId}${name}: ` +
      `${e.records} records, ${e.accepted} accepted, ${e.rejected} rejected); it was not applied again.\n` +
      rejected
    )
  }
  const c = r.counts
  const lines = [
    `batch ${r.batchId}: applied for furnisher ${r.furnisherId} in ${(r.durationMs / 1000).toFixed(1)} s`,
    `records ${c.records}: accepted ${c.accepted}, rejected ${c.rejected}; ${c.errors} errors, ${c.warnings} warnings`,
    `accounts: ${c.newAccounts} new, ${c.updatedAccounts} updated${c.renumberedAccounts ? ` (${c.renumberedAccounts} onto a new account number)` : ''}${c.deletedAccounts ? `, ${c.deletedAccounts} deleted` : ''}${c.droppedConsumers ? `, ${c.droppedConsumers} consumers dropped (ECOA Z)` : ''}${c.vanished ? `, ${c.vanished} open accounts missing since the last file` : ''}; consumers created ${c.consumersCreated}`,
  ]
  if (r.trailer.mismatches.length > 0) {
    lines.push(
      `trailer: ${r.trailer.mismatches.map((m) => `${m.field} declared ${m.declared}, counted ${m.counted}`).join('; ')}`,
    )
  }
  if (r.issues.length > 0) {
    lines.push(
      '',
      renderTable(
        ['record', 'line', 'account', 'segment', 'field', 'rule', 'severity', 'message'],
        r.issues
          .slice(0, 50)
          .map((i) => [i.recordNo, i.line, i.account, i.segment, i.field, i.rule, i.severity, i.message]),
      ).trimEnd(),
    )
    if (r.issuesTotal > 50)
      lines.push(
        `... ${r.issuesTotal - 50} more: openbureau batch ${r.batchId} --issues ${Math.min(r.issuesTotal, MAX_ISSUES_SHOWN)}`,
      )
  }
  return lines.join('\n') + '\n'
}

/** The most issues one `openbureau batch` prints; --after pages on. */
const MAX_ISSUES_SHOWN = 100_000

const BATCH_HEADERS = [
  'batch',
  'furnisher',
  'file',
  'status',
  'records',
  'accepted',
  'rejected',
  'errors',
  'warnings',
  'activity',
  'received',
]
const batchRow = (b: BatchSummary) => [
  b.batchId,
  b.furnisherId,
  b.fileName,
  b.status,
  b.records,
  b.accepted,
  b.rejected,
  b.errors,
  b.warnings,
  b.activityDate,
  b.receivedAt,
]

export function registerIngestCommands(
  program: Command,
  ingest: () => Promise<IngestService>,
  batches: () => Promise<BatchesStore>,
  /** Resolves a member by id, failing with not_found: an unknown --furnisher is a mistake, not an empty list. */
  member: (id: string) => Promise<unknown>,
): void {
  program
    .command('ingest <file>')
    .description('validate a Metro 2 or JSON Lines file and apply its accepted records, all or nothing')
    .option(
      '--furnisher <id>',
      'member id of the furnisher (default: from the identification numbers in the file)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: { furnisher?: string; json?: boolean }) => {
      // A regular file is hashed first, so that a file applied before is recognised before anything starts; a
      // pipe can be read only once, and the service recognises it by the hash it takes on the way.
      const first = await openInputFile(file, { highWaterMark: 1 << 20 })
      const { size } = first
      const contentHash = first.regular ? await fileHash(first.stream) : undefined
      const source = first.regular
        ? (await openInputFile(file, { highWaterMark: 1 << 18 })).stream
        : first.stream
      const bar =
        process.stderr.isTTY && !o.json && size > 0
          ? new cliProgress.SingleBar(
              {
                format: 'ingest [{bar}] {percentage}% | {records} records | {eta_formatted} left',
                etaBuffer: 50,
              },
              cliProgress.Presets.shades_classic,
            )
          : undefined
      bar?.start(size, 0, { records: 0 })
      // Ctrl-C: the file is applied in one transaction at its end, so a load cut short stored nothing of it; say
      // so rather than vanish without a word, then die of the signal itself, as a shell expects (it reports 130,
      // and a script's loop stops). Not process.exit: it waits for the thread pool, where a read of a pipe whose
      // writer lives on (a named pipe, a stalled producer) never returns, and the command would hang.
      const interrupted = () => {
        bar?.stop()
        process.stderr.write(`openbureau: interrupted: nothing of ${file} was applied\n`)
        process.removeAllListeners('SIGINT')
        process.kill(process.pid, 'SIGINT')
      }
      process.once('SIGINT', interrupted)
      try {
        const r = await (
          await ingest()
        ).ingest({
          source,
          fileName: basename(file),
          ...(contentHash !== undefined ? { contentHash } : {}),
          ...(o.furnisher !== undefined ? { furnisher: o.furnisher } : {}),
          onProgress: (p) => bar?.update(p.bytes, { records: p.records }),
        })
        bar?.update(size)
        bar?.stop()
        out(o.json ? JSON.stringify(r, null, 2) + '\n' : renderIngestResult(r))
        const code = ingestExitCode(r)
        if (code !== 0) process.exitCode = code
      } catch (e) {
        bar?.stop()
        if (isAppError(e) && e.code === 'unprocessable') {
          process.stderr.write(`openbureau: ${e.message}\n`)
          process.exitCode = 2
          return
        }
        throw e
      } finally {
        process.off('SIGINT', interrupted)
      }
    })

  program
    .command('jsonl-schema')
    .description('print the JSON Schema (2020-12) of one line of the native JSON Lines furnishing format')
    .action(() => {
      out(JSON.stringify(jsonlJsonSchema(), null, 2) + '\n')
    })

  program
    .command('batches')
    .description('furnished files and what became of them')
    .option('--furnisher <id>', 'only this furnisher')
    .option('--limit <n>', 'how many, newest first', wholeNumber(1, 10_000), 50)
    .option('--json', 'print JSON')
    .action(async (o: { furnisher?: string; limit: number; json?: boolean }) => {
      if (o.furnisher !== undefined) await member(o.furnisher)
      const list = await (await batches()).list({ furnisherId: o.furnisher, limit: o.limit })
      out(o.json ? JSON.stringify(list, null, 2) + '\n' : renderTable(BATCH_HEADERS, list.map(batchRow)))
    })

  program
    .command('batch <id>')
    .description("one file's result, with its issues")
    .option('--issues <n>', 'how many issues to show', wholeNumber(0, MAX_ISSUES_SHOWN), 100)
    .option(
      '--after <seq>',
      'show the issues after this one (the # column), to page on',
      wholeNumber(0, MAX_ISSUE_SEQ),
      0,
    )
    .option('--json', 'print JSON')
    .action(async (id: string, o: { issues: number; after: number; json?: boolean }) => {
      const store = await batches()
      const b: BatchDetail | undefined = await store.get(id)
      if (!b) throw new AppError('not_found', `no batch "${id}"`)
      const issues = await store.issues(id, { limit: o.issues, afterSeq: o.after })
      if (o.json) {
        out(JSON.stringify({ ...b, issues }, null, 2) + '\n')
        return
      }
      out(renderTable(BATCH_HEADERS, [batchRow(b)]))
      if (issues.length > 0)
        out(
          '\n' +
            renderTable(
              ['#', 'record', 'line', 'account', 'segment', 'field', 'rule', 'severity', 'message'],
              issues.map((i) => [
                i.seq,
                i.recordNo,
                i.line,
                i.account,
                i.segment,
                i.field,
                i.rule,
                i.severity,
                i.message,
              ]),
            ),
        )
      // Issues are numbered 1 to errors + warnings: say how to read on, as the ingest's summary does.
      const last = issues.at(-1)
      const more = b.errors + b.warnings - (last?.seq ?? o.after)
      if (last !== undefined && more > 0)
        out(`... ${more} more: openbureau batch ${id} --after ${last.seq} --issues ${o.issues}\n`)
    })
}
