// One chunk of accepted-so-far records, a few thousand at a time, in two steps. startChunk sends the chunk's
// questions to the database (identities, the accounts' stored state) without waiting; finishChunk takes the
// answers, runs the checks that need no identity (month over month against the furnisher's last report, one
// report per account), resolves the identities of the records that pass them and renders the rows, which it
// hands back as one write for the caller to queue. The caller starts the next chunk before finishing this one,
// so the server answers and loads while this process computes.
import type { IdentityInput, IdentityLookup, IdentityResolver, Resolution } from '../identity/index.ts'
import type { DataRecord, Metro2Issue } from '../metro2/index.ts'
import type { Tx } from '../platform/db.ts'
import { CopyBuffer } from '../platform/copy.ts'
import { AppError, hasSqlState } from '../platform/errors.ts'
import { Slicer } from '../platform/slicer.ts'
import {
  deletesAccount,
  dropsConsumer,
  recordParties,
  tradelineId,
  type NationalIdsByParty,
  type RecordParty,
} from './ingest.model.ts'
import { consumerChanges, identityInput, partiesOf } from './ingest.parties.ts'
import { accountRow, snapshotRow, tradelineRow, type RecordContext } from './ingest.rows.ts'
import {
  deleteAccounts,
  moveAccounts,
  removeConsumers,
  type AccountDeletion,
  type AccountMove,
  type ConsumerRemoval,
} from './account-changes.store.ts'
import { checkBeforeIdentity } from './check-before-identity.ts'
import { copyParts, finalRows, priorAccounts, stagedRows, type PriorAccount } from './ingest.store.ts'
import type { SeenSet } from './seen-set.ts'
import { currentAccountNumber } from './validation/index.ts'

export interface PendingRecord {
  record: DataRecord
  recordNo: number
  issues: Metro2Issue[]
  extra: Record<string, unknown> | null
  nationalIds?: NationalIdsByParty | undefined
  position: { line: number; offset: number }
}

export interface ChunkOutcome {
  /** Records that failed here (L1, month-over-month, duplicate or identity errors), with all of their issues. */
  rejected: PendingRecord[]
  /** Records written, with any warnings raised here. */
  accepted: PendingRecord[]
  consumersCreated: number
  newAccounts: number
  updatedAccounts: number
  /** Accounts moved onto a new number by an L1 segment. */
  moves: number
  /** Accounts on file deleted by a DA or DF status, or by dropping everyone on file for them (ECOA Z). */
  deleted: number
  /** Consumers dropped by ECOA Z from an account on file that someone stays on. */
  dropped: number
  /** Sends the chunk's rows, identities first; the caller queues it behind the previous chunk's write. */
  write: () => Promise<void>
}

export interface ChunkContext {
  tx: Tx
  resolver: IdentityResolver
  furnisherId: string
  batchId: string
  seen: SeenSet
  /** The furnisher has no applied file before this one, so none of its accounts is stored to look up. */
  firstFile: boolean
}

const hasError = (issues: readonly Metro2Issue[]) => issues.some((i) => i.severity === 'error')

export interface StartedChunk {
  chunk: readonly PendingRecord[]
  parties: RecordParty[][]
  owners: { pending: number; party: number }[]
  /** Each record's account number from now on, and its tradeline id. */
  numbers: string[]
  ids: string[]
  /** The tradeline id an L1 segment moves the record's account away from. */
  movedFrom: (string | undefined)[]
  identities: IdentityLookup
  prior: Promise<Map<string, PriorAccount>>
}

