// What furnishing forgets of a crypto-shredded consumer (DESIGN.md principle 4), in the shred's transaction: their
// accounts' rows and monthly history, and their place on each account's lookup row. Left there, the lookup row
// would put the shredded key back on the account with the consumer the furnisher's next file names, and the
// shared tradeline id would join the erased history to that consumer's readable name. The furnisher's next report
// of an account that no one else holds creates it afresh.
import type { Tx } from '../platform/db.ts'

/**
 * Deletes the consumer's tradelines and snapshots, drops them from the lookup rows of those accounts, and deletes
 * the lookup rows that list no one after that. The accounts are found from the consumer's own rows (keyed by
 * consumer key first), since a lookup row lists only consumers who have the account on file. Forgetting twice
 * is harmless.
 */
export async function forgetConsumer(tx: Tx, consumerKey: string): Promise<void> {
  const held = await tx.raw.query<{ tradeline_id: string }>(
    `select tradeline_id from tradelines where consumer_key = $1::uuid
      union
     select tradeline_id from tradeline_snapshots where consumer_key = $1::uuid`,
    [consumerKey],
  )
  const ids = held.rows.map((r) => r.tradeline_id)
  if (ids.length === 0) return
  await tx.raw.query(
    `update account_index a
        set consumers = coalesce(
              (select jsonb_agg(c.value order by c.ordinality)
                 from jsonb_array_elements(a.consumers) with ordinality as c
                where (c.value ->> 'consumerKey')::uuid <> $1::uuid),
              '[]'::jsonb)
      where a.tradeline_id = any($2::uuid[])
        and exists (select 1 from jsonb_array_elements(a.consumers) as c
                     where (c.value ->> 'consumerKey')::uuid = $1::uuid)`,
    [consumerKey, ids],
  )
  await tx.raw.query(
    `delete from account_index where tradeline_id = any($1::uuid[]) and jsonb_array_length(consumers) = 0`,
    [ids],
  )
  await tx.raw.query('delete from tradeline_snapshots where consumer_key = $1::uuid', [consumerKey])
  await tx.raw.query('delete from tradelines where consumer_key = $1::uuid', [consumerKey])
}
