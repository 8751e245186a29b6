// The consumers of the bureau, a page at a time in key order (keyset pagination: each page starts after the
// last key of the one before, so no page is read twice and no offset grows). A batch job's read: under Citus it
// asks every shard once per page, which the report's hot path never does.
import { sql } from 'kysely'
import type { AnyKysely } from '../platform/db.ts'

export async function* consumerKeyPages(k: AnyKysely, pageSize: number): AsyncGenerator<string[]> {
  let after: string | undefined
  for (;;) {
    const from = after === undefined ? sql`` : sql`where consumer_key > ${after}::uuid`
    const r = await sql<{ consumer_key: string }>`select consumer_key from consumers ${from}
      order by consumer_key limit ${pageSize}`.execute(k)
    const keys = r.rows.map((row) => row.consumer_key)
    if (keys.length > 0) yield keys
    if (keys.length < pageSize) return
    after = keys[keys.length - 1]
  }
}
