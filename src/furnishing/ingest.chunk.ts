// One chunk of accepted-so-far records, a few thousand at a time: identities resolved, month-over-month
// checks against the furnisher's last report, then rows rendered and written by COPY. Memory holds one
// chunk, whatever the file size.
import type { IdentityInput, IdentityService, Resolution } from '../identity/index.ts'
import { parseNationalId } from '../identity/index.ts'
import type { DataRecord, Metro2Issue } from '../metro2/index.ts'
import type { Tx } from '../platform/db.ts'
import {
  CLOSED_STATUSES,
  recordParties,
  tradelineId,
  type NationalIdsByParty,
  type RecordParty,
} from './ingest.model.ts'
import { accountLine, snapshotLine, tradelineLine, type PartyRow, type RecordContext } from './ingest.rows.ts'
import { copyRows, copyStaged, priorAccounts, type PriorAccount } from './ingest.store.ts'
import type { SeenSet } from './seen-set.ts'
import { validateMonthOverMonth } from './validation/index.ts'

export interface PendingRecord {
  record: DataRecord
  recordNo: number
  issues: Metro2Issue[]
  extra: Record<string, unknown> | null
  nationalIds?: NationalIdsByParty | undefined
}

export interface ChunkOutcome {
  /** Records that failed here (identity or month-over-month errors), with all of their issues. */
  rejected: PendingRecord[]
  /** Records written, with any warnings raised here. */
  accepted: PendingRecord[]
  consumersCreated: number
  newAccounts: number
  updatedAccounts: number
  /** The chunk's rows on their way to the server; settles when they are all written. */
  written: Promise<void>
}

export interface ChunkContext {
  tx: Tx
  identity: Pick<IdentityService, 'resolveIdentities'>
  furnisherId: string
  batchId: string
  seen: SeenSet
}

const hasError = (issues: readonly Metro2Issue[]) => issues.some((i) => i.severity === 'error')

function identityInput(p: RecordParty, issues: Metro2Issue[]): IdentityInput {
  let nationalId: IdentityInput['nationalId']
  const given =
    p.nationalId ?? (p.ssn > 0 ? { type: 'us-ssn', value: String(p.ssn).padStart(9, '0') } : undefined)
  if (given) {
    const parsed = parseNationalId(given.type, given.value)
    if (parsed.ok) nationalId = { type: parsed.type, normalised: parsed.normalised }
    else {
      issues.push({
        segment: p.segment,
        field: p.nationalId ? 'nationalId' : 'socialSecurityNumber',
        rule: 'identity.national_id',
        severity: 'warning',
        message: `the national ID is not valid (${parsed.message}); matched on name, birth date and postcode instead`,
      })
    }
  }
  return {
    nationalId,
    surname: p.surname,
    firstName: p.firstName,
    middleName: p.middleName,
    generation: p.generationCode,
    birthDate: p.birthDate,
    address: p.address,
    phone: p.phone > 0 ? String(p.phone) : undefined,
  }
}

function consumerInfo(r: DataRecord, p: RecordParty): string {
  if (p.segment === 'base') return r.base.consumerInformationIndicator
  const seg = p.segment === 'j1' ? r.j1[p.index] : r.j2[p.index]
  return seg?.consumerInformationIndicator ?? ''
}

