// What a record meets on file: the stored state of its account from an earlier file, and what an L1 segment
// does to it. Pure: the stored state comes in from the chunk's lookup.
import type { DataRecord, Metro2Issue } from '../metro2/index.ts'
import { CLOSED_STATUSES } from './ingest.model.ts'
import type { PriorAccount } from './ingest.store.ts'

/**
 * The stored state of an account, when an earlier file stored it. A row this file wrote itself (an account
 * reported twice in the file, whose second report is rejected) is not the stored state, and whether it is
 * visible yet depends on timing.
 */
export const fromEarlierFile = (a: PriorAccount | undefined, batchId: string): PriorAccount | undefined =>
  a?.lastBatchId === batchId ? undefined : a

/**
 * What an L1 segment does to the record's account (CRRG L1 field 3): moves the stored account from the Base
 * Segment's number onto the new one. Nothing when no earlier file holds the old number (the account starts under
 * the new one) or when the move is already done; an error when both numbers are on file, since two accounts'
 * histories would be merged. `before` is the stored state that the record continues, which its month-over-month
 * checks compare against: the moved account's; for a refused move, still the account under the old number, never
 * the other account that holds the new one.
 */
export function moveOf(
  r: DataRecord,
  number: string,
  id: string,
  fromId: string | undefined,
  prior: ReadonlyMap<string, PriorAccount>,
  batchId: string,
): { from?: PriorAccount; before?: PriorAccount | undefined; issue?: Metro2Issue } {
  const own = fromEarlierFile(prior.get(id), batchId)
  if (fromId === undefined) return { before: own }
  const from = fromEarlierFile(prior.get(fromId), batchId)
  if (from === undefined) return { before: own }
  if (own === undefined) return { from, before: from }
  return {
    before: from,
    issue: {
      segment: 'l1',
      field: 'newConsumerAccountNumber',
      rule: 'file.l1_number_taken',
      severity: 'error',
      message: `the L1 segment moves account "${r.base.consumerAccountNumber}" to "${number}", which is on file as another account; the two histories are not merged`,
    },
  }
}

export function priorState(a: PriorAccount) {
  return {
    asOf: a.asOf,
    status: a.status,
    dofd: a.dofd,
    history: a.history,
    rating: a.rating,
    closed: CLOSED_STATUSES.has(a.status),
  }
}