/** Sends the chunk's lookups now; finishChunk takes their answers. */
export async function startChunk(ctx: ChunkContext, chunk: readonly PendingRecord[]): Promise<StartedChunk> {
  const parties = chunk.map((p) => recordParties(p.record, p.nationalIds))
  const inputs: IdentityInput[] = []
  const owners: { pending: number; party: number }[] = []
  chunk.forEach((p, i) => {
    // Consumers a record drops (ECOA Z) or whose account it deletes are only looked for: never created.
    const deleting = deletesAccount(p.record)
    parties[i]!.forEach((party, j) => {
      inputs.push(identityInput(party, p.issues, deleting || dropsConsumer(party), parties[i]))
      owners.push({ pending: i, party: j })
    })
  })
  const numbers = chunk.map((p) => currentAccountNumber(p.record))
  const ids = numbers.map((n) => tradelineId(ctx.furnisherId, n))
  const movedFrom = chunk.map((p, i) => {
    const old = p.record.base.consumerAccountNumber
    return numbers[i] === old ? undefined : tradelineId(ctx.furnisherId, old)
  })
  const identities = await ctx.resolver.lookup(inputs)
  // What is stored before this file: an account reported twice in one file is caught by the SeenSet, so the
  // rows of earlier chunks, which may still be on their way, do not matter here.
  const prior = ctx.firstFile
    ? Promise.resolve(new Map<string, PriorAccount>())
    : priorAccounts(ctx.tx, [...ids, ...movedFrom.filter((id) => id !== undefined)])
  prior.catch(() => {})
  return { chunk, parties, owners, numbers, ids, movedFrom, identities, prior }
}

/**
 * Resolves the identities of the records that passed checkBeforeIdentity, and only theirs: the chunk's one
 * lookup was sent for all of its records, and its answer (what is stored) serves any subset of them. It runs
 * once per chunk even when none passed: the resolver remembers the last two chunks, as the pipeline of
 * file-applier.ts counts on.
 */
async function resolvePassed(ctx: ChunkContext, started: StartedChunk, passed: readonly boolean[]) {
  const { chunk, identities: lookup } = started
  const keep = started.owners.map((o) => passed[o.pending]!)
  const owners = started.owners.filter((_, k) => keep[k])
  const subset: IdentityLookup = {
    prepared: lookup.prepared.filter((_, k) => keep[k]),
    findOnly: lookup.findOnly.filter((_, k) => keep[k]),
    found: lookup.found,
  }
  const asOf = chunk[0]?.record.base.dateAccountInformation ?? new Date().toISOString().slice(0, 10)
  const identities = await ctx.resolver.resolve(subset, asOf)
  const resolved: (Resolution | undefined)[][] = chunk.map(() => [])
  owners.forEach((o, k) => (resolved[o.pending]![o.party] = identities.resolutions[k]))
  return { identities, resolved }
}

/** The record with the account's stored state in place of its own month, for the account's lookup row. */
const asStored = (r: DataRecord, a: PriorAccount): DataRecord => ({
  ...r,
  base: {
    ...r.base,
    dateAccountInformation: a.asOf,
    accountStatus: a.status,
    dateFirstDelinquency: a.dofd,
    paymentHistoryProfile: a.history,
    paymentRating: a.rating,
  },
})

