// Standard bureau attributes: what they are computed from, the numeric delinquency scale, and the definition of
// each attribute (name, meaning, plain-language text for reason codes, type, what "missing" means). Pure; shared
// by the report summary and by scoring.
import { DELETE_ACCOUNT_STATUSES, RATED_STATUS_CODES } from '../metro2/index.ts'

/** One monthly report of one account (a row of tradeline_snapshots), keyed by its Date of Account Information. */
export interface AttributeSnapshot {
  tradelineId: string
  /** YYYY-MM-DD: the Date of Account Information (CRRG Base Segment field 24). */
  asOf: string
  accountStatus: string
  paymentRating: string
  /** The 24-month Payment History Profile, newest month (the one before `asOf`'s month) first (field 18). */
  paymentHistory: string
  currentBalance: number
  creditLimit: number
  highestCredit: number
  amountPastDue: number
  originalChargeOff: number
  dateFirstDelinquency: string | null
  dateClosed: string | null
}

/** What does not change month to month: the account itself. */
export interface TradelineFact {
  tradelineId: string
  furnisherId: string
  /** CRRG field 8: C line of credit, I installment, M mortgage, O open, R revolving. */
  portfolioType: string
  /** CRRG field 9 (Exhibit 1). */
  accountType: string
  dateOpened: string | null
  /** A utility, telecom or rent account: kept apart from credit (see isAlternativePayment). */
  alternativePayment: boolean
}

/** A month's scale value and whether it was reported as a charge-off or a collection (computeAttributes). */
export interface MonthMark {
  scale: number | undefined
  chargedOff: boolean
  collection: boolean
}

/** The month of a date (YYYY-MM-DD) as year * 12 + month - 1. */
export const monthIndex = (date: string): number =>
  Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1

export interface AttributeInquiry {
  memberId: string
  purpose: string
  hard: boolean
  /** ISO 8601 timestamp. */
  at: string
}

/** Account types of on-time bill payments (CRRG Exhibit 1): 92 utility, 4D telecommunication, 29 rental agreement. */
export const ALTERNATIVE_PAYMENT_TYPES: ReadonlySet<string> = new Set(['92', '4D', '29'])

export function isAlternativePayment(accountType: string, extra: Record<string, unknown> | null): boolean {
  return ALTERNATIVE_PAYMENT_TYPES.has(accountType) || Boolean(extra?.['alternativePayment'])
}

export const ACCOUNT_CLASSES = ['revolving', 'installment', 'mortgage', 'other'] as const
export type AccountClass = (typeof ACCOUNT_CLASSES)[number]

/** A line of credit (C) is drawn and repaid like a card, so it counts as revolving; open (O) accounts as other. */
export function accountClass(portfolioType: string): AccountClass {
  switch (portfolioType) {
    case 'R':
    case 'C':
      return 'revolving'
    case 'I':
      return 'installment'
    case 'M':
      return 'mortgage'
    default:
      return 'other'
  }
}

/**
 * The delinquency scale: 0 current, 1 = 30-59 days late ... 6 = 180+ days, 7 = a major derogatory event
 * (collection, foreclosure, voluntary surrender, repossession, charge-off, government claim, deed in lieu).
 */
export const STATUS_SCALE_TEXT: readonly string[] = [
  'current',
  '30-59 days late',
  '60-89 days late',
  '90-119 days late',
  '120-149 days late',
  '150-179 days late',
  '180 or more days late',
  'collection, charge-off or other major derogatory',
]

// Payment History Profile characters (CRRG field 18): B, D and blank carry no rating; E is zero balance and current.
const HISTORY_SCALE: Readonly<Record<string, number>> = {
  '0': 0,
  E: 0,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
  '6': 6,
  G: 7,
  H: 7,
  J: 7,
  K: 7,
  L: 7,
}

export const historyScale = (c: string): number | undefined => HISTORY_SCALE[c]

// Account Status (CRRG Exhibit 4) of the month of the Date of Account Information.
const STATUS_SCALE: Readonly<Record<string, number>> = {
  '11': 0,
  '71': 1,
  '78': 2,
  '80': 3,
  '82': 4,
  '83': 5,
  '84': 6,
  '88': 7,
  '89': 7,
  '93': 7,
  '94': 7,
  '95': 7,
  '96': 7,
  '97': 7,
}

/** Statuses whose month is told by the Payment Rating (CRRG field 17B), 05 transferred among them. */
const RATED_STATUSES: ReadonlySet<string> = new Set(RATED_STATUS_CODES)

/**
 * The month's scale value: the Account Status's own, and for a rated status (field 17B) its Payment Rating,
 * the worse of the two where both tell (88 and 94 are derogatory whatever the rating); undefined when neither
 * does (61-64, which end the account; a rated status without a rating). Found by probing: a transferred (05)
 * account's rating of 90 days late counted nowhere, since 05 was missing here and 61-64, which carry no
 * rating, were listed.
 */
export function statusScale(accountStatus: string, paymentRating: string): number | undefined {
  const fixed = STATUS_SCALE[accountStatus]
  const rated = RATED_STATUSES.has(accountStatus) ? historyScale(paymentRating) : undefined
  if (rated === undefined) return fixed
  return fixed === undefined ? rated : Math.max(fixed, rated)
}

/**
 * Accounts the furnisher asked to delete (CRRG status DA, DF): never part of the file. Ingestion deletes them;
 * rows stored before it did stay, and are left out here.
 */
export const DELETED_STATUSES: ReadonlySet<string> = DELETE_ACCOUNT_STATUSES

/**
 * Current or past due (CRRG Exhibit 4: 11, 71-84): the statuses of an account being paid. Payment history: the
 * attributes of the accounts category tell an open account by its Date Closed alone (attribute-definitions.ts).
 */
export const OPEN_STATUSES: ReadonlySet<string> = new Set(['11', '71', '78', '80', '82', '83', '84'])

/** Charge-off: status 97 or 64, rating or history L. Collection: status 93 or 62, rating or history G, type 48 or 0C. */
export const CHARGE_OFF_STATUSES: ReadonlySet<string> = new Set(['97', '64'])
export const COLLECTION_STATUSES: ReadonlySet<string> = new Set(['93', '62'])
export const COLLECTION_ACCOUNT_TYPES: ReadonlySet<string> = new Set(['48', '0C'])

export type AttributeType = 'count' | 'amount' | 'ratio' | 'months' | 'scale'

/** A data category of a consent (consent module) that an attribute is computed from. */
export type AttributeSource = 'accounts' | 'payment_history' | 'inquiries' | 'alternative_payments'

export interface AttributeDefinition {
  /** snake_case, stable: scorecards refer to attributes by this name. */
  name: string
  /** Exactly what is computed. */
  definition: string
  /** Plain language for the consumer, as in a reason code ("too many ..."). */
  text: string
  type: AttributeType
  /**
   * Every consent category the attribute reveals: it is released only when all of them are granted (a share of
   * bills paid on time is alternative payments and payment history alike).
   */
  categories: AttributeSource[]
  /** What a missing (null) value means. */
  missing: string
}
