// The report's read of the file in one statement keyed by the consumer (one shard under Citus: snapshots and
// inquiries are co-located with the tradelines): every tradeline with its monthly snapshots, and the hard
// inquiries. On the report's hot path the round trips are most of the cost, so one is better than three.
import { sql } from 'kysely'
import { planned, type Planned } from '../platform/planned.ts'
import type { AttributeSnapshot } from './attributes.model.ts'
import { TRADELINE_COLUMNS, type TradelineRow } from './file.store.ts'
import type { StoredInquiry } from './inquiry.store.ts'

export interface TradelineWithHistory extends TradelineRow {
  snapshots: AttributeSnapshot[]
}

// Positional, to keep the JSON small: the order of json_build_array below.
type SnapshotTuple = [
  asOf: string,
  accountStatus: string,
  paymentRating: string,
  paymentHistory: string,
  currentBalance: number,
  creditLimit: number,
  highestCredit: number,
  amountPastDue: number,
  originalChargeOff: number,
  dateFirstDelinquency: string | null,
  dateClosed: string | null,
]
type InquiryTuple = [
  id: string,
  memberId: string,
  memberName: string,
  purpose: string,
  legalGround: string,
  consentId: string | null,
  at: string,
]

export interface FileReads {
  tradelines: TradelineWithHistory[]
  hardInquiries: StoredInquiry[]
}

/**
 * The read, planned: the report sends it with the other modules' reads in one round trip. Hard inquiries made
 * before `inquiriesFrom` are left out (inquiry-retention.ts: no profile shows them to members).
 */
export const fileRead = (consumerKey: string, inquiriesFrom: string): Planned<FileReads> =>
  planned(
    sql<{
      tradelines: (TradelineRow & { snapshots: SnapshotTuple[] | null })[] | null
      inquiries: InquiryTuple[] | null
    }>`
    select
      (select json_agg(x order by x.date_opened desc nulls last, x.tradeline_id) from (
         select ${TRADELINE_COLUMNS},
                (select json_agg(json_build_array(s.as_of, s.account_status, s.payment_rating, s.payment_history,
                          s.current_balance, s.credit_limit, s.highest_credit, s.amount_past_due,
                          s.original_charge_off, s.date_first_delinquency, s.date_closed) order by s.as_of)
                   from tradeline_snapshots s
                  where s.consumer_key = t.consumer_key and s.tradeline_id = t.tradeline_id) as snapshots
           from tradelines t join members m on m.member_id = t.furnisher_id
          where t.consumer_key = ${consumerKey}) x) as tradelines,
      (select json_agg(json_build_array(i.inquiry_id, i.member_id, m.name, i.purpose, i.legal_ground, i.consent_id, i.at)
                       order by i.at desc, i.inquiry_id)
         from inquiries i join members m on m.member_id = i.member_id
        where i.consumer_key = ${consumerKey} and i.hard and i.at >= ${inquiriesFrom}) as inquiries`,
    (rows) => fileOf(consumerKey, rows[0]),
  )

function fileOf(
  consumerKey: string,
  row:
    | {
        tradelines: (TradelineRow & { snapshots: SnapshotTuple[] | null })[] | null
        inquiries: InquiryTuple[] | null
      }
    | undefined,
): FileReads {
  const tradelines = (row?.tradelines ?? []).map(({ snapshots, ...t }) => ({
    ...t,
    snapshots: (snapshots ?? []).map(
      ([
        asOf,
        accountStatus,
        paymentRating,
        paymentHistory,
        currentBalance,
        creditLimit,
        highestCredit,
        amountPastDue,
        originalChargeOff,
        dateFirstDelinquency,
        dateClosed,
      ]) => ({
        tradelineId: t.tradeline_id,
        asOf,
        accountStatus,
        paymentRating,
        paymentHistory,
        currentBalance,
        creditLimit,
        highestCredit,
        amountPastDue,
        originalChargeOff,
        dateFirstDelinquency,
        dateClosed,
      }),
    ),
  }))
  const hardInquiries = (row?.inquiries ?? []).map(
    ([id, memberId, memberName, purpose, legalGround, consentId, at]): StoredInquiry => ({
      id,
      consumerKey,
      member: { id: memberId, name: memberName },
      purpose: purpose as StoredInquiry['purpose'],
      hard: true,
      legalGround,
      consentId,
      // json renders timestamptz with the session's offset; the API speaks UTC ISO 8601.
      at: new Date(at).toISOString(),
    }),
  )
  return { tradelines, hardInquiries }
}
