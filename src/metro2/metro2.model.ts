// The Metro 2 (CDIA Credit Reporting Resource Guide) record layouts as data, and the typed records that the
// codec reads and writes. Property names are moov-io/metro2's JSON names, so that its users can move files
// across unchanged. Positions are 0-based offsets within the record, descriptor word included.
//
// Value conventions: alphanumeric fields are strings with trailing blanks removed; numeric fields are
// numbers (blank or zero fill reads as 0); dates are 'YYYY-MM-DD' and timestamps 'YYYY-MM-DDTHH:MM:SS',
// or null when the field is zero or blank filled.

/** A = alphanumeric, N = unsigned numeric, D = date MMDDYYYY, T = timestamp MMDDYYYYHHMMSS, W = descriptor word. */
export type FieldType = 'A' | 'N' | 'D' | 'T' | 'W'
/** How the field is written in the packed (366) format: P = packed decimal (COMP-3), B = binary descriptor. */
export type PackedType = FieldType | 'P' | 'B'

export interface FieldSpec {
  readonly name: string
  readonly start: number
  readonly length: number
  readonly type: FieldType
  /** CDIA "required": a blank, zero or missing value is an error. */
  readonly required?: boolean
  /** Filled with zeros rather than blanks when empty (CDIA zero-fill fields). */
  readonly zeroFill?: boolean
  /** Absent from moov's JSON when empty (its `omitempty`). */
  readonly omitEmpty?: boolean
  /** Reserved filler: read past, never a property. */
  readonly reserved?: boolean
}

export interface PackedFieldSpec extends Omit<FieldSpec, 'type'> {
  readonly type: PackedType
  /**
   * For a P field, what the packed digits hold: a number, a date (0MMDDYYYY) or a timestamp (0MMDDYYYYHHMMSS).
   * The layouts set it on every spec (one object shape keeps the reader fast); outside P fields it means nothing.
   */
  readonly valueType?: 'N' | 'D' | 'T'
}

export type SegmentName =
  'header' | 'base' | 'j1' | 'j2' | 'k1' | 'k2' | 'k3' | 'k4' | 'l1' | 'n1' | 'trailer'
export type AppendedSegmentName = 'j1' | 'j2' | 'k1' | 'k2' | 'k3' | 'k4' | 'l1' | 'n1'

export const CHARACTER_RECORD_LENGTH = 426
export const PACKED_RECORD_LENGTH = 366

/** Lengths of the appended segments, identical in character and packed files; keyed by segment identifier. */
export const SEGMENT_LENGTHS: Readonly<Record<AppendedSegmentName, number>> = {
  j1: 100,
  j2: 200,
  k1: 34,
  k2: 34,
  k3: 40,
  k4: 30,
  l1: 54,
  n1: 146,
}

export interface HeaderRecord {
  blockDescriptorWord?: number
  recordDescriptorWord: number
  recordIdentifier: string
  cycleIdentifier: string
  innovisProgramIdentifier: string
  equifaxProgramIdentifier: string
  experianProgramIdentifier: string
  transUnionProgramIdentifier: string
  activityDate: string | null
  dateCreated: string | null
  programDate: string | null
  programRevisionDate: string | null
  reporterName: string
  reporterAddress: string
  reporterTelephoneNumber: number
  softwareVendorName: string
  softwareVersionNumber: string
  prbcProgramIdentifier: string
}

export interface BaseSegment {
  blockDescriptorWord?: number
  recordDescriptorWord: number
  processingIndicator: number
  timeStamp: string | null
  correctionIndicator: number
  identificationNumber: string
  cycleIdentifier: string
  consumerAccountNumber: string
  portfolioType: string
  accountType: string
  dateOpened: string | null
  creditLimit: number
  highestCredit: number
  termsDuration: string
  termsFrequency: string
  scheduledMonthlyPaymentAmount: number
  actualPaymentAmount: number
  accountStatus: string
  paymentRating: string
  paymentHistoryProfile: string
  specialComment: string
  complianceConditionCode: string
  currentBalance: number
  amountPastDue: number
  originalChargeOffAmount: number
  dateAccountInformation: string | null
  dateFirstDelinquency: string | null
  dateClosed: string | null
  dateLastPayment: string | null
  interestTypeIndicator: string
  surname: string
  firstName: string
  middleName: string
  generationCode: string
  socialSecurityNumber: number
  dateBirth: string | null
  telephoneNumber: number
  ecoaCode: string
  consumerInformationIndicator: string
  countryCode: string
  firstLineAddress: string
  secondLineAddress: string
  city: string
  state: string
  zipCode: string
  addressIndicator: string
  residenceCode: string
}

export interface J1Segment {
  segmentIdentifier: 'J1'
  surname: string
  firstName: string
  middleName: string
  generationCode: string
  socialSecurityNumber: number
  dateBirth: string | null
  telephoneNumber: number
  ecoaCode: string
  consumerInformationIndicator: string
}

