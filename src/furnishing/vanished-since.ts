// The file-level month-over-month check: an account the furnisher's files for the latest month reported open that
// this file does not report at all (CRRG: every account every month; a silent drop leaves a stale tradeline).
import type { Metro2Issue } from '../metro2/index.ts'
import type { Tx } from '../platform/db.ts'
import {
  previousBatch,
  vanishedAccounts,
  type PreviousBatch,
  type VanishedRow,
} from './previous-file.store.ts'
import { FINAL_STATUS_CODES, vanishedAccount } from './validation/index.ts'

/**
 * The mom.vanished_account warnings of a file whose month is `activityDate`, against `previous`, a page at a
 * time (vanishedAccounts): the accounts reported for the previous file's month by any file of it. None for a
 * late file, for a month before the previous file's: it is not expected to report the accounts opened since,
 * and its records of stored accounts are rejected as mom.doai_regressed.
 */
export async function* vanishedSince(
  tx: Tx,
  furnisherId: string,
  previous: PreviousBatch,
  activityDate: string | null,
  /** Accounts this file reported but were rejected: present, so not vanished. */
  reported: ReadonlySet<string>,
): AsyncGenerator<{ account: string; issue: Metro2Issue }[]> {
  let against: PreviousBatch | undefined = previous
  if (activityDate !== null && previous.activityDate !== null) {
    if (activityDate < previous.activityDate) return
    // A second file for the latest month (a correction, or the month sent in parts) reports that month again:
    // the accounts an earlier file reported for it have not vanished (found by probing: a March correction of
    // one account warned of the nine others). It is compared, as the first was, with the month before.
    if (activityDate === previous.activityDate) against = await previousBatch(tx, furnisherId, activityDate)
  }
  if (against === undefined) return
  // The query leaves out exactly the statuses that vanishedAccount takes as the end of reporting, so every row
  // it returns is a warning (one list for both; found by probing: status 05 was counted but not warned of).
  for await (const rows of vanishedAccounts(tx, furnisherId, against.batchId, FINAL_STATUS_CODES)) {
    yield warnings(rows, reported)
  }
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
      dofd: v.last_dofd,
      history: v.last_history,
      // The index keeps no Date Closed: only a final status ends an account's reporting here, since a
      // closed account that still owes is reported every month until it is paid or otherwise ends.
      closed: false,
    }
    const issue = vanishedAccount(prior, v.account_number)
    if (issue) out.push({ account: v.account_number, issue })
  }
  return out
}
