// The file-level month-over-month check: an account the furnisher's files for the latest month reported open that
// this file does not report at all (CRRG: every account every month; a silent drop leaves a stale tradeline).
import type { Metro2Issue } from '../metro2/index.ts'
import type { Tx } from '../platform/db.ts'
import {
  previousBatch,
  monthBatches,
  rejectedIn,
  vanishedAccounts,
  type FileIds,
  type PreviousBatch,
  type VanishedRow,
} from './previous-file.store.ts'
import { FINAL_STATUS_CODES, vanishedAccount } from './validation/index.ts'

export interface VanishedQuery {
  furnisherId: string
  /** The Identification Numbers the file's records carry (CRRG base field 5); null when it has none. */
  ids: FileIds
  /** The month of the file (FileApplier.activityDate). */
  activityDate: string | null
  /** Accounts this file reported but were rejected: present, so not vanished. */
  reported: ReadonlySet<string>
}

/**
 * The mom.vanished_account warnings of a file whose month is `activityDate`, a page at a time (vanishedAccounts):
 * the accounts under its numbers reported for the month of the file before under them (previousBatch), by any
 * file of it, accepted or rejected. None for a late file, for a month before the previous file's: it is not
 * expected to report the accounts opened since, and its records of stored accounts are rejected as
 * mom.doai_regressed. None for the first file under its numbers.
 */
export async function* vanishedSince(
  tx: Tx,
  q: VanishedQuery,
): AsyncGenerator<{ account: string; issue: Metro2Issue }[]> {
  const previous = await previousBatch(tx, q.furnisherId, undefined, q.ids)
  if (previous === undefined) return
  let against: PreviousBatch | undefined = previous
  let reported = q.reported
  if (q.activityDate !== null && previous.activityDate !== null) {
    if (q.activityDate < previous.activityDate) return
    // A second file for the latest month (a correction, or the month sent in parts) reports that month again:
    // the accounts an earlier file reported for it have not vanished (found by probing: a March correction of
    // one account warned of the nine others), nor those whose records it rejected. It is compared, as the first
    // was, with the month before.
    if (q.activityDate === previous.activityDate) {
      against = await previousBatch(tx, q.furnisherId, q.activityDate, q.ids)
      const earlier = await rejectedIn(tx, await monthBatches(tx, q.furnisherId, previous.batchId))
      if (earlier.length > 0) reported = new Set([...q.reported, ...earlier])
    }
  }
  if (against === undefined) return
  // The query leaves out exactly the statuses that vanishedAccount takes as the end of reporting, so every row
  // it returns is a warning (one list for both; found by probing: status 05 was counted but not warned of).
  const rows = vanishedAccounts(tx, q.furnisherId, against.batchId, FINAL_STATUS_CODES, undefined, q.ids)
  for await (const page of rows) yield warnings(page, reported)
}

function warnings(
  rows: readonly VanishedRow[],
  reported: ReadonlySet<string>,
): { account: string; issue: Metro2Issue }[] {
  const out: { account: string; issue: Metro2Issue }[] = []
  for (const v of rows) {
    if (reported.has(v.account_number)) continue
    const prior = {
      asOf: v.last_as_of,
      status: v.last_status,
      // The index keeps no Date Closed: only a final status ends an account's reporting here, since a
      // closed account that still owes is reported every month until it is paid or otherwise ends.
      closed: false,
    }
    const issue = vanishedAccount(prior, v.account_number)
    if (issue) out.push({ account: v.account_number, issue })
  }
  return out
}
