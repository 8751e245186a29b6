// Building issues: the severity comes from the catalogue, the message names the field by its CRRG name.
import type { Metro2Issue } from '../../metro2/index.ts'
import { severityOf } from './rules.ts'

export type RecordSegment = 'base' | 'j1' | 'j2' | 'n1'

/** CRRG names of the fields that the rules talk about, keyed by the model's property names. */
const LABELS: Readonly<Record<string, string>> = {
  identificationNumber: 'Identification Number',
  consumerAccountNumber: 'Consumer Account Number',
  portfolioType: 'Portfolio Type',
  accountType: 'Account Type',
  dateOpened: 'Date Opened',
  termsFrequency: 'Terms Frequency',
  accountStatus: 'Account Status',
  paymentRating: 'Payment Rating',
  paymentHistoryProfile: 'Payment History Profile',
  specialComment: 'Special Comment',
  complianceConditionCode: 'Compliance Condition Code',
  currentBalance: 'Current Balance',
  amountPastDue: 'Amount Past Due',
  dateAccountInformation: 'Date of Account Information',
  dateFirstDelinquency: 'Date of First Delinquency',
  dateClosed: 'Date Closed',
  dateLastPayment: 'Date of Last Payment',
  interestTypeIndicator: 'Interest Type Indicator',
  surname: 'Surname',
  firstName: 'First Name',
  generationCode: 'Generation Code',
  dateBirth: 'Date of Birth',
  ecoaCode: 'ECOA Code',
  consumerInformationIndicator: 'Consumer Information Indicator',
  countryCode: 'Country Code',
  firstLineAddress: 'First Line of Address',
  city: 'City',
  state: 'State',
  zipCode: 'Postal/Zip Code',
  addressIndicator: 'Address Indicator',
  residenceCode: 'Residence Code',
  employerState: 'Employer State',
  activityDate: 'Activity Date',
  dateCreated: 'Date Created',
  programDate: 'Program Date',
  programRevisionDate: 'Program Revision Date',
}

export const label = (field: string): string => LABELS[field] ?? field

export function issue(
  segment: Metro2Issue['segment'],
  field: string | undefined,
  rule: string,
  message: string,
): Metro2Issue {
  const found: Metro2Issue = { segment, rule, severity: severityOf(rule), message }
  if (field !== undefined) found.field = field
  return found
}

/** `Account Status "72"`: the field's name and its value as reported. */
export const quoted = (field: string, value: string | number | null): string =>
  `${label(field)} "${value ?? ''}"`
