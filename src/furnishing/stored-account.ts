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
 * Segment's number onto the new one, whose history the month-over-month checks then compare against. Nothing when
 * no earlier file holds the old number (the account starts under the new one) or when the move is already done;
 * an error when both numbers are on file, since two accounts' histories would be merged.
 */
export function moveOf(
  r: DataRecord,
  number: string,
  id: string,
  fromId: string | undefined,
  prior: ReadonlyMap<string, PriorAccount>,
  batchId: string,
): { from?: PriorAccount; issue?: Metro2Issue } {
  if (fromId === undefined) return {}
  const from = fromEarlierFile(prior.get(fromId), batchId)
  if (from === undefined) return {}
  if (fromEarlierFile(prior.get(id), batchId) === undefined) return { from }
  return {
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
    closed: CLOSED_STATUSES.has(a.status),
  }
}