export interface J2Segment extends Omit<J1Segment, 'segmentIdentifier'> {
  segmentIdentifier: 'J2'
  countryCode: string
  firstLineAddress: string
  secondLineAddress: string
  city: string
  state: string
  zipCode: string
  addressIndicator: string
  residenceCode: string
}

export interface K1Segment {
  segmentIdentifier: 'K1'
  originalCreditorName: string
  creditorClassification: number
}

export interface K2Segment {
  segmentIdentifier: 'K2'
  purchasedIndicator: number
  purchasedName: string
}

/**
 * CRRG K2 field 2, Purchased From/Sold To Indicator 9: remove the K2 information reported before; the name
 * (field 3) is then blank filled.
 */
export const K2_REMOVE_INDICATOR = 9

export interface K3Segment {
  segmentIdentifier: 'K3'
  agencyIdentifier: number
  accountNumber: string
  mortgageIdentificationNumber: string
}

export interface K4Segment {
  segmentIdentifier: 'K4'
  specializedPaymentIndicator: number
  deferredPaymentStartDate: string | null
  balloonPaymentDueDate: string | null
  balloonPaymentAmount: number
}

export interface L1Segment {
  segmentIdentifier: 'L1'
  changeIndicator: number
  newConsumerAccountNumber: string
  newIdentificationNumber: string
}

export interface N1Segment {
  segmentIdentifier: 'N1'
  employerName: string
  firstLineEmployerAddress: string
  secondLineEmployerAddress: string
  employerCity: string
  employerState: string
  zipCode: string
  occupation: string
}

/** One account as furnished: the base segment and its appended segments (CRRG: at most one K1-K4, L1, N1). */
export interface DataRecord {
  base: BaseSegment
  j1: J1Segment[]
  j2: J2Segment[]
  k1?: K1Segment
  k2?: K2Segment
  k3?: K3Segment
  k4?: K4Segment
  l1?: L1Segment
  n1?: N1Segment
}

/** Account Status codes that delete the entire account (CRRG Exhibit 4: DA; DF when it is a confirmed fraud). */
export const DELETE_ACCOUNT_STATUSES: ReadonlySet<string> = new Set(['DA', 'DF'])

/** Status codes that the trailer counts one by one (CRRG Trailer Record fields 5-30). */
// prettier-ignore
export const TRAILER_STATUS_CODES = [
  'DF', 'DA', '05', '11', '13', '61', '62', '63', '64', '65', '71', '78', '80', '82', '83', '84', '88', '89',
  '93', '94', '95', '96', '97',
] as const
export type TrailerStatusCode = (typeof TRAILER_STATUS_CODES)[number]

export interface TrailerRecord {
  blockDescriptorWord?: number
  recordDescriptorWord: number
  recordIdentifier: string
  totalBaseRecords: number
  totalStatusCodeDF: number
  totalConsumerSegmentsJ1: number
  totalConsumerSegmentsJ2: number
  blockCount: number
  totalStatusCodeDA: number
  totalStatusCode05: number
  totalStatusCode11: number
  totalStatusCode13: number
  totalStatusCode61: number
  totalStatusCode62: number
  totalStatusCode63: number
  totalStatusCode64: number
  totalStatusCode65: number
  totalStatusCode71: number
  totalStatusCode78: number
  totalStatusCode80: number
  totalStatusCode82: number
  totalStatusCode83: number
  totalStatusCode84: number
  totalStatusCode88: number
  totalStatusCode89: number
  totalStatusCode93: number
  totalStatusCode94: number
  totalStatusCode95: number
  totalStatusCode96: number
  totalStatusCode97: number
  totalECOACodeZ: number
  totalEmploymentSegments: number
  totalOriginalCreditorSegments: number
  totalPurchasedToSegments: number
  totalMortgageInformationSegments: number
  totalPaymentInformationSegments: number
  totalChangeSegments: number
  totalSocialNumbersAllSegments: number
  totalSocialNumbersBaseSegments: number
  totalSocialNumbersJ1Segments: number
  totalSocialNumbersJ2Segments: number
  totalDatesBirthAllSegments: number
  totalDatesBirthBaseSegments: number
  totalDatesBirthJ1Segments: number
  totalDatesBirthJ2Segments: number
  totalTelephoneNumbersAllSegments: number
}

/** A whole file, as moov-io/metro2 renders it in JSON. */
export interface Metro2File {
  header?: HeaderRecord
  data: DataRecord[]
  trailer?: TrailerRecord
}

export type {
  Metro2Format,
  Metro2Issue,
  Position,
  ReadEvent,
  ReadSummary,
  RuleInfo,
  Severity,
} from './reader.model.ts'
