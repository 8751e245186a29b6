// The totals of the Metro 2 Trailer Record (CRRG Trailer Record fields 3, 5-46) that a file declares and that the
// validator counts itself, with the rule id and label of each.
import type { TrailerRecord } from '../../metro2/index.ts'

export type TrailerTotalField = Exclude<
  keyof TrailerRecord,
  'blockDescriptorWord' | 'recordDescriptorWord' | 'recordIdentifier'
>

export interface TrailerTotal {
  readonly field: TrailerTotalField
  readonly rule: string
  readonly label: string
}

/** totalECOACodeZ -> total_ecoa_code_z, totalStatusCode05 -> total_status_code_05, ...J1Segments -> j1_segments. */
const snake = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([a-z])([0-9])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()

const total = (field: TrailerTotalField, label: string): TrailerTotal => ({
  field,
  rule: `file.trailer.${snake(field)}`,
  label,
})

/** The status codes that the trailer counts one by one (fields 5 and 9-30). */
const STATUS_CODES = [
  'DF',
  'DA',
  '05',
  '11',
  '13',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '78',
  '80',
  '82',
  '83',
  '84',
  '88',
  '89',
  '93',
  '94',
  '95',
  '96',
  '97',
] as const

/** In CRRG field order. */
export const TRAILER_TOTALS: readonly TrailerTotal[] = [
  total('totalBaseRecords', 'Total Base Records'),
  ...STATUS_CODES.map((code) => total(`totalStatusCode${code}`, `Total of Status Code ${code}`)),
  total('totalConsumerSegmentsJ1', 'Total J1 Segments'),
  total('totalConsumerSegmentsJ2', 'Total J2 Segments'),
  total('blockCount', 'Block Count'),
  total('totalECOACodeZ', 'Total ECOA Code Z'),
  total('totalEmploymentSegments', 'Total Employment (N1) Segments'),
  total('totalOriginalCreditorSegments', 'Total Original Creditor (K1) Segments'),
  total('totalPurchasedToSegments', 'Total Purchased From/Sold To (K2) Segments'),
  total('totalMortgageInformationSegments', 'Total Mortgage Information (K3) Segments'),
  total('totalPaymentInformationSegments', 'Total Specialized Payment Information (K4) Segments'),
  total('totalChangeSegments', 'Total Change (L1) Segments'),
  total('totalSocialNumbersAllSegments', 'Total Social Security Numbers, all segments'),
  total('totalSocialNumbersBaseSegments', 'Total Social Security Numbers, Base Segments'),
  total('totalSocialNumbersJ1Segments', 'Total Social Security Numbers, J1 Segments'),
  total('totalSocialNumbersJ2Segments', 'Total Social Security Numbers, J2 Segments'),
  total('totalDatesBirthAllSegments', 'Total Dates of Birth, all segments'),
  total('totalDatesBirthBaseSegments', 'Total Dates of Birth, Base Segments'),
  total('totalDatesBirthJ1Segments', 'Total Dates of Birth, J1 Segments'),
  total('totalDatesBirthJ2Segments', 'Total Dates of Birth, J2 Segments'),
  total('totalTelephoneNumbersAllSegments', 'Total Telephone Numbers, all segments'),
]
