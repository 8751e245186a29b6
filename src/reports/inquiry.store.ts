// All SQL of inquiries. Consumer reads are keyed by consumer_key (one shard under Citus); a member's list reads
// member_inquiries, keyed by member_id, which carries everything the list shows. Every function takes the
// Kysely to run on: the report passes its transaction's.
import { sql } from 'kysely'
import type { AnyKysely } from '../platform/db.ts'
import { encodePageCursor } from '../platform/page-cursor.ts'
import { planned, type Planned } from '../platform/planned.ts'
import { afterPosition, microsecondText, pageOfRows } from '../platform/keyset-page.ts'
import {
  type ConsumerInquiry,
  type Inquiry,
  type InquiryPage,
  type MemberInquiry,
  type Page,
} from './inquiry.model.ts'

/** An inquiry of the consumer's file, with the name of the member that made it. */
export type StoredInquiry = ConsumerInquiry & { consumerKey: string }

interface Row {
  consumer_key: string
  inquiry_id: string
  member_id: string
  member_name: string
  purpose: Inquiry['purpose']
  hard: boolean
  legal_ground: string
  consent_id: string | null
  at: Date
}

const toStored = (r: Row): StoredInquiry => ({
  id: r.inquiry_id,
  consumerKey: r.consumer_key,
  member: { id: r.member_id, name: r.member_name },
  purpose: r.purpose,
  hard: r.hard,
  legalGround: r.legal_ground,
  consentId: r.consent_id,
  at: r.at.toISOString(),
})

const SELECT = sql`select i.consumer_key, i.inquiry_id, i.member_id, m.name as member_name, i.purpose, i.hard,
  i.legal_ground, i.consent_id, i.at
  from inquiries i join members m on m.member_id = i.member_id`

/** The inquiry and its member lookup row, in one statement (one round trip on the report's path). */
export const inquiryWrite = (q: Inquiry): Planned<void> =>
  planned(
    sql`with inquiry as (
      insert into inquiries (consumer_key, inquiry_id, member_id, purpose, hard, legal_ground, consent_id, at)
      values (${q.consumerKey}, ${q.id}, ${q.memberId}, ${q.purpose}, ${q.hard}, ${q.legalGround}, ${q.consentId}, ${q.at})
      returning member_id, inquiry_id, consumer_key, purpose, hard, legal_ground, consent_id, at)
    insert into member_inquiries (member_id, inquiry_id, consumer_key, purpose, hard, legal_ground, consent_id, at)
    select * from inquiry`,
    () => undefined,
  )

/** The consumer's inquiries, newest first: all of them. */
export async function inquiriesOfConsumer(k: AnyKysely, consumerKey: string): Promise<StoredInquiry[]> {
  const r = await sql<Row>`${SELECT} where i.consumer_key = ${consumerKey}
    order by i.at desc, i.inquiry_id`.execute(k)
  return r.rows.map(toStored)
}

/** One more row than the page is read, to know whether another page follows (platform/keyset-page.ts). */
function paged<R extends { inquiry_id: string; at_text: string }, T>(
  rows: R[],
  limit: number,
  to: (r: R) => T,
): Page<T> {
  const { items, last } = pageOfRows(rows, limit, to, (r) => ({ at: r.at_text, id: r.inquiry_id }))
  return { items, ...(last ? { next: encodePageCursor(last) } : {}) }
}

/** A page of the consumer's inquiries, newest first. */
export async function inquiryPageOfConsumer(
  k: AnyKysely,
  consumerKey: string,
  page: InquiryPage,
): Promise<Page<StoredInquiry>> {
  const r = await sql<Row & { at_text: string }>`select q.*, ${microsecondText(sql`q.at`)} as at_text from (
      ${SELECT} where i.consumer_key = ${consumerKey} and ${afterPosition(sql`i.at`, sql`i.inquiry_id`, page.before)}
    ) q order by q.at desc, q.inquiry_id limit ${page.limit + 1}`.execute(k)
  return paged(r.rows, page.limit, toStored)
}

/** The inquiries of several consumers, for bulk attribute computation: only the shards of those consumers. */
export async function inquiriesOfConsumers(
  k: AnyKysely,
  consumerKeys: readonly string[],
): Promise<StoredInquiry[]> {
  if (consumerKeys.length === 0) return []
  const r = await sql<Row>`${SELECT} where i.consumer_key = any(${consumerKeys}::uuid[])
    order by i.consumer_key, i.at desc, i.inquiry_id`.execute(k)
  return r.rows.map(toStored)
}

/** A page of the member's own inquiries, newest first. */
export async function inquiriesOfMember(
  k: AnyKysely,
  memberId: string,
  page: InquiryPage,
): Promise<Page<MemberInquiry>> {
  const r = await sql<Omit<Row, 'member_name' | 'member_id'> & { at_text: string }>`
    select inquiry_id, consumer_key, purpose, hard, legal_ground, consent_id, at, ${microsecondText(sql`at`)} as at_text
      from member_inquiries
     where member_id = ${memberId} and ${afterPosition(sql`at`, sql`inquiry_id`, page.before)}
     order by at desc, inquiry_id limit ${page.limit + 1}`.execute(k)
  return paged(r.rows, page.limit, (row) => ({
    id: row.inquiry_id,
    consumerKey: row.consumer_key,
    purpose: row.purpose,
    hard: row.hard,
    legalGround: row.legal_ground,
    consentId: row.consent_id,
    at: row.at.toISOString(),
  }))
}
