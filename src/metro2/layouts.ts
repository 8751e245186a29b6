// The record and segment layouts of the CDIA Credit Reporting Resource Guide (CRRG), Metro 2 Format: the
// character (426) and packed (366) layouts of the Header Record, Base Segment and Trailer Record, and the
// appended segments J1, J2, K1-K4, L1, N1 (the same in both formats). Facts cross-checked with moov-io/metro2
// pkg/lib/specifications.go (positions, lengths, types, "required") and its Go struct tags (`omitempty`).
//
// Fields are listed in record order with their lengths; start positions are computed, so that a layout
// cannot have a gap or an overlap. Positions are 0-based and include the 4-byte record descriptor word.
// The packed layouts differ only where the CRRG packs a field (COMP-3: dates 5 bytes, timestamp 8, amounts and
// SSN 5, telephone 6) and in the binary descriptor word; the packed Header Record keeps character dates.
import type { SegmentName } from './metro2.model.ts'
import {
  CHARACTER_RECORD_LENGTH,
  PACKED_RECORD_LENGTH,
  SEGMENT_LENGTHS,
  TRAILER_STATUS_CODES,
} from './metro2.model.ts'
import {
  A,
  build,
  D,
  layoutLength,
  N,
  packs,
  reserved,
  T,
  W,
  type Draft,
  type Flag,
  type Spec,
} from './layout-build.ts'

export { fieldsByName, layoutLength, valueTypeOf, type Spec } from './layout-build.ts'

// CRRG Header Record, fields 1-19.
const HEADER = [
  W('recordDescriptorWord'),
  A('recordIdentifier', 6, 'required'),
  A('cycleIdentifier', 2, 'omitEmpty'),
  A('innovisProgramIdentifier', 10, 'omitEmpty'),
  A('equifaxProgramIdentifier', 10, 'omitEmpty'),
  A('experianProgramIdentifier', 5, 'omitEmpty'),
  A('transUnionProgramIdentifier', 10, 'omitEmpty'),
  D('activityDate', 8, 'required'),
  D('dateCreated', 8, 'required'),
  D('programDate', 8),
  D('programRevisionDate', 8),
  A('reporterName', 40, 'required'),
  A('reporterAddress', 96, 'required'),
  N('reporterTelephoneNumber', 10),
  A('softwareVendorName', 40, 'omitEmpty'),
  A('softwareVersionNumber', 5, 'omitEmpty'),
  A('prbcProgramIdentifier', 10, 'omitEmpty'),
  reserved('reserved', 146, 86),
] as const

// CRRG Base Segment, fields 1-47. Field 4 (correctionIndicator) is absent from moov's JSON: it is written
// there only when not zero (omitEmpty), which keeps moov's documents unchanged.
const BASE = [
  W('recordDescriptorWord'),
  N('processingIndicator', 1),
  packs(T('timeStamp', 14), 8),
  N('correctionIndicator', 1, 'zeroFill', 'omitEmpty'),
  A('identificationNumber', 20, 'required'),
  A('cycleIdentifier', 2, 'omitEmpty'),
  A('consumerAccountNumber', 30, 'required'),
  A('portfolioType', 1, 'required'),
  A('accountType', 2, 'required'),
  packs(D('dateOpened', 8, 'required'), 5),
  packs(N('creditLimit', 9, 'zeroFill', 'omitEmpty'), 5),
  packs(N('highestCredit', 9, 'zeroFill'), 5),
  A('termsDuration', 3, 'required'),
  A('termsFrequency', 1, 'omitEmpty'),
  packs(N('scheduledMonthlyPaymentAmount', 9, 'omitEmpty'), 5),
  packs(N('actualPaymentAmount', 9, 'omitEmpty'), 5),
  A('accountStatus', 2, 'required'),
  A('paymentRating', 1, 'omitEmpty'),
  A('paymentHistoryProfile', 24, 'required'),
  A('specialComment', 2, 'omitEmpty'),
  A('complianceConditionCode', 2, 'omitEmpty'),
  packs(N('currentBalance', 9), 5),
  packs(N('amountPastDue', 9, 'omitEmpty'), 5),
  packs(N('originalChargeOffAmount', 9, 'omitEmpty'), 5),
  packs(D('dateAccountInformation', 8, 'required'), 5),
  packs(D('dateFirstDelinquency', 8, 'omitEmpty'), 5),
  packs(D('dateClosed', 8, 'zeroFill', 'omitEmpty'), 5),
  packs(D('dateLastPayment', 8, 'omitEmpty'), 5),
  A('interestTypeIndicator', 1),
  reserved('reserved', 17),
  A('surname', 25, 'required'),
  A('firstName', 20, 'required'),
  A('middleName', 20, 'omitEmpty'),
  A('generationCode', 1, 'omitEmpty'),
  packs(N('socialSecurityNumber', 9), 5),
  packs(D('dateBirth', 8), 5),
  packs(N('telephoneNumber', 10), 6),
  A('ecoaCode', 1, 'required'),
  A('consumerInformationIndicator', 2, 'omitEmpty'),
  A('countryCode', 2),
  A('firstLineAddress', 32, 'required'),
  A('secondLineAddress', 32, 'omitEmpty'),
  A('city', 20, 'required'),
  A('state', 2, 'required'),
  A('zipCode', 9, 'required'),
  A('addressIndicator', 1),
  A('residenceCode', 1),
] as const

