// Field syntax and code lists of one record: each field of the Base Segment, and the consumer fields of every J1
// and J2 segment, against the CRRG Chapter 4 field definitions and the Chapter 5 exhibits cited in codes.ts.
import type { BaseSegment, DataRecord, J2Segment, Metro2Issue } from '../../metro2/index.ts'
import {
  ACCOUNT_STATUSES,
  ACCOUNT_TYPE_PORTFOLIOS,
  ADDRESS_INDICATORS,
  COMPLIANCE_CONDITIONS,
  CONSUMER_INFORMATION_INDICATORS,
  COUNTRY_CODES,
  ECOA_CODES,
  GENERATION_CODES,
  INTEREST_TYPES,
  PAYMENT_RATINGS,
  PORTFOLIO_TYPES,
  RATED_STATUSES,
  RESIDENCE_CODES,
  SPECIAL_COMMENTS,
  STATE_CODES,
  TERMS_FREQUENCIES,
  US_POSTAL_COUNTRIES,
} from './codes.ts'
import { checkPaymentHistory } from './history-rules.ts'
import { issue, label, quoted, type RecordSegment } from './issue.ts'

type Out = Metro2Issue[]

/**
 * A coded field. When blank it passes ('allowed'), is left to a required.* rule ('required'), or is reported
 * under the code rule ('invalid').
 */
interface CodeCheck {
  readonly field: string
  readonly codes: { has(code: string): boolean }
  readonly rule: string
  readonly expected: string
  readonly blank: 'allowed' | 'required' | 'invalid'
}

const code = (
  field: string,
  codes: CodeCheck['codes'],
  rule: string,
  expected: string,
  blank: CodeCheck['blank'],
): CodeCheck => ({ field, codes, rule, expected, blank })

/** The name fields that the Base, J1 and J2 segments share (CRRG base fields 30-38, J1/J2 fields 3-10). */
const CONSUMER_REQUIRED = [
  ['surname', 'required.surname'],
  ['firstName', 'required.first_name'],
  ['ecoaCode', 'required.ecoa_code'],
] as const

const CONSUMER_CODES: readonly CodeCheck[] = [
  code(
    'generationCode',
    GENERATION_CODES,
    'code.generation_code',
    'J, S, 2-9 or blank (CRRG field 33)',
    'allowed',
  ),
  code(
    'ecoaCode',
    ECOA_CODES,
    'code.ecoa',
    'an ECOA Code 1, 2, 3, 5, 7, T, W, X or Z (CRRG Exhibit 10)',
    'required',
  ),
  code(
    'consumerInformationIndicator',
    CONSUMER_INFORMATION_INDICATORS,
    'code.consumer_information_indicator',
    'a Consumer Information Indicator of CRRG Exhibit 11',
    'allowed',
  ),
]

/** The address fields of the Base and J2 segments (CRRG base fields 39-46, J2 fields 11-18). */
const ADDRESS_CODES: readonly CodeCheck[] = [
  code(
    'countryCode',
    COUNTRY_CODES,
    'code.country_code',
    'an ISO 3166-1 alpha-2 code (CRRG Exhibit 12)',
    'allowed',
  ),
  code(
    'addressIndicator',
    ADDRESS_INDICATORS,
    'code.address_indicator',
    'C, Y, N, M, S, B, U, D, P or blank',
    'allowed',
  ),
  code('residenceCode', RESIDENCE_CODES, 'code.residence_code', 'O, R or blank (CRRG field 46)', 'allowed'),
]

const US_STATE = code(
  'state',
  STATE_CODES,
  'code.state',
  'a US state, DC, territory or military code (Exhibit 14)',
  'required',
)

const ACCOUNT_CODES: readonly CodeCheck[] = [
  code(
    'portfolioType',
    PORTFOLIO_TYPES,
    'code.portfolio_type',
    'a Portfolio Type C, I, M, O or R (CRRG field 8)',
    'invalid',
  ),
  code(
    'accountType',
    ACCOUNT_TYPE_PORTFOLIOS,
    'code.account_type',
    'an Account Type of CRRG Exhibit 1',
    'invalid',
  ),
  code(
    'accountStatus',
    ACCOUNT_STATUSES,
    'code.account_status',
    'a Metro 2 status code (CRRG Exhibit 4)',
    'invalid',
  ),
  code(
    'paymentRating',
    PAYMENT_RATINGS,
    'code.payment_rating',
    'a Payment Rating 0-6, G or L (CRRG field 17B)',
    'allowed',
  ),
  code(
    'specialComment',
    SPECIAL_COMMENTS,
    'code.special_comment',
    'a Special Comment of CRRG Exhibits 6/7',
    'allowed',
  ),
  code(
    'complianceConditionCode',
    COMPLIANCE_CONDITIONS,
    'code.compliance_condition',
    'a Compliance Condition Code XA-XH, XJ or XR (CRRG Exhibit 8)',
    'allowed',
  ),
  code(
    'interestTypeIndicator',
    INTEREST_TYPES,
    'code.interest_type',
    'F, V or blank (CRRG field 28)',
    'allowed',
  ),
]