export async function finishChunk(ctx: ChunkContext, started: StartedChunk): Promise<ChunkOutcome> {
  const { tx, furnisherId, batchId } = ctx
  const { chunk, parties, numbers, ids } = started
  const checked = await checkBeforeIdentity(started, await started.prior, ctx.seen, batchId)
  const passed = chunk.map((p) => !hasError(p.issues))
  const { identities, resolved } = await resolvePassed(ctx, started, passed)
  const out: ChunkOutcome = {
    rejected: [],
    accepted: [],
    consumersCreated: 0,
    newAccounts: 0,
    updatedAccounts: 0,
    moves: 0,
    deleted: 0,
    dropped: 0,
    write: () => Promise.resolve(),
  }
  // Rows go straight into bytes: they wait for their COPY off the JS heap (see CopyBuffer).
  const direct = { tradelines: new CopyBuffer(), snapshots: new CopyBuffer(), accounts: new CopyBuffer() }
  const staged = { tradelines: new CopyBuffer(), snapshots: new CopyBuffer(), accounts: new CopyBuffer() }
  const moves: AccountMove[] = []
  const deletions: AccountDeletion[] = []
  const removals: ConsumerRemoval[] = []

  const slicer = new Slicer()
  for (let i = 0; i < chunk.length; i++) {
    if (slicer.due()) await slicer.turn()
    const p = chunk[i]!
    if (!passed[i]) {
      out.rejected.push(p)
      continue
    }
    const r = p.record
    const { move, deletes, dropsOnly } = checked[i]!
    const { rows, dropped } = deletes
      ? { rows: [], dropped: [] }
      : partiesOf(p, parties[i]!, resolved[i]!, out)
    const before = move.before
    const { removed, kept } = consumerChanges(p, before, rows, dropped)
    // A record that only drops consumers deletes the account when it leaves no one on it (nor anyone to file
    // under: an account not on file).
    const deleting = deletes || (dropsOnly && kept.length === 0)
    // A record that keeps no consumer on its account (none identified) has nothing to file it under.
    if (hasError(p.issues) || (rows.length === 0 && !deletes && !dropsOnly)) {
      out.rejected.push(p)
      continue
    }
    out.accepted.push(p)
    if (move.from) {
      out.moves++
      moves.push({
        fromId: move.from.tradelineId,
        toId: ids[i]!,
        toNumber: numbers[i]!,
        consumerKeys: move.from.consumers.map((x) => x.consumerKey),
      })
    }
    if (deleting) {
      // The whole account goes, under its number after any move; nothing of the record itself is kept.
      if (before) {
        deletions.push({ tradelineId: ids[i]!, consumerKeys: before.consumers.map((x) => x.consumerKey) })
        out.deleted++
      }
      continue
    }
    out.dropped += removed.length
    for (const consumerKey of removed) removals.push({ consumerKey, tradelineId: ids[i]! })
    const c: RecordContext = {
      tradelineId: ids[i]!,
      accountNumber: numbers[i]!,
      furnisherId,
      batchId,
      extra: p.extra,
    }
    if (before === undefined) {
      // A new account: no stored row can conflict, so it goes straight into the final tables.
      out.newAccounts++
      for (const row of rows) {
        tradelineRow(direct.tradelines, r, row, c)
        snapshotRow(direct.snapshots, r, row.consumerKey, c)
      }
      accountRow(direct.accounts, r, rows, c)
    } else {
      out.updatedAccounts++
      const s = { ...c, recordNo: p.recordNo }
      for (const row of rows) {
        // A consumer new to the account has no stored row for the codes that stay until removed to apply to.
        const onFile = before.consumers.some((x) => x.consumerKey === row.consumerKey)
        tradelineRow(staged.tradelines, r, row, s, onFile)
        snapshotRow(staged.snapshots, r, row.consumerKey, s)
      }
      // The lookup row lists every consumer who has the account on file: those this record names, and those
      // named before whom it neither names nor drops (their rows stay, so a later DA must find them). A record
      // that only drops consumers leaves the account's state as stored: its own month was not checked against it.
      accountRow(staged.accounts, dropsOnly ? asStored(r, before) : r, [...rows, ...kept], s)
    }
  }

  out.write = async () => {
    // Every COPY of the chunk in one statement (copyAll): the consumers it creates first, whose rows its own
    // refer to. The statements after it touch only accounts and consumers stored before the file: a moved,
    // deleted or dropped account is stored, so its rows from this chunk were staged, not copied in.
    await copyParts(tx, [
      ...(await identities.copies()),
      finalRows('tradelines', direct.tradelines),
      finalRows('tradeline_snapshots', direct.snapshots),
      finalRows('account_index', direct.accounts),
      stagedRows('tradelines', staged.tradelines),
      stagedRows('tradeline_snapshots', staged.snapshots),
      stagedRows('account_index', staged.accounts),
    ]).catch((e: unknown) => {
      // New rows can only meet stored ones that a concurrent file committed after this chunk looked (for a
      // furnisher's first file, after the file began): a national ID, a consumer created for the same name,
      // birth date and postcode (its claimed match key, resolve-identities.ts), or an account of this furnisher.
      // Sent again, the file finds them and ends as if the two had been applied one after the other. Two files
      // that store such keys in opposite orders wait for each other, and PostgreSQL ends one of them as a deadlock
      // (40P01, PostgreSQL 15 docs §13.3.4): the same case.
      if (!hasSqlState(e, '23505') && !hasSqlState(e, '40P01')) throw e
      throw new AppError(
        'conflict',
        `another file stored some of these national IDs, consumers of the same name, birth date and postcode, or furnisher "${furnisherId}"'s accounts while this one was applied; nothing from this file was applied: send it again`,
      )
    })
    await identities.statements()
    await moveAccounts(tx, moves)
    await deleteAccounts(tx, deletions)
    await removeConsumers(tx, removals)
  }
  return out
}
