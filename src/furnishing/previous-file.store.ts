// The furnisher's file before this one, and what it reported that this one does not: the SQL of the file-level
// month-over-month check (vanished-since.ts).
import type { Tx } from '../platform/db.ts'
import { tradelineId } from './ingest.model.ts'

export interface PreviousBatch {
  batchId: string
  /** The month the file reported (FileApplier.activityDate); null for JSON Lines files applied before it was kept. */
  activityDate: string | null
}

/**
 * The Identification Numbers (CRRG base field 5) a file is compared under; null for any of the furnisher's (a
 * file of no record). A member may send one file per number (found by probing: SY001's second month warned of
 * every SY002 account as vanished), so a file is compared only with the files and accounts of its own numbers.
 * Rows kept before the numbers were (a batch's null, an account's '') go with any number.
 */
export type FileIds = readonly string[] | null

/**
 * The furnisher's file for the latest month that reported accounts under `ids`, for the month-over-month checks:
 * a file that applied none (a header and a trailer, or every record rejected) says nothing of the accounts, and
 * taking it as the month before would hide every account that vanished. Ordered by the month reported (the
 * activity date: a Metro 2 header's, or a JSON Lines file's latest Date of Account Information), not by when
 * applied: a late file for an earlier month stores only accounts new to the bureau, so as "the file before" it
 * would hide every account of the latest month that vanished next. Files for one month: the last applied. With
 * `before`, the latest month before that day: the month before a second file for the latest month
 * (vanished-since.ts).
 */
export async function previousBatch(
  tx: Tx,
  furnisherId: string,
  before?: string,
  ids: FileIds = null,
): Promise<PreviousBatch | undefined> {
  const r = await tx.raw.query<{ batch_id: string; activity_date: string | null }>(
    `select batch_id, activity_date from batches where furnisher_id = $1 and status = 'applied' and accepted > 0
        and ($2::date is null or activity_date < $2::date)
        and ($3::text[] is null or metro2_ids is null or metro2_ids && $3::text[])
      order by activity_date desc nulls last, applied_at desc limit 1`,
    [furnisherId, before ?? null, ids],
  )
  const row = r.rows[0]
  return row && { batchId: row.batch_id, activityDate: row.activity_date }
}

/** Every applied file of the month of `batchId` (that file alone for a JSON Lines file of no month). */
export async function monthBatches(tx: Tx, furnisherId: string, batchId: string): Promise<string[]> {
  const month = await tx.raw.query<{ batch_id: string }>(
    `select batch_id from batches where furnisher_id = $1 and status = 'applied' and (batch_id = $2
        or activity_date = (select activity_date from batches where furnisher_id = $1 and batch_id = $2))`,
    [furnisherId, batchId],
  )
  return month.rows.map((r) => r.batch_id)
}

/**
 * The accounts whose records the files `batchIds` (a month's: monthBatches) rejected: reported, though not stored
 * (an issue of severity error on a record). Read from the issues each file stored, keyed by the batch.
 */
export async function rejectedIn(tx: Tx, batchIds: readonly string[]): Promise<string[]> {
  const r = await tx.raw.query<{ account: string }>(
    `select distinct account from batch_issues
      where batch_id = any($1::uuid[]) and severity = 'error' and record_no is not null and account is not null`,
    [batchIds],
  )
  return r.rows.map((a) => a.account)
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
 * Accounts under `ids` the furnisher last reported, in a status other than `final`, in a file for the month of
 * `previousBatchId` (every such file: a correction or the month sent in parts reports some of them; found by
 * probing: a March correction of one account hid from April every account it left out); never the file being
 * applied, whose batch has no month until it is finished. Also those whose record a file of that month rejected
 * and that no file of a later month has stored since: reported that month all the same (found by probing: an
 * account rejected in June and left out in July was never warned of). A page at a time through a cursor of the
 * caller's transaction: a small file after a large one can leave millions (found by probing: a 90-record file
 * after one of 350,000 accounts took 480 MB as one result). Every statement is keyed by the furnisher or its
 * batches, the accounts' through account_index_furnisher (the furnisher and the batch) or their primary key, as
 * ingestion may be under Citus.
 */
export async function* vanishedAccounts(
  tx: Tx,
  furnisherId: string,
  previousBatchId: string,
  final: readonly string[],
  pageRows = 10_000,
  ids: FileIds = null,
): AsyncGenerator<VanishedRow[]> {
  const month = await monthBatches(tx, furnisherId, previousBatchId)
  const rejected = (await rejectedIn(tx, month)).map((a) => tradelineId(furnisherId, a))
  const columns = 'a.tradeline_id, a.account_number, a.last_as_of, a.last_status, a.last_dofd, a.last_history'
  const open = `a.furnisher_id = $1 and a.last_status <> all($3::text[])
     and ($4::text[] is null or a.identification_number = '' or a.identification_number = any($4::text[]))`
  await tx.raw.query(
    `declare vanished_accounts no scroll cursor for
      select ${columns} from account_index a where ${open} and a.last_batch_id = any($2::uuid[])
      union all
      select ${columns} from account_index a where ${open} and a.tradeline_id = any($5::uuid[])
         and a.last_batch_id <> all($2::uuid[])
         and exists (select 1 from batches b where b.furnisher_id = $1 and b.batch_id = a.last_batch_id
                        and b.activity_date <= (select activity_date from batches where furnisher_id = $1 and batch_id = $6))
       order by account_number`,
    [furnisherId, month, final, ids, rejected, previousBatchId],
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
