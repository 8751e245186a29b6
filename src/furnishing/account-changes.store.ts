// The SQL that changes accounts already on file as a file says: an L1 segment moves an account onto its new
// number, an Account Status of DA or DF deletes it, an ECOA Z drops a consumer from it. Every tradeline and
// snapshot statement is keyed by consumer key first, as every consumer-keyed statement is (DESIGN.md: one shard
// under Citus); the lookup rows are keyed by tradeline id, as their table is.
import type { Tx } from '../platform/db.ts'

/** An account that an L1 segment moves to a new Consumer Account Number, with the consumers on it. */
export interface AccountMove {
  fromId: string
  toId: string
  toNumber: string
  consumerKeys: readonly string[]
}

/**
 * Moves accounts, history and all, onto their new numbers (CRRG L1 field 3). The lookup row goes, and the staged
 * row of the record that moved it takes its place when the file is merged.
 */
export async function moveAccounts(tx: Tx, moves: readonly AccountMove[]): Promise<void> {
  if (moves.length === 0) return
  const rows = moves.flatMap((m) => m.consumerKeys.map((k) => ({ ...m, consumerKey: k })))
  const params = [
    rows.map((r) => r.consumerKey),
    rows.map((r) => r.fromId),
    rows.map((r) => r.toId),
    rows.map((r) => r.toNumber),
  ]
  await tx.raw.query(
    `update tradelines t set tradeline_id = m.to_id, account_number = m.to_number, updated_at = now()
       from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[]) as m (consumer_key, from_id, to_id, to_number)
      where t.consumer_key = m.consumer_key and t.tradeline_id = m.from_id`,
    params,
  )
  await tx.raw.query(
    `update tradeline_snapshots s set tradeline_id = m.to_id
       from unnest($1::uuid[], $2::uuid[], $3::uuid[]) as m (consumer_key, from_id, to_id)
      where s.consumer_key = m.consumer_key and s.tradeline_id = m.from_id`,
    params.slice(0, 3),
  )
  await dropLookupRows(
    tx,
    moves.map((m) => m.fromId),
  )
}

const dropLookupRows = (tx: Tx, tradelineIds: readonly string[]) =>
  tx.raw.query('delete from account_index where tradeline_id = any($1::uuid[])', [tradelineIds])

/** An account that a DA or DF status deletes, with the consumers on file for it. */
export interface AccountDeletion {
  tradelineId: string
  consumerKeys: readonly string[]
}

/** A consumer an account drops (ECOA Z, CRRG Exhibit 10: delete the consumer from the account). */
export interface ConsumerRemoval {
  consumerKey: string
  tradelineId: string
}

/** Deletes the consumers' rows of the accounts, their whole monthly history with them. */
export async function removeConsumers(tx: Tx, removals: readonly ConsumerRemoval[]): Promise<void> {
  if (removals.length === 0) return
  const keys = [removals.map((r) => r.consumerKey), removals.map((r) => r.tradelineId)]
  await tx.raw.query(
    `delete from tradeline_snapshots s using unnest($1::uuid[], $2::uuid[]) as d (consumer_key, tradeline_id)
      where s.consumer_key = d.consumer_key and s.tradeline_id = d.tradeline_id`,
    keys,
  )
  await tx.raw.query(
    `delete from tradelines t using unnest($1::uuid[], $2::uuid[]) as d (consumer_key, tradeline_id)
      where t.consumer_key = d.consumer_key and t.tradeline_id = d.tradeline_id`,
    keys,
  )
}

/**
 * Deletes accounts entirely (CRRG Account Status DA, "delete entire account", and DF, "delete entire account due
 * to confirmed fraud"): every consumer's tradeline, the whole monthly history and the lookup row. Nothing of the
 * account stays on file, so it is in no file, report or attribute, and is not missed as vanished next month.
 */
export async function deleteAccounts(tx: Tx, deletions: readonly AccountDeletion[]): Promise<void> {
  if (deletions.length === 0) return
  await removeConsumers(
    tx,
    deletions.flatMap((d) =>
      d.consumerKeys.map((consumerKey) => ({ consumerKey, tradelineId: d.tradelineId })),
    ),
  )
  await dropLookupRows(
    tx,
    deletions.map((d) => d.tradelineId),
  )
}
