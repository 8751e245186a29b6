// A member's consents a keyset page at a time. A consent enters the member's list when the consumer decides
// (the member_consents row), so the list is ordered by that decision, newest first: a member polling the head
// of its list sees an older request as soon as it is approved. The page walks the lookup by its index
// (member_consents_recent) and reads about a page of it, not the member's whole history (a big lender's runs to
// hundreds of thousands); then only those consents, by (consumer_key, consent_id): one consumer's shard each
// under Citus.
import { sql, type RawBuilder } from 'kysely'
import type { Tx } from '../platform/db.ts'
import { afterPosition, microsecondText, pageOfRows } from '../platform/keyset-page.ts'
import type { PagePosition } from '../platform/page-cursor.ts'
import type { ConsentStatus } from './consent.model.ts'
import { toConsent, type Row } from './consent.rows.ts'
import type { ConsentPage, ListPage } from './consent.store.ts'

// The most lookup rows one statement reads while a status filter passes over many: each statement stays
// small, and the page's work grows with what it has read.
const MAX_CHUNK = 2000

interface Entry {
  consumer_key: string
  consent_id: string
  at_text: string
}

/** The member's lookup rows after `after`, newest decision first, by the index member_consents_recent. */
export const lookupPage = (memberId: string, after: PagePosition | undefined, limit: number) =>
  sql<Entry>`select consumer_key, consent_id, ${microsecondText(sql`created_at`)} as at_text
      from member_consents
    where member_id = ${memberId} and ${afterPosition(sql`created_at`, sql`consent_id`, after)}
    order by created_at desc, consent_id limit ${limit}`

/** The consents of `entries` with the status asked for, in the entries' order, each at its decision time. */
async function consentsOf(
  tx: Tx,
  memberId: string,
  columns: RawBuilder<unknown>,
  status: ConsentStatus | undefined,
  entries: readonly Entry[],
): Promise<(Row & { at_text: string })[]> {
  if (entries.length === 0) return []
  const keys = [...new Set(entries.map((e) => e.consumer_key))]
  const r = await sql<Row>`select * from (
      select ${columns} from consents
        where consumer_key = any(${keys}::uuid[]) and consent_id = any(${entries.map((e) => e.consent_id)}::uuid[])
          and member_id = ${memberId}) c
    where ${status === undefined ? sql`true` : sql`c.status = ${status}`}`.execute(tx.kysely)
  const byId = new Map(r.rows.map((row) => [row.consent_id, row]))
  return entries.flatMap((e) => {
    const row = byId.get(e.consent_id)
    return row === undefined ? [] : [{ ...row, at_text: e.at_text }]
  })
}

/**
 * A page of the member's consents; `columns` reads a consent with its status as of now. Lookup rows are read
 * `limit + 1` first (one more, to know whether another page follows), then in doubling chunks while a status
 * filter leaves the page short, until it is full or the lookup is exhausted.
 */
export async function memberPage(
  tx: Tx,
  memberId: string,
  columns: RawBuilder<unknown>,
  page: ListPage,
): Promise<ConsentPage> {
  const found: (Row & { at_text: string })[] = []
  let after = page.before
  for (
    let chunk = page.limit + 1;
    found.length <= page.limit;
    chunk = Math.max(chunk, Math.min(chunk * 2, MAX_CHUNK))
  ) {
    const entries = (await lookupPage(memberId, after, chunk).execute(tx.kysely)).rows
    found.push(...(await consentsOf(tx, memberId, columns, page.status, entries)))
    const last = entries.at(-1)
    if (last === undefined || entries.length < chunk) break
    after = { at: last.at_text, id: last.consent_id }
  }
  return pageOfRows(found, page.limit, toConsent, (row) => ({ at: row.at_text, id: row.consent_id }))
}
