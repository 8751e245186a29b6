// `openbureau file --national-id ID --id-type TYPE [--json]`: the whole consumer file, readable or JSON.
import type { Command } from 'commander'
import type { Identity, PiiEntry } from '../identity/index.ts'
import { renderTable } from '../platform/cli/table.ts'
import type { ConsumerFile } from './file.model.ts'
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

export function registerFileCommand(program: Command, files: () => Promise<FileService>): void {
  program
    .command('file')
    .description("a consumer's whole file: identity, every tradeline with its 24-month payment grid")
    .requiredOption('--national-id <id>', 'the national ID')
    .requiredOption('--id-type <type>', 'us-ssn | cn-rid | hu-tax')
    .option('--json', 'print JSON')
    .action(async (o: { nationalId: string; idType: string; json?: boolean }) => {
      const f = await (await files()).byNationalId(o.idType, o.nationalId)
      process.stdout.write(o.json ? JSON.stringify(f, null, 2) + '\n' : renderConsumerFile(f))
    })
}
