// Stored results of furnished files: the batch row and its issues.
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { AnyKysely, Db, Tx } from '../platform/db.ts'
import { afterPosition, microsecondText, pageOfRows } from '../platform/keyset-page.ts'
import type { PagePosition } from '../platform/page-cursor.ts'
import type { StoredIssue } from './ingest.rows.ts'
import type { IngestCounts } from './ingest.types.ts'

/**
 * The largest issue number (`batch_issues.seq` is a PostgreSQL integer): a page asked for after a larger one
 * is refused as bad input, where the database would fail on it (found by probing: a 500).
 */
export const MAX_ISSUE_SEQ = 2_147_483_647

export interface BatchSummary {
  batchId: string
  furnisherId: string
  fileName: string | null
  format: string
  status: 'applied' | 'rejected'
  records: number
  accepted: number
  rejected: number
  warnings: number
  errors: number
  activityDate: string | null
  receivedAt: string
  appliedAt: string
  contentHash: string
}

export interface BatchDetail extends BatchSummary {
  summary: Record<string, unknown>
}

interface BatchRowDb {
  batch_id: string
  furnisher_id: string
  file_name: string | null
  format: string
  status: 'applied' | 'rejected'
  records: number
  accepted: number
  rejected: number
  warnings: number
  errors: number
  activity_date: string | null
  received_at: Date
  applied_at: Date
  content_hash: string
  summary: Record<string, unknown>
}

const toSummary = (r: BatchRowDb): BatchSummary => ({
  batchId: r.batch_id,
  furnisherId: r.furnisher_id,
  fileName: r.file_name,
  format: r.format,
  status: r.status,
  records: r.records,
  accepted: r.accepted,
  rejected: r.rejected,
  warnings: r.warnings,
  errors: r.errors,
  activityDate: r.activity_date,
  receivedAt: r.received_at.toISOString(),
  appliedAt: r.applied_at.toISOString(),
  contentHash: r.content_hash,
})

export async function finishBatch(
  tx: Tx,
  b: {
    batchId: string
    contentHash: string
    counts: IngestCounts
    activityDate: string | null
    /** The Identification Numbers of its records applied (previousBatch compares a file under its own). */
    metro2Ids: readonly string[]
    summary: unknown
  },
): Promise<void> {
  const c = b.counts
  await sql`
    update batches set content_hash = ${b.contentHash}, records = ${c.records}, accepted = ${c.accepted},
           rejected = ${c.rejected}, warnings = ${c.warnings}, errors = ${c.errors}, activity_date = ${b.activityDate},
           metro2_ids = ${b.metro2Ids}::text[], summary = ${JSON.stringify(b.summary)}, applied_at = now()
     where batch_id = ${b.batchId}`.execute(tx.kysely)
}

/** A file that could not be read as Metro 2 at all: nothing applied, but the furnisher can see why. */
export async function recordRejectedFile(
  db: Db,
  f: { furnisherId: string; fileName: string | null; format: string; message: string; receivedAt: Date },
  /** Runs in the same transaction once the file is stored (its audit event). */
  stored: (tx: Tx, batchId: string) => Promise<void> = async () => {},
): Promise<string> {
  const batchId = randomUUID()
  await db.transaction(async (tx) => {
    await sql`
      insert into batches (batch_id, furnisher_id, content_hash, file_name, format, status, records, accepted, rejected,
                           warnings, errors, summary, received_at)
      values (${batchId}, ${f.furnisherId}, ${`unreadable:${batchId}`}, ${f.fileName}, ${f.format}, 'rejected', 0, 0, 0,
              0, 1, ${JSON.stringify({ error: f.message })}, ${f.receivedAt})`.execute(tx.kysely)
    await sql`
      insert into batch_issues (batch_id, seq, segment, rule, severity, message)
      values (${batchId}, 1, 'file', 'file.unreadable', 'error', ${f.message})`.execute(tx.kysely)
    await stored(tx, batchId)
  })
  return batchId
}

/** A keyset page of batches, newest first: a furnisher's or all, of one status or both. */
export interface BatchPage {
  furnisherId?: string | undefined
  status?: BatchSummary['status'] | undefined
  limit: number
  before?: PagePosition | undefined
}

/** A page of batches; `last` is where it ended, there only when more follow. */
export interface BatchesPage {
  items: BatchSummary[]
  last?: PagePosition
}

// Newest first by the time received, then by id (batches received in the same instant), cut after `before`.
async function pageOf(db: AnyKysely, page: BatchPage): Promise<BatchesPage> {
  const r = await sql<
    BatchRowDb & { at_text: string }
  >`select *, ${microsecondText(sql`received_at`)} as at_text
      from batches
    where ${page.furnisherId === undefined ? sql`true` : sql`furnisher_id = ${page.furnisherId}`}
      and ${page.status === undefined ? sql`true` : sql`status = ${page.status}`}
      and ${afterPosition(sql`received_at`, sql`batch_id`, page.before)}
    order by received_at desc, batch_id limit ${page.limit + 1}`.execute(db)
  return pageOfRows(r.rows, page.limit, toSummary, (row) => ({ at: row.at_text, id: row.batch_id }))
}

