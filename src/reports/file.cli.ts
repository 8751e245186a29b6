// `openbureau file --national-id ID --id-type TYPE [--json]`: the whole consumer file, readable or JSON.
import type { Command } from 'commander'
import type { Identity, PiiEntry } from '../identity/index.ts'
import { AppError } from '../platform/errors.ts'
import { renderTable } from '../platform/cli/table.ts'
import { isAlternativePayment } from './attributes.model.ts'
import { renderProtections, type FileProtections } from './file-protections.cli.ts'
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

// CRRG Exhibits 6 and 7 (Special Comment, base field 19), in plain words.
const SPECIAL_COMMENT_TEXT: Readonly<Record<string, string>> = {
  B: 'payments managed by a financial counseling program',
  C: 'paid by a co-maker or guarantor',
  H: 'loan assumed by another party',
  I: 'election of remedy',
  M: "account closed at the credit grantor's request",
  O: 'account transferred to another company or servicer',
  S: 'special handling: contact the credit grantor',
  V: 'adjustment pending',
  AB: 'debt being paid through insurance',
  AC: 'paying under a partial payment agreement',
  AH: 'purchased by another company',
  AI: 'recalled to active military duty',
  AL: 'student loan assigned to the government',
  AM: 'payments assured by wage garnishment',
  AN: 'account acquired by the FDIC or NCUA',
  AO: 'voluntarily surrendered, then redeemed or reinstated',
  AP: 'credit line suspended',
  AS: 'account closed due to refinance',
  AT: 'account closed due to transfer',
  AU: 'account paid in full for less than the full balance',
  AV: 'first payment never received',
  AW: 'affected by a natural or declared disaster',
  AX: 'account paid from collateral',
  AZ: 'redeemed or reinstated repossession',
  BA: 'transferred to recovery',
  BB: 'full termination, status pending',
  BC: 'full termination, obligation satisfied',
  BD: 'full termination, balance owing',
  BE: 'early termination, status pending',
  BF: 'early termination, obligation satisfied',
  BG: 'early termination, balance owing',
  BH: 'early termination, insurance loss',
  BI: 'involuntary repossession',
  BJ: 'involuntary repossession, obligation satisfied',
  BK: 'involuntary repossession, balance owing',
  BL: 'credit card lost or stolen',
  BN: 'paid by the company that originally sold the merchandise',
  BO: 'foreclosure proceedings started',
  BP: 'paid through insurance',
  BS: 'prepaid lease',
  BT: 'principal deferred, interest payment only',
  CH: 'guaranteed or insured',
  CI: 'account closed due to inactivity',
  CJ: 'credit line no longer available, in repayment phase',
  CK: 'credit line reduced due to collateral depreciation',
  CL: 'credit line suspended due to collateral depreciation',
  CM: 'collateral released by the creditor, balance owing',
  CN: 'loan modified under a federal government plan',
  CO: 'loan modified',
  CP: 'account in forbearance',
  DE: 'debt extinguished under state law',
}

// CRRG Exhibit 8 (Compliance Condition Code, base field 20): the disputes a furnisher reports.
const COMPLIANCE_CONDITION_TEXT: Readonly<Record<string, string>> = {
  XA: "account closed at the consumer's request",
  XB: 'disputed by the consumer under the FCRA; the furnisher is investigating',
  XC: 'FCRA dispute investigated; the consumer disagrees with the result',
  XD: "closed at the consumer's request; disputed under the FCRA, the furnisher is investigating",
  XE: "closed at the consumer's request; FCRA dispute investigated, the consumer disagrees",
  XF: 'disputed by the consumer under the FCBA; the furnisher is investigating',
  XG: 'FCBA dispute investigated; the consumer disagrees with the result',
  XH: 'previously disputed; investigation completed',
  XJ: "closed at the consumer's request; disputed under the FCBA, the furnisher is investigating",
  XR: 'the compliance condition reported before is removed',
}

