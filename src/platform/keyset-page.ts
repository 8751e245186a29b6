// Keyset pages of newest-first lists (inquiries, consents, furnished files), in SQL: the row's time read as text
// to the microsecond, as the cursor carries it (page-cursor.ts), since a JavaScript Date keeps milliseconds only
// and a position cut to them would skip the rows of the same millisecond that follow it; the rows after a
// position; one row more read than the page holds, to know whether another page follows.
import { sql, type RawBuilder } from 'kysely'
import type { PagePosition } from './page-cursor.ts'

/** `column` (a timestamptz) as the text a cursor carries: ISO 8601, microseconds, UTC. */
export const microsecondText = (column: RawBuilder<unknown>) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`

/** The rows after `before` in the order `at desc, id` (bounded on `at` first, for the index); all without one. */
export const afterPosition = (
  at: RawBuilder<unknown>,
  id: RawBuilder<unknown>,
  before: PagePosition | undefined,
) =>
  before === undefined
    ? sql<boolean>`true`
    : sql<boolean>`${at} <= ${before.at}::timestamptz and (${at} < ${before.at}::timestamptz or ${id} > ${before.id}::uuid)`

/** The page of `rows` (read `limit + 1` of them) and, when more follow, the position of its last row. */
export function pageOfRows<R, T>(
  rows: readonly R[],
  limit: number,
  to: (r: R) => T,
  positionOf: (r: R) => PagePosition,
): { items: T[]; last?: PagePosition } {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items: items.map(to), ...(rows.length > limit && last ? { last: positionOf(last) } : {}) }
}