const total = <const Name extends string>(name: Name, ...flags: Flag[]): Draft<Name> =>
  packs(N(name, 9, ...flags), 5)

// CRRG Trailer Record, fields 1-48. moov tags the J1/J2 totals omitempty.
const TRAILER = [
  W('recordDescriptorWord'),
  A('recordIdentifier', 7, 'required'),
  total('totalBaseRecords', 'required'),
  reserved('reserved1', 9, 5),
  total('totalStatusCodeDF'),
  total('totalConsumerSegmentsJ1', 'omitEmpty'),
  total('totalConsumerSegmentsJ2', 'omitEmpty'),
  total('blockCount', 'required'),
  ...TRAILER_STATUS_CODES.filter((code) => code !== 'DF').map((code) => total(`totalStatusCode${code}`)),
  total('totalECOACodeZ'),
  total('totalEmploymentSegments'),
  total('totalOriginalCreditorSegments'),
  total('totalPurchasedToSegments'),
  total('totalMortgageInformationSegments'),
  total('totalPaymentInformationSegments'),
  total('totalChangeSegments'),
  total('totalSocialNumbersAllSegments'),
  total('totalSocialNumbersBaseSegments'),
  total('totalSocialNumbersJ1Segments'),
  total('totalSocialNumbersJ2Segments'),
  total('totalDatesBirthAllSegments'),
  total('totalDatesBirthBaseSegments'),
  total('totalDatesBirthJ1Segments'),
  total('totalDatesBirthJ2Segments'),
  total('totalTelephoneNumbersAllSegments'),
  reserved('reserved2', 19, 135),
] as const

const consumer = [
  A('surname', 25, 'required'),
  A('firstName', 20, 'required'),
  A('middleName', 20, 'omitEmpty'),
  A('generationCode', 1, 'omitEmpty'),
  N('socialSecurityNumber', 9),
  D('dateBirth', 8),
  N('telephoneNumber', 10),
  A('ecoaCode', 1, 'required'),
  A('consumerInformationIndicator', 2, 'omitEmpty'),
] as const
const id = A('segmentIdentifier', 2, 'required')

