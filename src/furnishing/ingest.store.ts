// The SQL of ingestion, but for the file before (previous-file.store.ts) and the batch row (batches.store.ts).
// New accounts go straight into the final tables by COPY; rows that may meet an existing row (accounts already on
// file, a month sent again) go through temporary staging tables and are merged with ON CONFLICT at the end of the
// file, inside the same transaction.
import { holdAgainstShred } from '../identity/index.ts'
import type { CopyBuffer } from '../platform/copy.ts'
import type { CopyPart, Tx } from '../platform/db.ts'
import { COMPLIANCE_REMOVALS, CONSUMER_INFO_REMOVALS } from './ingest.rows.ts'

export const TRADELINE_COLUMNS = [
  'consumer_key',
  'tradeline_id',
  'furnisher_id',
  'account_number',
  'ecoa_code',
  'match_reason',
  'portfolio_type',
  'account_type',
  'date_opened',
  'credit_limit',
  'highest_credit',
  'terms_duration',
  'terms_frequency',
  'scheduled_payment',
  'actual_payment',
  'account_status',
  'payment_rating',
  'payment_history',
  'special_comment',
  'compliance_condition',
  'current_balance',
  'amount_past_due',
  'original_charge_off',
  'as_of',
  'date_first_delinquency',
  'date_closed',
  'date_last_payment',
  'interest_type',
  'consumer_info',
  'extra',
  'last_batch_id',
] as const

export const SNAPSHOT_COLUMNS = [
  'consumer_key',
  'tradeline_id',
  'as_of',
  'batch_id',
  'account_status',
  'payment_rating',
  'payment_history',
  'special_comment',
  'compliance_condition',
  'credit_limit',
  'highest_credit',
  'scheduled_payment',
  'actual_payment',
  'current_balance',
  'amount_past_due',
  'original_charge_off',
  'date_first_delinquency',
  'date_closed',
  'date_last_payment',
] as const

export const ACCOUNT_COLUMNS = [
  'tradeline_id',
  'furnisher_id',
  'account_number',
  'consumers',
  'last_as_of',
  'last_status',
  'last_dofd',
  'last_history',
  'last_batch_id',
  'last_rating',
  'identification_number',
] as const

export const ISSUE_COLUMNS = [
  'batch_id',
  'seq',
  'record_no',
  'line',
  'byte_offset',
  'account',
  'segment',
  'field',
  'rule',
  'severity',
  'message',
] as const

const list = (cols: readonly string[]) => cols.join(', ')
const updates = (cols: readonly string[], key: readonly string[], set: Record<string, string> = {}) =>
  cols
    .filter((c) => !key.includes(c))
    .map((c) => `${c} = ${set[c] ?? `excluded.${c}`}`)
    .join(', ')

/**
 * A code that stays until removed (ingest.rows.ts, CRRG Exhibits 8 and 11), on conflict: a blank keeps the stored
 * code, a removal value clears it, any other code replaces it. One CASE per row: the merge stays one pass.
 */
const stays = (column: string, removals: readonly string[]) =>
  `case when excluded.${column} = '' then tradelines.${column} ` +
  `when excluded.${column} in (${removals.map((r) => `'${r}'`).join(', ')}) then '' else excluded.${column} end`
const TRADELINE_SET = {
  compliance_condition: stays('compliance_condition', COMPLIANCE_REMOVALS),
  consumer_info: stays('consumer_info', CONSUMER_INFO_REMOVALS),
}
/** A snapshot's Compliance Condition Code: the one in effect, as merged into the tradeline of its month. */
const snapshotSelect = SNAPSHOT_COLUMNS.map((c) =>
  c === 'compliance_condition' ? 'coalesce(m.compliance_condition, s.compliance_condition)' : `s.${c}`,
).join(', ')

export interface PriorAccount {
  tradelineId: string
  asOf: string
  status: string
  dofd: string | null
  history: string
  /** The Payment Rating last reported (CRRG field 17B); '' when none, or stored before it was kept. */
  rating: string
  consumers: { consumerKey: string; ecoa: string }[]
  lastBatchId: string
}

export async function priorAccounts(tx: Tx, ids: readonly string[]): Promise<Map<string, PriorAccount>> {
  if (ids.length === 0) return new Map()
  const r = await tx.raw.query<{
    tradeline_id: string
    last_as_of: string
    last_status: string
    last_dofd: string | null
    last_history: string
    last_rating: string
    consumers: PriorAccount['consumers']
    last_batch_id: string
  }>(
    `select tradeline_id, last_as_of, last_status, last_dofd, last_history, last_rating, consumers, last_batch_id
       from account_index where tradeline_id = any($1::uuid[])`,
    [ids],
  )
  return new Map(
    r.rows.map((a) => [
      a.tradeline_id,
      {
        tradelineId: a.tradeline_id,
        asOf: a.last_as_of,
        status: a.last_status,
        dofd: a.last_dofd,
        history: a.last_history,
        rating: a.last_rating,
        consumers: a.consumers,
        lastBatchId: a.last_batch_id,
      },
    ]),
  )
}

/**
 * JIT off for the file's transaction: its tables grow unanalysed inside it, so the planner's estimates for each
 * chunk's lookups climb past the JIT thresholds and every lookup would compile (tens of milliseconds, measured
 * in the statement log) to run a few thousand index probes.
 */
