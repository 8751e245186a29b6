// The consumer file: everything held on one consumer, as the consumer and (filtered by consent) a lender see it.
import type { Identity } from '../identity/index.ts'
import { ACCOUNT_STATUS_TEXT, ACCOUNT_TYPE_TEXT, ECOA_TEXT, PORTFOLIO_TEXT, maskAccount } from './codes.ts'
import type { TradelineRow } from './file.store.ts'
import { paymentGrid, type GridMonth } from './grid.ts'

export interface FileTradeline {
  tradelineId: string
  furnisher: { id: string; name: string }
  accountNumber: string
  role: { ecoa: string; text: string }
  portfolio: { code: string; text: string }
  accountType: { code: string; text: string }
  status: { code: string; text: string; paymentRating: string }
  dates: {
    opened: string | null
    accountInformation: string
    firstDelinquency: string | null
    closed: string | null
    lastPayment: string | null
  }
  amounts: {
    creditLimit: number
    highestCredit: number
    balance: number
    pastDue: number
    chargedOff: number
    scheduledPayment: number
    actualPayment: number
  }
  terms: { duration: string; frequency: string }
  specialComment: string
  complianceCondition: string
  consumerInformationIndicator: string
  paymentGrid: GridMonth[]
  extra: Record<string, unknown> | null
}

export interface ConsumerFile {
  consumerKey: string
  identity: Identity
  tradelines: FileTradeline[]
}

export function fileTradeline(t: TradelineRow): FileTradeline {
  return {
    tradelineId: t.tradeline_id,
    furnisher: { id: t.furnisher_id, name: t.furnisher_name },
    accountNumber: maskAccount(t.account_number),
    role: { ecoa: t.ecoa_code, text: ECOA_TEXT[t.ecoa_code] ?? t.ecoa_code },
    portfolio: { code: t.portfolio_type, text: PORTFOLIO_TEXT[t.portfolio_type] ?? t.portfolio_type },
    accountType: {
      code: t.account_type,
      text: ACCOUNT_TYPE_TEXT[t.account_type] ?? `type ${t.account_type}`,
    },
    status: {
      code: t.account_status,
      text: ACCOUNT_STATUS_TEXT[t.account_status] ?? t.account_status,
      paymentRating: t.payment_rating,
    },
    dates: {
      opened: t.date_opened,
      accountInformation: t.as_of,
      firstDelinquency: t.date_first_delinquency,
      closed: t.date_closed,
      lastPayment: t.date_last_payment,
    },
    amounts: {
      creditLimit: t.credit_limit,
      highestCredit: t.highest_credit,
      balance: t.current_balance,
      pastDue: t.amount_past_due,
      chargedOff: t.original_charge_off,
      scheduledPayment: t.scheduled_payment,
      actualPayment: t.actual_payment,
    },
    terms: { duration: t.terms_duration, frequency: t.terms_frequency },
    specialComment: t.special_comment,
    complianceCondition: t.compliance_condition,
    consumerInformationIndicator: t.consumer_info,
    paymentGrid: paymentGrid(
      t.as_of,
      t.account_status,
      t.current_balance,
      t.payment_history,
      t.payment_rating,
    ),
    extra: maskedExtra(t.extra),
  }
}

// The K3 segment (CRRG: Mortgage Information) names the same loan again: by the agency's account number (Fannie
// Mae, Freddie Mac) and by its MERS Mortgage Identification Number. Either serves as the account number does, so
// each is masked as the Account Number (base field 7) is, in the consumer's file and in the lender's report alike.
// The rest of `extra` holds no account number: K1 and K2 name creditors, K4 dates and amounts, funders name
// institutions; the L1 segment's new account number is applied to the account, never kept here.
const MASKED_IN_EXTRA = { mortgage: ['accountNumber', 'mortgageId'] } as const

function maskedExtra(extra: Record<string, unknown> | null): Record<string, unknown> | null {
  if (extra === null) return null
  const out = { ...extra }
  for (const [segment, fields] of Object.entries(MASKED_IN_EXTRA)) {
    const held = extra[segment]
    if (typeof held !== 'object' || held === null || Array.isArray(held)) continue
    const masked: Record<string, unknown> = { ...held }
    for (const field of fields) {
      const v = masked[field]
      // Stored JSON of every ingestion version: a number is masked too, anything else is not a number to hide.
      if (typeof v === 'string' || typeof v === 'number') masked[field] = maskAccount(String(v))
    }
    out[segment] = masked
  }
  return out
}
