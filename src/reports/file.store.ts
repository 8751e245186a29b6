// All SQL of the consumer file: every tradeline of one consumer, keyed by consumer_key (one shard under Citus).
import { sql } from 'kysely'
import type { AnyKysely } from '../platform/db.ts'

export interface TradelineRow {
  tradeline_id: string
  furnisher_id: string
  furnisher_name: string
  account_number: string
  ecoa_code: string
  match_reason: string
  portfolio_type: string
  account_type: string
  date_opened: string | null
  credit_limit: number
  highest_credit: number
  terms_duration: string
  terms_frequency: string
  scheduled_payment: number
  actual_payment: number
  account_status: string
  payment_rating: string
  payment_history: string
  special_comment: string
  compliance_condition: string
  current_balance: number
  amount_past_due: number
  original_charge_off: number
  as_of: string
  date_first_delinquency: string | null
  date_closed: string | null
  date_last_payment: string | null
  consumer_info: string
  extra: Record<string, unknown> | null
}

/** The columns of a TradelineRow, over `tradelines t join members m`. */
export const TRADELINE_COLUMNS =
  sql.raw(`t.tradeline_id, t.furnisher_id, m.name as furnisher_name, t.account_number,
  t.ecoa_code, t.match_reason, t.portfolio_type, t.account_type, t.date_opened, t.credit_limit, t.highest_credit,
  t.terms_duration, t.terms_frequency, t.scheduled_payment, t.actual_payment, t.account_status, t.payment_rating,
  t.payment_history, t.special_comment, t.compliance_condition, t.current_balance, t.amount_past_due,
  t.original_charge_off, t.as_of, t.date_first_delinquency, t.date_closed, t.date_last_payment, t.consumer_info,
  t.extra`)

export function createFileStore(db: AnyKysely) {
  return {
    async tradelines(consumerKey: string): Promise<TradelineRow[]> {
      const r = await sql<TradelineRow>`
        select ${TRADELINE_COLUMNS}
          from tradelines t join members m on m.member_id = t.furnisher_id
         where t.consumer_key = ${consumerKey}
         order by t.date_opened desc nulls last, t.tradeline_id`.execute(db)
      return r.rows
    },
  }
}

export type FileStore = ReturnType<typeof createFileStore>
