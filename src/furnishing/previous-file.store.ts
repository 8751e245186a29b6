// The furnisher's file before this one, and what it reported that this one does not: the SQL of the file-level
// month-over-month check (vanished-since.ts).
import type { Tx } from '../platform/db.ts'

export interface PreviousBatch {
  batchId: string
  /** The month the file reported (FileApplier.activityDate); null for JSON Lines files applied before it was kept. */
  activityDate: string | null
}

/**
 * The furnisher's file for the latest month that reported accounts, for the month-over-month checks: a file
 * that applied none (a header and a trailer, or every record rejected) says nothing of the accounts, and taking
 * it as the month before would hide every account that vanished. Ordered by the month reported (the activity
 * date: a Metro 2 header's, or a JSON Lines file's latest Date of Account Information), not by when applied: a
 * late file for an earlier month stores only accounts new to the bureau, so as "the file before" it would hide
 * every account of the latest month that vanished next. Files for one month: the last applied. With `before`,
 * the latest month before that day: the month before a second file for the latest month (vanished-since.ts).
 */
export async function previousBatch(
  tx: Tx,
  furnisherId: string,
  before?: string,
): Promise<PreviousBatch | undefined> {
  const r = await tx.raw.query<{ batch_id: string; activity_date: string | null }>(
    `select batch_id, activity_date from batches where furnisher_id = $1 and status = 'applied' and accepted > 0
        and ($2::date is null or activity_date < $2::date)
      order by activity_date desc nulls last, applied_at desc limit 1`,
    [furnisherId, before ?? null],
  )
  const row = r.rows[0]
  return row && { batchId: row.batch_id, activityDate: row.activity_date }
}

export interface VanishedRow {
  tradeline_id: string
  account_number: string
  last_as_of: string
  last_status: string
  last_dofd: string | null
  last_history: string
}

/**
 * Accounts the furnisher last reported, in a status other than `final`, in a file for the month of
 * `previousBatchId` (every such file: a correction or the month sent in parts reports some of them; found by
 * probing: a March correction of one account hid from April every account it left out); never the file being
 * applied, whose batch has no month until it is finished. A page at a time through a cursor of the caller's
 * transaction: a small file after a large one can leave millions (found by probing: a 90-record file after one
 * of 350,000 accounts took 480 MB as one result). Both statements are keyed by the furnisher, the accounts'
 * through account_index_furnisher (the furnisher and the batch), as ingestion may be under Citus.
 */
export async function* vanishedAccounts(
  tx: Tx,
  furnisherId: string,
  previousBatchId: string,
  final: readonly string[],
  pageRows = 10_000,
): AsyncGenerator<VanishedRow[]> {
  // A batch of a JSON Lines file applied before the month was kept has none: that file alone.
  const month = await tx.raw.query<{ batch_id: string }>(
    `select batch_id from batches where furnisher_id = $1 and status = 'applied' and (batch_id = $2
        or activity_date = (select activity_date from batches where furnisher_id = $1 and batch_id = $2))`,
    [furnisherId, previousBatchId],
  )
  await tx.raw.query(
    `declare vanished_accounts no scroll cursor for
      select tradeline_id, account_number, last_as_of, last_status, last_dofd, last_history from account_index
       where furnisher_id = $1 and last_batch_id = any($2::uuid[]) and last_status <> all($3::text[])
       order by account_number`,
    [furnisherId, month.rows.map((r) => r.batch_id), final],
  )
  try {
    for (;;) {
      const page = await tx.raw.query<VanishedRow>(
        `fetch forward ${Math.floor(pageRows)} from vanished_accounts`,
      )
      if (page.rows.length > 0) yield page.rows
      if (page.rows.length < pageRows) return
    }
  } finally {
    await tx.raw.query('close vanished_accounts')
  }
}