export async function withoutJit(tx: Tx): Promise<void> {
  await tx.raw.exec('set local jit = off')
}

export async function createStaging(tx: Tx): Promise<void> {
  await tx.raw.exec(`
    create temporary table stage_tradelines (like tradelines including defaults, record_no integer not null) on commit drop;
    create temporary table stage_snapshots (like tradeline_snapshots, record_no integer not null) on commit drop;
    create temporary table stage_accounts (like account_index, record_no integer not null) on commit drop;`)
}

export type Target = 'tradelines' | 'tradeline_snapshots' | 'account_index' | 'batch_issues'
const COLUMNS: Record<Target, readonly string[]> = {
  tradelines: TRADELINE_COLUMNS,
  tradeline_snapshots: SNAPSHOT_COLUMNS,
  account_index: ACCOUNT_COLUMNS,
  batch_issues: ISSUE_COLUMNS,
}
const STAGE: Partial<Record<Target, string>> = {
  tradelines: 'stage_tradelines',
  tradeline_snapshots: 'stage_snapshots',
  account_index: 'stage_accounts',
}

/** The COPY of rendered rows into a final table; the buffer is empty afterwards. */
export const finalRows = (target: Target, rows: CopyBuffer): CopyPart => ({
  target: `${target} (${list(COLUMNS[target])})`,
  rows: rows.take(),
})

/** The COPY of rendered rows, each followed by its record number, into the staging table of `target`. */
export const stagedRows = (target: Target, rows: CopyBuffer): CopyPart => ({
  target: `${STAGE[target]!} (${list(COLUMNS[target])}, record_no)`,
  rows: rows.take(),
})

/** Runs the COPYs of `parts` in order as one statement (RawConnection.copyAll), the empty ones left out. */
export async function copyParts(tx: Tx, parts: readonly CopyPart[]): Promise<void> {
  const loaded = parts.filter((p) => p.rows.length > 0)
  if (loaded.length > 0) await tx.raw.copyAll(loaded)
}

/** COPY rendered rows into a final table; the buffer is empty afterwards. */
export async function copyRows(tx: Tx, target: Target, rows: CopyBuffer): Promise<void> {
  await copyParts(tx, [finalRows(target, rows)])
}

/**
 * Folds the staging tables into the final ones. Within the file the latest record of a key wins; against
 * what is stored, a report only replaces the current state when its Date of Account Information is not older.
 * Only reports of stored accounts are staged, and one older than the stored state is rejected before
 * (mom.doai_regressed, an error): a late file for an earlier month adds no history to a stored account, only
 * the accounts new to the bureau. The conditions keep the current state from rolling back all the same. The
 * codes that stay until removed are merged with the stored ones (stays), and each month's snapshot takes the
 * Compliance Condition Code so merged from the tradeline rows the same statement returns.
 */
export async function mergeStaging(tx: Tx): Promise<void> {
  const t = list(TRADELINE_COLUMNS)
  const s = list(SNAPSHOT_COLUMNS)
  const a = list(ACCOUNT_COLUMNS)
  await tx.raw.exec(`
    with m as (
      insert into tradelines (${t})
        select distinct on (consumer_key, tradeline_id) ${t} from stage_tradelines
         order by consumer_key, tradeline_id, as_of desc, record_no desc
      on conflict (consumer_key, tradeline_id) do update
        set ${updates(TRADELINE_COLUMNS, ['consumer_key', 'tradeline_id'], TRADELINE_SET)}, updated_at = now()
        where excluded.as_of >= tradelines.as_of
      returning consumer_key, tradeline_id, as_of, compliance_condition)
    insert into tradeline_snapshots (${s})
      select distinct on (s.consumer_key, s.tradeline_id, s.as_of) ${snapshotSelect}
        from stage_snapshots s
        left join m on m.consumer_key = s.consumer_key and m.tradeline_id = s.tradeline_id and m.as_of = s.as_of
       order by s.consumer_key, s.tradeline_id, s.as_of, s.record_no desc
    on conflict (consumer_key, tradeline_id, as_of) do update set ${updates(SNAPSHOT_COLUMNS, ['consumer_key', 'tradeline_id', 'as_of'])};
    insert into account_index (${a})
      select distinct on (tradeline_id) ${a} from stage_accounts order by tradeline_id, last_as_of desc, record_no desc
    on conflict (tradeline_id) do update set ${updates(ACCOUNT_COLUMNS, ['tradeline_id'])}
      where excluded.last_as_of >= account_index.last_as_of;`)
}

/**
 * Takes the furnisher's file lock until the transaction ends: a furnisher's files apply one at a time, in every
 * process, so each is checked month over month against the one applied before it (a later file waits for the one
 * in progress; PostgreSQL 15 docs §13.3.5, advisory locks). Then holds off shreds: a consumer shredded while the
 * file is applied would be linked again by its commit (DESIGN.md principle 4; identity's shred-lock.ts). Taken
 * after the file lock, so a file waiting for the furnisher's previous one does not keep a shred waiting as well.
 */
export async function lockFurnisherFiles(tx: Tx, furnisherId: string): Promise<void> {
  await tx.raw.query(
    `select pg_advisory_xact_lock(hashtextextended('openbureau.furnishing.files:' || $1, 0))`,
    [furnisherId],
  )
  await holdAgainstShred(tx)
}