// CRRG Exhibit 11 (Consumer Information Indicator, base field 38): A-D, E-H, I-L and M-P run through the
// bankruptcy chapters 7, 11, 12 and 13 in that order.
const CHAPTERS = ['7', '11', '12', '13']
const CONSUMER_INFORMATION_TEXT: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    (
      [
        ['ABCD', (c: string) => `petition for Chapter ${c} bankruptcy`],
        ['EFGH', (c: string) => `discharged through Chapter ${c} bankruptcy`],
        ['IJKL', (c: string) => `Chapter ${c} bankruptcy dismissed`],
        ['MNOP', (c: string) => `Chapter ${c} bankruptcy withdrawn`],
      ] as const
    ).flatMap(([letters, text]) => [...letters].map((l, i) => [l, text(CHAPTERS[i] ?? '')])),
  ),
  Q: 'bankruptcy indicator removed, or bankruptcy closed without a discharge',
  R: 'Chapter 7 reaffirmation of debt',
  S: 'reaffirmation of debt or lease assumption removed',
  T: 'the credit grantor cannot locate the consumer',
  U: 'the consumer is located again',
  V: 'Chapter 7 reaffirmation of debt rescinded',
  Z: 'bankruptcy, chapter not designated',
  '1A': 'personal receivership',
  '2A': 'lease assumption',
}

const coded = (name: string, code: string, table: Readonly<Record<string, string>>) =>
  table[code] === undefined ? `${name} ${code}` : `${name} ${code}: ${table[code]}`

/** The account's own fields beyond the tables, one line each: only those that are reported. */
function accountNotes(t: FileTradeline): string[] {
  const notes: string[] = []
  if (t.amounts.chargedOff > 0)
    notes.push(`charged off: ${money(t.amounts.chargedOff)} (the original amount)`)
  if (t.specialComment) notes.push(coded('special comment', t.specialComment, SPECIAL_COMMENT_TEXT))
  if (t.complianceCondition)
    notes.push(coded('compliance condition', t.complianceCondition, COMPLIANCE_CONDITION_TEXT))
  if (t.consumerInformationIndicator)
    notes.push(coded('consumer information', t.consumerInformationIndicator, CONSUMER_INFORMATION_TEXT))
  return notes
}

/** The file as text; with its protections when given (the operator's read), after the identity. */
export function renderConsumerFile(f: ConsumerFile, protections?: FileProtections): string {
  const out: string[] = [
    `Consumer file ${f.consumerKey}${f.identity.shredded ? ' (erased: personal data unreadable)' : ''}`,
    '',
    identityText(f.identity),
    '',
  ]
  if (protections !== undefined) out.push(...renderProtections(protections), '')
  out.push(`Tradelines: ${f.tradelines.length}`)
  if (f.tradelines.length > 0) {
    // Two tables keyed by #, the accounts and then their dates and amounts: one would run past 160 columns.
    out.push(
      renderTable(
        ['#', 'furnisher', 'account', 'type', 'role', 'status'],
        f.tradelines.map((t, i) => [
          i + 1,
          t.furnisher.name,
          t.accountNumber,
          t.accountType.text,
          t.role.text,
          t.status.text,
        ]),
      ),
      renderTable(
        [
          '#',
          'opened',
          'closed',
          'first delinquency',
          'last payment',
          'as of',
          'balance',
          'limit',
          'high credit',
          'past due',
        ],
        f.tradelines.map((t, i) => [
          i + 1,
          t.dates.opened,
          t.dates.closed,
          t.dates.firstDelinquency,
          t.dates.lastPayment,
          t.dates.accountInformation,
          money(t.amounts.balance),
          // Two fields (CRRG Base Segment fields 12 and 13): one column showed the Highest Credit under "limit"
          // where the limit was 0 (found by probing).
          money(t.amounts.creditLimit),
          money(t.amounts.highestCredit),
          money(t.amounts.pastDue),
        ]),
      ),
    )
    const notes = f.tradelines.flatMap((t, i) =>
      [...accountNotes(t), ...tradelineNotes(t)].map((n) => `  #${i + 1} ${n}`),
    )
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
  protections: (consumerKey: string) => Promise<FileProtections>,
): void {
  program
    .command('file')
    .description(
      "a consumer's whole file: identity, the freeze and fraud alerts in force, every tradeline with its 24-month payment grid",
    )
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
      const p = await protections(f.consumerKey)
      // Recorded before it is shown: the consumer sees in their own log that the bureau's operator read it.
      await recordRead({ consumerKey: f.consumerKey, found: true })
      process.stdout.write(o.json ? JSON.stringify({ ...f, ...p }, null, 2) + '\n' : renderConsumerFile(f, p))
    })
}
