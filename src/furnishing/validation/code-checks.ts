// The coded fields of a record (CRRG Chapter 4) with the Chapter 5 code list that each is checked against, what
// the message says is expected, and whether a blank passes. Module constants of one shape, read by checkCode for
// each field in turn, so that a valid record costs no allocation.
import type { Metro2Issue } from '../../metro2/index.ts'
import type { CodeTable } from './code-table.ts'
import {
  ACCOUNT_STATUSES,
  ACCOUNT_TYPES,
  ADDRESS_INDICATORS,
  COMPLIANCE_CONDITIONS,
  CONSUMER_INFORMATION_INDICATORS,
  COUNTRY_CODES,
  ECOA_CODES,
  GENERATION_CODES,
  INTEREST_TYPES,
  PAYMENT_RATINGS,
  PORTFOLIO_TYPES,
  RESIDENCE_CODES,
  SPECIAL_COMMENTS,
  STATE_CODES,
  TERMS_FREQUENCIES,
} from './codes.ts'
import { issue, label, quoted, type RecordSegment } from './issue.ts'

/**
 * A coded field. When blank it passes ('allowed'), is left to a required.* rule ('required'), or is reported
 * under the code rule ('invalid').
 */
export interface CodeCheck {
  readonly field: string
  readonly codes: CodeTable
  readonly rule: string
  readonly expected: string
  readonly blank: 'allowed' | 'required' | 'invalid'
}

const code = (
  field: string,
  codes: CodeTable,
  rule: string,
  expected: string,
  blank: CodeCheck['blank'],
): CodeCheck => ({ field, codes, rule, expected, blank })

// The consumer fields that the Base, J1 and J2 segments share (CRRG base fields 30-38, J1/J2 fields 3-10).
export const GENERATION = code(
  'generationCode',
  GENERATION_CODES,
  'code.generation_code',
  'J, S, 2-9 or blank (CRRG field 33)',
  'allowed',
)
export const ECOA = code(
  'ecoaCode',
  ECOA_CODES,
  'code.ecoa',
  'an ECOA Code 1, 2, 3, 5, 7, T, W, X or Z (CRRG Exhibit 10)',
  'required',
)
export const CONSUMER_INFORMATION = code(
  'consumerInformationIndicator',
  CONSUMER_INFORMATION_INDICATORS,
  'code.consumer_information_indicator',
  'a Consumer Information Indicator of CRRG Exhibit 11',
  'allowed',
)

// The address fields of the Base and J2 segments (CRRG base fields 39-46, J2 fields 11-18).
export const COUNTRY = code(
  'countryCode',
  COUNTRY_CODES,
  'code.country_code',
  'an ISO 3166-1 alpha-2 code (CRRG Exhibit 12)',
  'allowed',
)
export const ADDRESS_INDICATOR = code(
  'addressIndicator',
  ADDRESS_INDICATORS,
  'code.address_indicator',
  'C, Y, N, M, S, B, U, D, P or blank',
  'allowed',
)
export const RESIDENCE = code(
  'residenceCode',
  RESIDENCE_CODES,
  'code.residence_code',
  'O, R or blank (CRRG field 46)',
  'allowed',
)
export const US_STATE = code(
  'state',
  STATE_CODES,
  'code.state',
  'a US state, DC, territory or military code (Exhibit 14)',
  'required',
)

// CRRG N1 field 6, Employer State: the Exhibit 14 list of the Base Segment's State; blank when not known (the
// N1 address fields are optional, and the segment has no Country Code to tell a foreign employer).
export const EMPLOYER_STATE = code(
  'employerState',
  STATE_CODES,
  'code.n1_employer_state',
  'a US state, DC, territory or military code (Exhibit 14)',
  'allowed',
)

// The coded account fields of the Base Segment (CRRG base fields 8-28).
export const PORTFOLIO = code(
  'portfolioType',
  PORTFOLIO_TYPES,
  'code.portfolio_type',
  'a Portfolio Type C, I, M, O or R (CRRG field 8)',
  'invalid',
)
export const ACCOUNT_TYPE = code(
  'accountType',
  ACCOUNT_TYPES,
  'code.account_type',
  'an Account Type of CRRG Exhibit 1',
  'invalid',
)
export const STATUS = code(
  'accountStatus',
  ACCOUNT_STATUSES,
  'code.account_status',
  'a Metro 2 status code (CRRG Exhibit 4)',
  'invalid',
)
export const RATING = code(
  'paymentRating',
  PAYMENT_RATINGS,
  'code.payment_rating',
  'a Payment Rating 0-6, G or L (CRRG field 17B)',
  'allowed',
)
export const SPECIAL_COMMENT = code(
  'specialComment',
  SPECIAL_COMMENTS,
  'code.special_comment',
  'a Special Comment of CRRG Exhibits 6/7',
  'allowed',
)
export const COMPLIANCE = code(
  'complianceConditionCode',
  COMPLIANCE_CONDITIONS,
  'code.compliance_condition',
  'a Compliance Condition Code XA-XH, XJ or XR (CRRG Exhibit 8)',
  'allowed',
)
export const INTEREST_TYPE = code(
  'interestTypeIndicator',
  INTEREST_TYPES,
  'code.interest_type',
  'F, V or blank (CRRG field 28)',
  'allowed',
)
const TERMS_FREQUENCY_EXPECTED = 'a Terms Frequency D, P, W, B, E, M, L, Q, T, S or Y (CRRG Exhibit 3)'
export const TERMS_FREQUENCY = code(
  'termsFrequency',
  TERMS_FREQUENCIES,
  'code.terms_frequency',
  TERMS_FREQUENCY_EXPECTED,
  'invalid',
)
// Open accounts (collections, post-default student loans) may leave it blank, as the CDIA industry guides show.
export const OPEN_TERMS_FREQUENCY = code(
  'termsFrequency',
  TERMS_FREQUENCIES,
  'code.terms_frequency',
  TERMS_FREQUENCY_EXPECTED,
  'allowed',
)

/** A value that is not a string (a field missing from a record built elsewhere) is not checked. */
export function checkCode(out: Metro2Issue[], segment: RecordSegment, value: unknown, c: CodeCheck): void {
  if (typeof value !== 'string') return
  if (value === '' ? c.blank === 'invalid' : !c.codes.has(value)) out.push(codeIssue(segment, value, c))
}

// The messages are built apart from the checks, which stay small enough for the compiler to inline.
function codeIssue(segment: RecordSegment, value: string, c: CodeCheck): Metro2Issue {
  const message =
    value === ''
      ? `${label(c.field)} is blank; expected ${c.expected}`
      : `${quoted(c.field, value)} is not ${c.expected}`
  return issue(segment, c.field, c.rule, message)
}
