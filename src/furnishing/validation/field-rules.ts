// Field syntax and code lists of one record: each field of the Base Segment, and the consumer fields of every J1
// and J2 segment, against the CRRG Chapter 4 field definitions and the Chapter 5 exhibits cited in codes.ts.
// Every field is read by name and checked in turn (no list of rules walked, no closure, no message) so that a
// valid record costs no allocation: the messages are built only for the fields that break a rule.
import type { BaseSegment, DataRecord, J1Segment, J2Segment, Metro2Issue } from '../../metro2/index.ts'
import {
  ACCOUNT_TYPE,
  ADDRESS_INDICATOR,
  checkCode,
  COMPLIANCE,
  CONSUMER_INFORMATION,
  COUNTRY,
  ECOA,
  GENERATION,
  INTEREST_TYPE,
  OPEN_TERMS_FREQUENCY,
  PORTFOLIO,
  RATING,
  RESIDENCE,
  SPECIAL_COMMENT,
  STATUS,
  TERMS_FREQUENCY,
  US_STATE,
} from './code-checks.ts'
import { RATED_STATUSES, US_POSTAL_COUNTRIES } from './codes.ts'
import { checkPaymentHistory } from './history-rules.ts'
import { issue, label, quoted, type RecordSegment } from './issue.ts'

type Out = Metro2Issue[]

/** Blank as String.prototype.trim sees it; a first character that is printable ASCII settles it without a trim. */
function isBlank(value: string): boolean {
  const c = value.charCodeAt(0)
  return !(c > 0x20 && c < 0x7f) && value.trim() === ''
}

function requireText(out: Out, segment: RecordSegment, field: string, value: string, rule: string): void {
  if (isBlank(value)) out.push(issue(segment, field, rule, `${label(field)} is blank; it is required`))
}

function checkConsumer(out: Out, segment: RecordSegment, c: BaseSegment | J1Segment | J2Segment): void {
  requireText(out, segment, 'surname', c.surname, 'required.surname')
  requireText(out, segment, 'firstName', c.firstName, 'required.first_name')
  requireText(out, segment, 'ecoaCode', c.ecoaCode, 'required.ecoa_code')
  checkCode(out, segment, c.generationCode, GENERATION)
  checkCode(out, segment, c.ecoaCode, ECOA)
  checkCode(out, segment, c.consumerInformationIndicator, CONSUMER_INFORMATION)
}

/**
 * State and Zip Code are required, and the state checked against Exhibit 14, only for an address in the US or a US
 * territory (a blank Country Code means US): a foreign address has no US state and may have no postal code.
 */
function checkAddress(out: Out, segment: RecordSegment, a: BaseSegment | J2Segment): void {
  requireText(out, segment, 'firstLineAddress', a.firstLineAddress, 'required.first_line_address')
  requireText(out, segment, 'city', a.city, 'required.city')
  if (a.countryCode === '' || US_POSTAL_COUNTRIES.has(a.countryCode)) {
    requireText(out, segment, 'state', a.state, 'required.state')
    requireText(out, segment, 'zipCode', a.zipCode, 'required.zip_code')
    checkCode(out, segment, a.state, US_STATE)
  }
  checkCode(out, segment, a.countryCode, COUNTRY)
  checkCode(out, segment, a.addressIndicator, ADDRESS_INDICATOR)
  checkCode(out, segment, a.residenceCode, RESIDENCE)
}

const FILLED = /^(0+|9+)$/

/**
 * CRRG field 5: blank, zero or 9 filled once trimmed. A first character that is printable ASCII and neither 0 nor
 * 9 survives the trim and is no fill, which settles nearly every record without the trim and the pattern.
 */
function isMissingId(id: string): boolean {
  const c = id.charCodeAt(0)
  if (c > 0x20 && c < 0x7f && c !== 0x30 && c !== 0x39) return false
  const trimmed = id.trim()
  return trimmed === '' || FILLED.test(trimmed)
}

/** The account fields of the Base Segment (CRRG base fields 5-28). */
function checkAccount(out: Out, b: BaseSegment): void {
  if (isMissingId(b.identificationNumber)) {
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
    const message = 'Date Opened is missing; it is required (CRRG field 10)'
    out.push(issue('base', 'dateOpened', 'required.date_opened', message))
  }
  if (b.dateAccountInformation === null) {
    const message = 'Date of Account Information is missing; it is required (CRRG field 24)'
    out.push(issue('base', 'dateAccountInformation', 'required.date_account_information', message))
  }
  checkCode(out, 'base', b.portfolioType, PORTFOLIO)
  checkCode(out, 'base', b.accountType, ACCOUNT_TYPE)
  checkCode(out, 'base', b.accountStatus, STATUS)
  checkCode(out, 'base', b.paymentRating, RATING)
  checkCode(out, 'base', b.specialComment, SPECIAL_COMMENT)
  checkCode(out, 'base', b.complianceConditionCode, COMPLIANCE)
  checkCode(out, 'base', b.interestTypeIndicator, INTEREST_TYPE)
  checkCode(out, 'base', b.termsFrequency, b.portfolioType === 'O' ? OPEN_TERMS_FREQUENCY : TERMS_FREQUENCY)
  checkPaymentRatingPresence(out, b)
  checkPaymentHistory(out, b.paymentHistoryProfile)
}

/** CRRG field 17B: a rating exactly for the statuses 05, 13, 65, 88, 89, 94, 95, blank for all others. */
function checkPaymentRatingPresence(out: Out, b: BaseSegment): void {
  const rated = RATED_STATUSES.has(b.accountStatus)
  if (rated && b.paymentRating === '') {
    const message = `Payment Rating is blank; Account Status "${b.accountStatus}" requires one (CRRG field 17B)`
    out.push(issue('base', 'paymentRating', 'code.payment_rating_presence', message))
  } else if (!rated && b.paymentRating !== '') {
    const shown = quoted('paymentRating', b.paymentRating)
    const message = `${shown} is reported with Account Status "${b.accountStatus}"; it must be blank except for statuses 05, 13, 65, 88, 89, 94, 95 (CRRG field 17B)`
    out.push(issue('base', 'paymentRating', 'code.payment_rating_presence', message))
  }
}

/** Adds to `out` the field issues of the record: the Base Segment, then each J1, then each J2. */
export function addFieldIssues(out: Out, record: DataRecord): void {
  const base = record.base
  checkAccount(out, base)
  checkConsumer(out, 'base', base)
  checkAddress(out, 'base', base)
  for (const j1 of record.j1) checkConsumer(out, 'j1', j1)
  for (const j2 of record.j2) {
    checkConsumer(out, 'j2', j2)
    checkAddress(out, 'j2', j2)
  }
}
