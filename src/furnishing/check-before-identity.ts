// The checks of a chunk's records that need no identity resolved: a consumer the record cannot identify at all,
// the L1 move, the history against the stored account (month over month) and one report per account in a file. They run before the chunk's identities are resolved,
// and only the records they pass are resolved: a record they reject writes nothing about its consumers and
// creates none (found by probing: a re-aged record's new name and address were stored, and a duplicate copy of
// an account with a new SSN created a consumer with no account).
import type { IdentityLookup } from '../identity/index.ts'
import type { DataRecord, Metro2Issue } from '../metro2/index.ts'
import { Slicer } from '../platform/slicer.ts'
import { deletesAccount, dropsConsumer, type RecordParty } from './ingest.model.ts'
import { unresolvedIssue } from './ingest.parties.ts'
import type { PriorAccount } from './ingest.store.ts'
import type { SeenSet } from './seen-set.ts'
import { moveOf, priorState } from './stored-account.ts'
import { validateMonthOverMonth } from './validation/index.ts'

export interface CheckedRecord {
  move: ReturnType<typeof moveOf>
  /** The record deletes its whole account: Account Status DA or DF (CRRG Exhibit 4). */
  deletes: boolean
  /**
   * Every consumer the record names has ECOA Z: it only drops them, and stores nothing of its own month. Whether
   * the account goes too depends on who is on file for it, which finishChunk knows once they are resolved.
   */
  dropsOnly: boolean
}

export interface ChunkRecords {
  chunk: readonly { record: DataRecord; recordNo: number; issues: Metro2Issue[] }[]
  parties: readonly (readonly RecordParty[])[]
  /** Each record's account number from now on, its tradeline id, and the id an L1 segment moves it from. */
  numbers: readonly string[]
  ids: readonly string[]
  movedFrom: readonly (string | undefined)[]
  /** Each party's identity as prepared from the record alone (`owners[k]` is the record and party of entry k). */
  owners: readonly { pending: number; party: number }[]
  identities: Pick<IdentityLookup, 'prepared'>
}

const hasError = (issues: readonly Metro2Issue[]) => issues.some((i) => i.severity === 'error')

/**
 * Adds each record's issues from these checks to its own. A record whose consumer (base segment) what it carries
 * cannot identify (no valid national ID, nor name, birth date and postcode) is rejected here: it takes no account
 * number from a later good report, and its J1/J2 consumers are not created. An account is taken, in `seen`, by
 * the first report that passes them; a later one is a duplicate (file.duplicate_account), even when the first is
 * then rejected because resolution cannot tell its consumer (an ambiguous match): which report is the duplicate
 * is decided before identities are, so
 * that the duplicate is never resolved, and wherever the chunks fall. A first report rejected here takes
 * nothing, so a good second one is applied.
 */
export async function checkBeforeIdentity(
  c: ChunkRecords,
  prior: ReadonlyMap<string, PriorAccount>,
  seen: SeenSet,
  batchId: string,
): Promise<CheckedRecord[]> {
  const out: CheckedRecord[] = []
  // The prepared identity of each record's consumer (base segment).
  const base = new Map<number, number>()
  c.owners.forEach((o, k) => {
    if (c.parties[o.pending]![o.party]!.segment === 'base') base.set(o.pending, k)
  })
  const slicer = new Slicer()
  for (let i = 0; i < c.chunk.length; i++) {
    if (slicer.due()) await slicer.turn()
    const p = c.chunk[i]!
    const r = p.record
    const move = moveOf(r, c.numbers[i]!, c.ids[i]!, c.movedFrom[i], prior, batchId)
    if (move.issue) p.issues.push(move.issue)
    // ECOA Z segments only name consumers to drop (CRRG Exhibit 10): a record of nothing else stores no month of
    // the account, and deletes it only when those it drops are everyone on it (found by probing: an all-Z record
    // deleted a joint account from its co-borrower's file, and one naming a stranger from its consumer's).
    const deletes = deletesAccount(r)
    const dropsOnly = c.parties[i]!.every(dropsConsumer)
    const k = base.get(i)
    const prepared = k === undefined ? undefined : c.identities.prepared[k]
    const party = k === undefined ? undefined : c.parties[i]![c.owners[k]!.party]!
    if (!deletes && party && !dropsConsumer(party) && prepared !== undefined && 'ok' in prepared)
      p.issues.push(unresolvedIssue(party, prepared))
    // A deletion is not checked against the history it deletes: a re-aged or unshifted DA must still delete. Nor is
    // a record that only drops consumers, whose month is not stored.
    if (move.before && !deletes && !dropsOnly)
      p.issues.push(...validateMonthOverMonth(r, priorState(move.before)))
    // A move takes the old number too: the same file cannot also report the account under it.
    const claims = move.from === undefined ? [c.ids[i]!] : [c.ids[i]!, move.from.tradelineId]
    out.push({ move, deletes, dropsOnly })
    if (hasError(p.issues)) continue
    const earlier = claims.map((id) => seen.get(id)).find((n) => n !== undefined)
    if (earlier === undefined) {
      for (const id of claims) seen.addOrGet(id, p.recordNo)
      continue
    }
    p.issues.push({
      segment: 'base',
      field: 'consumerAccountNumber',
      rule: 'file.duplicate_account',
      severity: 'error',
      message: `account "${r.base.consumerAccountNumber}" is already reported in this file by record ${earlier}`,
    })
  }
  return out
}
