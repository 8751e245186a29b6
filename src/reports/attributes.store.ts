// The rows computeAttributes needs, for one consumer or for many at once: every monthly snapshot, the static
// facts of each tradeline (with what the retention rule of obsolete.ts reads of it, so that a caller can leave
// out what a lender's report leaves out), and the inquiries. Keyed by consumer_key; the bulk form asks only the
// shards of the consumers given, one query per table whatever their number.
import { sql } from 'kysely'
import type { AnyKysely } from '../platform/db.ts'
import {
  isAlternativePayment,
  type AttributeInquiry,
  type AttributeSnapshot,
  type TradelineFact,
} from './attributes.model.ts'
import type { TradelineRow } from './file.store.ts'
import { inquiriesOfConsumer, inquiriesOfConsumers, type StoredInquiry } from './inquiry.store.ts'
import type { RetentionFields } from './obsolete.ts'

/** A tradeline's static facts, and its state as last reported as the retention rule reads it. */
export interface StoredTradelineFact extends TradelineFact {
  retention: RetentionFields
}

export interface AttributeInputs {
  snapshots: AttributeSnapshot[]
  facts: StoredTradelineFact[]
  inquiries: AttributeInquiry[]
}

interface SnapshotRow {
  consumer_key: string
  tradeline_id: string
  as_of: string
  account_status: string
  payment_rating: string
  payment_history: string
  current_balance: number
  credit_limit: number
  highest_credit: number
  amount_past_due: number
  original_charge_off: number
  date_first_delinquency: string | null
  date_closed: string | null
}

interface FactRow {
  consumer_key: string
  tradeline_id: string
  furnisher_id: string
  portfolio_type: string
  account_type: string
  date_opened: string | null
  alternative_payment: string | null
  account_status: string
  payment_rating: string
  current_balance: number
  date_first_delinquency: string | null
  date_closed: string | null
  date_last_payment: string | null
}

const SNAPSHOT_COLUMNS =
  sql.raw(`consumer_key, tradeline_id, as_of, account_status, payment_rating, payment_history,
  current_balance, credit_limit, highest_credit, amount_past_due, original_charge_off, date_first_delinquency, date_closed`)

export const toSnapshot = (r: Omit<SnapshotRow, 'consumer_key'>): AttributeSnapshot => ({
  tradelineId: r.tradeline_id,
  asOf: r.as_of,
  accountStatus: r.account_status,
  paymentRating: r.payment_rating,
  paymentHistory: r.payment_history,
  currentBalance: r.current_balance,
  creditLimit: r.credit_limit,
  highestCredit: r.highest_credit,
  amountPastDue: r.amount_past_due,
  originalChargeOff: r.original_charge_off,
  dateFirstDelinquency: r.date_first_delinquency,
  dateClosed: r.date_closed,
})

const toFact = (r: FactRow): StoredTradelineFact => ({
  tradelineId: r.tradeline_id,
  furnisherId: r.furnisher_id,
  portfolioType: r.portfolio_type,
  accountType: r.account_type,
  dateOpened: r.date_opened,
  alternativePayment: isAlternativePayment(r.account_type, { alternativePayment: r.alternative_payment }),
  retention: {
    account_status: r.account_status,
    payment_rating: r.payment_rating,
    account_type: r.account_type,
    current_balance: r.current_balance,
    date_first_delinquency: r.date_first_delinquency,
    date_closed: r.date_closed,
    date_last_payment: r.date_last_payment,
  },
})

/** A tradeline as read for a file or a report, as the attributes take it. */
export const tradelineFactOf = (t: TradelineRow): TradelineFact => ({
  tradelineId: t.tradeline_id,
  furnisherId: t.furnisher_id,
  portfolioType: t.portfolio_type,
  accountType: t.account_type,
  dateOpened: t.date_opened,
  alternativePayment: isAlternativePayment(t.account_type, t.extra),
})

export const toAttributeInquiry = (
  q: Pick<StoredInquiry, 'member' | 'purpose' | 'hard' | 'at'>,
): AttributeInquiry => ({
  memberId: q.member.id,
  purpose: q.purpose,
  hard: q.hard,
  at: q.at,
})

const where = (keys: readonly string[]) =>
  keys.length === 1 ? sql`consumer_key = ${keys[0]}` : sql`consumer_key = any(${keys}::uuid[])`

/** Every monthly snapshot of the consumers' tradelines, in key order. */
export async function snapshotsOf(k: AnyKysely, consumerKeys: readonly string[]): Promise<SnapshotRow[]> {
  const r =
    await sql<SnapshotRow>`select ${SNAPSHOT_COLUMNS} from tradeline_snapshots where ${where(consumerKeys)}
    order by consumer_key, tradeline_id, as_of`.execute(k)
  return r.rows
}

async function factsOf(k: AnyKysely, consumerKeys: readonly string[]): Promise<FactRow[]> {
  const r =
    await sql<FactRow>`select consumer_key, tradeline_id, furnisher_id, portfolio_type, account_type, date_opened,
      extra->>'alternativePayment' as alternative_payment, account_status, payment_rating, current_balance,
      date_first_delinquency, date_closed, date_last_payment
    from tradelines where ${where(consumerKeys)} order by consumer_key, tradeline_id`.execute(k)
  return r.rows
}

function group<T extends { consumer_key: string }>(rows: readonly T[]): Map<string, T[]> {
  const by = new Map<string, T[]>()
  for (const row of rows) {
    const list = by.get(row.consumer_key)
    if (list === undefined) by.set(row.consumer_key, [row])
    else list.push(row)
  }
  return by
}

export async function attributeInputs(k: AnyKysely, consumerKey: string): Promise<AttributeInputs> {
  const snapshots = await snapshotsOf(k, [consumerKey])
  const facts = await factsOf(k, [consumerKey])
  const inquiries = await inquiriesOfConsumer(k, consumerKey)
  return {
    snapshots: snapshots.map(toSnapshot),
    facts: facts.map(toFact),
    inquiries: inquiries.map(toAttributeInquiry),
  }
}

/** The inputs of each consumer given (an empty set of rows for a consumer with nothing on file). */
export async function attributeInputsForMany(
  k: AnyKysely,
  consumerKeys: readonly string[],
): Promise<Map<string, AttributeInputs>> {
  const keys = [...new Set(consumerKeys.map((key) => key.toLowerCase()))]
  const out = new Map<string, AttributeInputs>()
  if (keys.length === 0) return out
  const snapshots = group(await snapshotsOf(k, keys))
  const facts = group(await factsOf(k, keys))
  const inquiries = new Map<string, StoredInquiry[]>()
  for (const q of await inquiriesOfConsumers(k, keys)) {
    const list = inquiries.get(q.consumerKey)
    if (list === undefined) inquiries.set(q.consumerKey, [q])
    else list.push(q)
  }
  for (const key of keys) {
    out.set(key, {
      snapshots: (snapshots.get(key) ?? []).map(toSnapshot),
      facts: (facts.get(key) ?? []).map(toFact),
      inquiries: (inquiries.get(key) ?? []).map(toAttributeInquiry),
    })
  }
  return out
}