export async function writeChunk(ctx: ChunkContext, chunk: readonly PendingRecord[]): Promise<ChunkOutcome> {
  const { tx, furnisherId, batchId } = ctx
  const parties = chunk.map((p) => recordParties(p.record, p.nationalIds))
  const inputs: IdentityInput[] = []
  const owners: { pending: number; party: number }[] = []
  chunk.forEach((p, i) =>
    parties[i]!.forEach((party, j) => {
      inputs.push(identityInput(party, p.issues))
      owners.push({ pending: i, party: j })
    }),
  )
  const asOf = chunk[0]?.record.base.dateAccountInformation ?? new Date().toISOString().slice(0, 10)
  const resolutions = await ctx.identity.resolveIdentities(tx, inputs, asOf, furnisherId)
  const resolved: (Resolution | undefined)[][] = chunk.map(() => [])
  owners.forEach((o, k) => (resolved[o.pending]![o.party] = resolutions[k]))

  const ids = chunk.map((p) => tradelineId(furnisherId, p.record.base.consumerAccountNumber))
  const prior = await priorAccounts(tx, ids)
  const out: ChunkOutcome = {
    rejected: [],
    accepted: [],
    consumersCreated: 0,
    newAccounts: 0,
    updatedAccounts: 0,
    written: Promise.resolve(),
  }
  const direct = { tradelines: [] as string[], snapshots: [] as string[], accounts: [] as string[] }
  const staged = { tradelines: [] as string[], snapshots: [] as string[], accounts: [] as string[] }

  chunk.forEach((p, i) => {
    const r = p.record
    const rows: PartyRow[] = []
    parties[i]!.forEach((party, j) => {
      const res = resolved[i]![j]
      if (res === undefined) return
      if (!res.ok) {
        p.issues.push({
          segment: party.segment,
          rule: 'identity.unresolved',
          severity: party.segment === 'base' ? 'error' : 'warning',
          message: `the ${party.segment === 'base' ? 'consumer' : `associated consumer (${party.segment.toUpperCase()})`} cannot be identified: ${res.message}`,
        })
        return
      }
      if (res.created) out.consumersCreated++
      // The same person twice on one account (base and J1 alike) is one party: the first segment wins.
      if (rows.some((x) => x.consumerKey === res.consumerKey)) return
      rows.push({
        consumerKey: res.consumerKey,
        ecoaCode: party.ecoaCode,
        matchReason: res.reason,
        consumerInfo: consumerInfo(r, party),
      })
    })
    const before = prior.get(ids[i]!)
    if (before) p.issues.push(...validateMonthOverMonth(r, priorState(before)))
    // Only accepted records claim their account, so a rejected first report does not block a good second one.
    const earlier =
      hasError(p.issues) || rows.length === 0 ? undefined : ctx.seen.addOrGet(ids[i]!, p.recordNo)
    if (earlier !== undefined) {
      p.issues.push({
        segment: 'base',
        field: 'consumerAccountNumber',
        rule: 'file.duplicate_account',
        severity: 'error',
        message: `account "${r.base.consumerAccountNumber}" is already reported in this file by record ${earlier}`,
      })
    }
    if (hasError(p.issues) || rows.length === 0) {
      out.rejected.push(p)
      return
    }
    out.accepted.push(p)
    const c: RecordContext = { tradelineId: ids[i]!, furnisherId, batchId, extra: p.extra }
    if (before === undefined) {
      // A new account: no stored row can conflict, so it goes straight into the final tables.
      out.newAccounts++
      for (const row of rows) {
        direct.tradelines.push(tradelineLine(r, row, c))
        direct.snapshots.push(snapshotLine(r, row.consumerKey, c))
      }
      direct.accounts.push(accountLine(r, rows, c))
    } else {
      out.updatedAccounts++
      const s = { ...c, recordNo: p.recordNo }
      for (const row of rows) {
        staged.tradelines.push(tradelineLine(r, row, s))
        staged.snapshots.push(snapshotLine(r, row.consumerKey, s))
      }
      staged.accounts.push(accountLine(r, rows, s))
    }
  })

  // Sent, not awaited: the server loads this chunk while the caller parses and validates the next one. The
  // connection runs statements in order, so the next chunk's lookups still see these rows.
  out.written = (async () => {
    await copyRows(tx, 'tradelines', direct.tradelines)
    await copyRows(tx, 'tradeline_snapshots', direct.snapshots)
    await copyRows(tx, 'account_index', direct.accounts)
    await copyStaged(tx, 'tradelines', staged.tradelines)
    await copyStaged(tx, 'tradeline_snapshots', staged.snapshots)
    await copyStaged(tx, 'account_index', staged.accounts)
  })()
  return out
}

export function priorState(a: PriorAccount) {
  return {
    asOf: a.asOf,
    status: a.status,
    dofd: a.dofd,
    history: a.history,
    closed: CLOSED_STATUSES.has(a.status),
  }
}