export type SeqIssue = StoredIssue & { seq: number }
export interface IssuePage {
  limit: number
  afterSeq: number
}

async function readIssues(
  db: AnyKysely,
  batchId: string,
  afterSeq: number,
  rows: number,
): Promise<SeqIssue[]> {
  const r = await sql<{
    seq: number
    record_no: number | null
    line: number | null
    byte_offset: number | null
    account: string | null
    segment: string
    field: string | null
    rule: string
    severity: 'error' | 'warning'
    message: string
  }>`select seq, record_no, line, byte_offset, account, segment, field, rule, severity, message
       from batch_issues where batch_id = ${batchId} and seq > ${afterSeq}
      order by seq limit ${rows}`.execute(db)
  return r.rows.map((i) => ({
    seq: i.seq,
    recordNo: i.record_no,
    line: i.line,
    offset: i.byte_offset,
    account: i.account,
    segment: i.segment,
    field: i.field,
    rule: i.rule,
    severity: i.severity,
    message: i.message,
  }))
}

export function createBatchesStore(db: AnyKysely) {
  return {
    /** The newest `limit` batches, in the order of `page`. */
    async list(filter: { furnisherId?: string | undefined; limit: number }): Promise<BatchSummary[]> {
      return (await pageOf(db, filter)).items
    },

    /**
     * A page of batches; undefined when the furnisher it names is no member. A member is looked for only behind an
     * empty page: a furnisher's own list, the common case, costs one statement.
     */
    async page(page: BatchPage): Promise<BatchesPage | undefined> {
      const found = await pageOf(db, page)
      if (page.furnisherId === undefined || found.items.length > 0) return found
      const m = await sql`select 1 from members where member_id = ${page.furnisherId}`.execute(db)
      return m.rows.length === 0 ? undefined : found
    },

    async get(batchId: string): Promise<BatchDetail | undefined> {
      if (!/^[0-9a-f-]{36}$/i.test(batchId)) return undefined
      const r = await sql<BatchRowDb>`select * from batches where batch_id = ${batchId}`.execute(db)
      const row = r.rows[0]
      return row && { ...toSummary(row), summary: row.summary }
    },

    async issues(batchId: string, page: IssuePage): Promise<SeqIssue[]> {
      return readIssues(db, batchId, page.afterSeq, page.limit)
    },

    /**
     * A page of issues and the seq to read on after, null when none follow: one row more is read than the page
     * holds (as keyset-page.ts does for the lists), since a full page may be the last (found by probing: a batch
     * of one issue read with ?limit=1 handed out a cursor to an empty page).
     */
    async issuesPage(
      batchId: string,
      page: IssuePage,
    ): Promise<{ issues: SeqIssue[]; nextAfterSeq: number | null }> {
      const rows = await readIssues(db, batchId, page.afterSeq, page.limit + 1)
      const issues = rows.slice(0, page.limit)
      return { issues, nextAfterSeq: rows.length > page.limit ? (issues.at(-1)?.seq ?? null) : null }
    },
  }
}

export type BatchesStore = ReturnType<typeof createBatchesStore>

/** A batch as ingestion writes it: its summary and the time received; the database sets applied_at (now()). */
export type BatchRow = Omit<BatchSummary, 'receivedAt' | 'appliedAt'> & { summary: unknown; receivedAt: Date }

/** The applied batch of a file of this content, if any: what a furnisher sending it again is told. */
export interface EarlierBatch {
  batchId: string
  fileName: string | null
  appliedAt: Date
  records: number
  accepted: number
  rejected: number
}

export async function batchByHash(
  tx: Tx,
  furnisherId: string,
  contentHash: string,
): Promise<EarlierBatch | undefined> {
  const r = await tx.raw.query<{
    batch_id: string
    file_name: string | null
    applied_at: Date | string
    records: number
    accepted: number
    rejected: number
  }>(
    `select batch_id, file_name, applied_at, records, accepted, rejected
       from batches where furnisher_id = $1 and content_hash = $2`,
    [furnisherId, contentHash],
  )
  const b = r.rows[0]
  if (b === undefined) return undefined
  return {
    batchId: b.batch_id,
    fileName: b.file_name,
    appliedAt: new Date(b.applied_at),
    records: Number(b.records),
    accepted: Number(b.accepted),
    rejected: Number(b.rejected),
  }
}

export async function insertBatch(tx: Tx, b: BatchRow): Promise<void> {
  await sql`
    insert into batches (batch_id, furnisher_id, content_hash, file_name, format, status, records, accepted, rejected,
                         warnings, errors, activity_date, summary, received_at)
    values (${b.batchId}, ${b.furnisherId}, ${b.contentHash}, ${b.fileName}, ${b.format}, ${b.status}, ${b.records},
            ${b.accepted}, ${b.rejected}, ${b.warnings}, ${b.errors}, ${b.activityDate}, ${JSON.stringify(b.summary)},
            ${b.receivedAt})`.execute(tx.kysely)
}