// CRRG J1 (associated consumer, same address) and J2 (associated consumer, other address) Segments. moov marks
// the J2 first name "nullable"; the CRRG requires it in both, as here.
const J1 = [id, reserved('reserved1', 1), ...consumer, reserved('reserved2', 1)] as const
const J2 = [
  id,
  reserved('reserved1', 1),
  ...consumer,
  A('countryCode', 2),
  A('firstLineAddress', 32, 'required'),
  A('secondLineAddress', 32, 'omitEmpty'),
  A('city', 20, 'required'),
  A('state', 2, 'required'),
  A('zipCode', 9, 'required'),
  A('addressIndicator', 1),
  A('residenceCode', 1),
  reserved('reserved2', 2),
] as const
const K1 = [
  id,
  A('originalCreditorName', 30, 'required'),
  N('creditorClassification', 2, 'required'),
] as const
const K2 = [
  id,
  N('purchasedIndicator', 1, 'required'),
  A('purchasedName', 30, 'required'),
  reserved('reserved', 1),
] as const
const K3 = [
  id,
  N('agencyIdentifier', 2, 'omitEmpty'),
  A('accountNumber', 18, 'omitEmpty'),
  A('mortgageIdentificationNumber', 18),
] as const
const K4 = [
  id,
  N('specializedPaymentIndicator', 2, 'required'),
  D('deferredPaymentStartDate', 8, 'omitEmpty'),
  D('balloonPaymentDueDate', 8, 'omitEmpty'),
  N('balloonPaymentAmount', 9),
  reserved('reserved', 1),
] as const
// The model keeps the CRRG name newIdentificationNumber; moov's JSON calls it "balloonPaymentDueDate"
// (L1Segment.NewIdentificationNumber `json:"balloonPaymentDueDate,omitempty"`), and moov-json.ts uses that name.
const L1 = [
  id,
  N('changeIndicator', 1, 'required'),
  A('newConsumerAccountNumber', 30, 'omitEmpty'),
  A('newIdentificationNumber', 20, 'omitEmpty'),
  reserved('reserved', 1),
] as const
const N1 = [
  id,
  A('employerName', 30, 'required'),
  A('firstLineEmployerAddress', 32),
  A('secondLineEmployerAddress', 32),
  A('employerCity', 20),
  A('employerState', 2),
  A('zipCode', 9),
  A('occupation', 18),
  reserved('reserved', 1),
] as const

export const HEADER_LAYOUT = build(HEADER, false)
export const PACKED_HEADER_LAYOUT = build(HEADER, true)
export const BASE_LAYOUT = build(BASE, false)
export const PACKED_BASE_LAYOUT = build(BASE, true)
export const TRAILER_LAYOUT = build(TRAILER, false)
export const PACKED_TRAILER_LAYOUT = build(TRAILER, true)
export const J1_LAYOUT = build(J1, false)
export const J2_LAYOUT = build(J2, false)
export const K1_LAYOUT = build(K1, false)
export const K2_LAYOUT = build(K2, false)
export const K3_LAYOUT = build(K3, false)
export const K4_LAYOUT = build(K4, false)
export const L1_LAYOUT = build(L1, false)
export const N1_LAYOUT = build(N1, false)

/** Every layout by segment name and format; appended segments are the same in both formats. */
export const LAYOUTS: Readonly<
  Record<SegmentName, { readonly character: readonly Spec[]; readonly packed: readonly Spec[] }>
> = {
  header: { character: HEADER_LAYOUT, packed: PACKED_HEADER_LAYOUT },
  base: { character: BASE_LAYOUT, packed: PACKED_BASE_LAYOUT },
  trailer: { character: TRAILER_LAYOUT, packed: PACKED_TRAILER_LAYOUT },
  j1: { character: J1_LAYOUT, packed: J1_LAYOUT },
  j2: { character: J2_LAYOUT, packed: J2_LAYOUT },
  k1: { character: K1_LAYOUT, packed: K1_LAYOUT },
  k2: { character: K2_LAYOUT, packed: K2_LAYOUT },
  k3: { character: K3_LAYOUT, packed: K3_LAYOUT },
  k4: { character: K4_LAYOUT, packed: K4_LAYOUT },
  l1: { character: L1_LAYOUT, packed: L1_LAYOUT },
  n1: { character: N1_LAYOUT, packed: N1_LAYOUT },
}

// The layouts must add up to the CRRG record lengths; a wrong length here would misframe every file.
const expected: [readonly Spec[], number][] = [
  [HEADER_LAYOUT, CHARACTER_RECORD_LENGTH],
  [BASE_LAYOUT, CHARACTER_RECORD_LENGTH],
  [TRAILER_LAYOUT, CHARACTER_RECORD_LENGTH],
  [PACKED_HEADER_LAYOUT, PACKED_RECORD_LENGTH],
  [PACKED_BASE_LAYOUT, PACKED_RECORD_LENGTH],
  [PACKED_TRAILER_LAYOUT, PACKED_RECORD_LENGTH],
  ...(Object.keys(SEGMENT_LENGTHS) as (keyof typeof SEGMENT_LENGTHS)[]).map(
    (k): [readonly Spec[], number] => [LAYOUTS[k].character, SEGMENT_LENGTHS[k]],
  ),
]
for (const [layout, length] of expected) {
  if (layoutLength(layout) !== length)
    throw new Error(`Metro 2 layout is ${layoutLength(layout)} bytes, not ${length}`)
}