const TERMS_FREQUENCY = code(
  'termsFrequency',
  TERMS_FREQUENCIES,
  'code.terms_frequency',
  'a Terms Frequency D, P, W, B, E, M, L, Q, T, S or Y (CRRG Exhibit 3)',
  'invalid',
)

function checkCodes(out: Out, segment: RecordSegment, values: object, checks: readonly CodeCheck[]): void {
  for (const c of checks) {
    const value = (values as Record<string, unknown>)[c.field]
    if (typeof value !== 'string') continue
    if (value === '') {
      if (c.blank === 'invalid')
        out.push(issue(segment, c.field, c.rule, `${label(c.field)} is blank; expected ${c.expected}`))
    } else if (!c.codes.has(value)) {
      out.push(issue(segment, c.field, c.rule, `${quoted(c.field, value)} is not ${c.expected}`))
    }
  }
}

function requireText(out: Out, segment: RecordSegment, field: string, value: string, rule: string): void {
  if (value.trim() === '') out.push(issue(segment, field, rule, `${label(field)} is blank; it is required`))
}

function checkConsumer(
  out: Out,
  segment: RecordSegment,
  c: Record<(typeof CONSUMER_REQUIRED)[number][0], string>,
): void {
  for (const [field, rule] of CONSUMER_REQUIRED) requireText(out, segment, field, c[field], rule)
  checkCodes(out, segment, c, CONSUMER_CODES)
}

type Address = Pick<J2Segment, 'countryCode' | 'firstLineAddress' | 'city' | 'state' | 'zipCode'>

/**
 * State and Zip Code are required, and the state checked against Exhibit 14, only for an address in the US or a US
 * territory (a blank Country Code means US): a foreign address has no US state and may have no postal code.
 */
function checkAddress(out: Out, segment: RecordSegment, a: Address): void {
  requireText(out, segment, 'firstLineAddress', a.firstLineAddress, 'required.first_line_address')
  requireText(out, segment, 'city', a.city, 'required.city')
  if (a.countryCode === '' || US_POSTAL_COUNTRIES.has(a.countryCode)) {
    requireText(out, segment, 'state', a.state, 'required.state')
    requireText(out, segment, 'zipCode', a.zipCode, 'required.zip_code')
    checkCodes(out, segment, a, [US_STATE])
  }
  checkCodes(out, segment, a, ADDRESS_CODES)
}

const FILLED = /^(0+|9+)$/

/** The account fields of the Base Segment (CRRG base fields 5-28). */
function checkAccount(out: Out, b: BaseSegment): void {
  const id = b.identificationNumber.trim()
  if (id === '' || FILLED.test(id)) {
    const shown = quoted('identificationNumber', b.identificationNumber)
    const message = `${shown} is blank, zero or 9 filled; it is required (CRRG field 5)`
    out.push(issue('base', 'identificationNumber', 'required.identification_number', message))
  }
  requireText(
    out,
    'base',
    'consumerAccountNumber',
    b.consumerAccountNumber,
    'required.consumer_account_number',
  )
  if (b.dateOpened === null) {
    out.push(
      issue(
        'base',
        'dateOpened',
        'required.date_opened',
        'Date Opened is missing; it is required (CRRG field 10)',
      ),
    )
  }
  if (b.dateAccountInformation === null) {
    const message = 'Date of Account Information is missing; it is required (CRRG field 24)'
    out.push(issue('base', 'dateAccountInformation', 'required.date_account_information', message))
  }
  checkCodes(out, 'base', b, ACCOUNT_CODES)
  // Open accounts (collections, post-default student loans) may leave it blank, as the CDIA industry guides show.
  checkCodes(out, 'base', b, [
    b.portfolioType === 'O' ? { ...TERMS_FREQUENCY, blank: 'allowed' } : TERMS_FREQUENCY,
  ])
  checkPaymentRatingPresence(out, b)
  checkPaymentHistory(out, b.paymentHistoryProfile)
}

/** CRRG field 17B: a rating exactly for the statuses 05, 13, 65, 88, 89, 94, 95, blank for all others. */
function checkPaymentRatingPresence(out: Out, b: BaseSegment): void {
  const rated = RATED_STATUSES.has(b.accountStatus)
  const status = `Account Status "${b.accountStatus}"`
  if (rated && b.paymentRating === '') {
    const message = `Payment Rating is blank; ${status} requires one (CRRG field 17B)`
    out.push(issue('base', 'paymentRating', 'code.payment_rating_presence', message))
  } else if (!rated && b.paymentRating !== '') {
    const shown = quoted('paymentRating', b.paymentRating)
    const message = `${shown} is reported with ${status}; it must be blank except for statuses 05, 13, 65, 88, 89, 94, 95 (CRRG field 17B)`
    out.push(issue('base', 'paymentRating', 'code.payment_rating_presence', message))
  }
}

export function fieldIssues(record: DataRecord): Metro2Issue[] {
  const out: Out = []
  checkAccount(out, record.base)
  checkConsumer(out, 'base', record.base)
  checkAddress(out, 'base', record.base)
  for (const j1 of record.j1) checkConsumer(out, 'j1', j1)
  for (const j2 of record.j2) {
    checkConsumer(out, 'j2', j2)
    checkAddress(out, 'j2', j2)
  }
  return out
}
