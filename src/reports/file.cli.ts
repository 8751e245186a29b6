// `openbureau file --national-id ID --id-type TYPE [--json]`: the whole consumer file, readable or JSON.
import type { Command } from 'commander'
import type { Identity, PiiEntry } from '../identity/index.ts'
import { AppError } from '../platform/errors.ts'
import { renderTable } from '../platform/cli/table.ts'
import { isAlternativePayment } from './attributes.model.ts'
import type { ConsumerFile, FileTradeline } from './file.model.ts'
import type { FileService } from './file.service.ts'
import { GRID_LEGEND } from './grid.ts'

const money = (n: number) => n.toLocaleString('en-US')

function entries<T>(list: PiiEntry<T>[], show: (v: T) => string): string {
  if (list.length === 0) return '-'
  return list
    .map(
      (e) =>
        `${e.readable ? show(e.value) : '[unreadable: key destroyed]'} (${e.firstSeen}..${e.lastSeen}${e.source ? `, ${e.source}` : ''})`,
    )
    .join('\n           ')
}

function identityText(id: Identity): string {
  return [
    `Names:     ${entries(id.names, (n) => [n.firstName, n.middleName, n.surname, n.generation].filter(Boolean).join(' '))}`,
    `Born:      ${entries(id.birthDates, (d) => d)}`,
    `Addresses: ${entries(id.addresses, (a) => [a.line1, a.line2, a.city, `${a.state} ${a.postcode}`, a.country].filter((s) => s.trim()).join(', '))}`,
    `Phones:    ${entries(id.phones, (p) => p)}`,
  ].join('\n')
}

type Fields = Record<string, unknown>
const obj = (v: unknown): Fields | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Fields) : undefined
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '')

/**
 * What the tradeline holds beyond the table (its `extra`, as `--json` prints it), one line each: the funders
 * and their shares, the alternative-payment marking, and the K1-K4 segments. Read defensively: `extra` is
 * stored JSON, written by every version of ingestion.
 */
export function tradelineNotes(t: FileTradeline): string[] {
  const x = t.extra ?? {}
  const notes: string[] = []
  if (isAlternativePayment(t.accountType.code, t.extra)) {
    const kind = str(x['alternativePayment']) || t.accountType.text
    notes.push(`alternative payment (${kind}): an on-time bill account, kept apart from credit`)
  }
  const funders = Array.isArray(x['funders']) ? x['funders'].map(obj) : []
  if (funders.length > 0)
    notes.push(
      `funded by ${funders.map((f) => `${str(f?.['funder'])} ${Math.round(Number(f?.['share']) * 1000) / 10}%`).join(', ')}`,
    )
  const k1 = obj(x['originalCreditor'])
  if (k1) notes.push(`original creditor ${str(k1['name'])} (classification ${str(k1['classification'])})`)
  const k2 = obj(x['purchasedSold'])
  if (k2) {
    // CRRG K2 Purchased From/Sold To Indicator: 1 purchased from, 2 sold to.
    const how =
      { '1': 'purchased from', '2': 'sold to' }[str(k2['indicator'])] ??
      `purchased/sold (${str(k2['indicator'])})`
    notes.push(`${how} ${str(k2['name'])}`.trim())
  }
  const k3 = obj(x['mortgage'])
  if (k3)
    notes.push(
      `mortgage agency ${str(k3['agency'])}, agency account ${str(k3['accountNumber']) || '-'}, MIN ${str(k3['mortgageId']) || '-'}`,
    )
  const k4 = obj(x['specializedPayment'])
  if (k4) {
    const parts = [`specialized payment ${str(k4['indicator'])}`]
    if (k4['balloonDue'] || k4['balloonAmount'])
      parts.push(`balloon ${money(Number(k4['balloonAmount']) || 0)} due ${str(k4['balloonDue']) || '-'}`)
    if (k4['deferredStart']) parts.push(`deferred, first payment due ${str(k4['deferredStart'])}`)
    notes.push(parts.join(': '))
  }
  return notes
}

export function renderConsumerFile(f: ConsumerFile): string {
  const out: string[] = [
    `Consumer file ${f.consumerKey}${f.identity.shredded ? ' (erased: personal data unreadable)' : ''}`,
    '',
    identityText(f.identity),
    '',
  ]
  out.push(`Tradelines: ${f.tradelines.length}`)
  if (f.tradelines.length > 0) {
    out.push(
      renderTable(
        [
          '#',
          'furnisher',
          'account',
          'type',
          'role',
          'status',
          'opened',
          'as of',
          'balance',
          'limit',
          'past due',
        ],
        f.tradelines.map((t, i) => [
          i + 1,
          t.furnisher.name,
          t.accountNumber,
          t.accountType.text,
          t.role.text,
          t.status.text,
          t.dates.opened,
          t.dates.accountInformation,
          money(t.amounts.balance),
          money(t.amounts.creditLimit || t.amounts.highestCredit),
          money(t.amounts.pastDue),
        ]),
      ),
    )
    const notes = f.tradelines.flatMap((t, i) => tradelineNotes(t).map((n) => `  #${i + 1} ${n}`))
    if (notes.length > 0) out.push('Account details:', ...notes)
    out.push('Payment grids, newest month first (24 months):')
    f.tradelines.forEach((t, i) => {
      const g = t.paymentGrid
      out.push(`  #${i + 1} ${g[0]?.month} .. ${g[g.length - 1]?.month}  ${g.map((m) => m.code).join(' ')}`)
    })
    const used = new Set(f.tradelines.flatMap((t) => t.paymentGrid.map((m) => m.code)))
    out.push(
      `  ${[...used]
        .sort()
        .map((c) => `${c} ${GRID_LEGEND[c] ?? ''}`)
        .join(' · ')}`,
    )
  }
  return out.join('\n') + '\n'
}

/** Records an operator's read of a file in the audit log (DESIGN.md principle 3: every read is an event). */
export type RecordFileRead = (read: { consumerKey: string | null; found: boolean }) => Promise<void>

export function registerFileCommand(
  program: Command,
  files: () => Promise<FileService>,
  recordRead: RecordFileRead,
): void {
  program
    .command('file')
    .description("a consumer's whole file: identity, every tradeline with its 24-month payment grid")
    .requiredOption('--national-id <id>', 'the national ID')
    .requiredOption('--id-type <type>', 'us-ssn | cn-rid | hu-tax')
    .option('--json', 'print JSON')
    .action(async (o: { nationalId: string; idType: string; json?: boolean }) => {
      const service = await files()
      const f = await service.byNationalId(o.idType, o.nationalId).catch(async (e: unknown) => {
        if (e instanceof AppError && e.code === 'not_found')
          await recordRead({ consumerKey: null, found: false })
        throw e
      })
      // Recorded before it is shown: the consumer sees in their own log that the bureau's operator read it.
      await recordRead({ consumerKey: f.consumerKey, found: true })
      process.stdout.write(o.json ? JSON.stringify(f, null, 2) + '\n' : renderConsumerFile(f))
    })
}
