// Test support: a furnished record that breaks no validation rule, to be bent one field at a time.
import {
  sampleBase,
  type BaseSegment,
  type DataRecord,
  type J1Segment,
  type J2Segment,
  type TrailerRecord,
} from '../../metro2/index.ts'

/** The validation day the fixtures are valid on. */
export const TODAY = '2024-04-15'

/** A current auto loan reported for March 2024, twelve months of history behind it. */
export function validBase(overrides: Partial<BaseSegment> = {}): BaseSegment {
  return sampleBase(overrides)
}

export function validJ1(overrides: Partial<J1Segment> = {}): J1Segment {
  return {
    segmentIdentifier: 'J1',
    surname: 'DOE',
    firstName: 'JOHN',
    middleName: '',
    generationCode: 'J',
    socialSecurityNumber: 666123457,
    dateBirth: '1979-02-01',
    telephoneNumber: 0,
    ecoaCode: '2',
    consumerInformationIndicator: '',
    ...overrides,
  }
}

export function validJ2(overrides: Partial<J2Segment> = {}): J2Segment {
  return {
    ...validJ1(),
    segmentIdentifier: 'J2',
    firstName: 'JIM',
    generationCode: '',
    ecoaCode: '5',
    countryCode: 'US',
    firstLineAddress: '200 OAK AVE',
    secondLineAddress: 'APT 3',
    city: 'PEORIA',
    state: 'IL',
    zipCode: '61602',
    addressIndicator: 'Y',
    residenceCode: 'R',
    ...overrides,
  }
}

export type RecordOverrides = Partial<Omit<DataRecord, 'base'>> & { base?: Partial<BaseSegment> }

/** A valid record with a co-borrower (J1) and a guarantor at another address (J2), bent by `overrides`. */
export function validRecord(overrides: RecordOverrides = {}): DataRecord {
  const { base, ...segments } = overrides
  return { base: validBase(base), j1: [validJ1()], j2: [validJ2()], ...segments }
}

/** A trailer with every total zero. */
export function zeroTrailer(overrides: Partial<TrailerRecord> = {}): TrailerRecord {
  return {
    recordDescriptorWord: 426,
    recordIdentifier: 'TRAILER',
    totalBaseRecords: 0,
    totalStatusCodeDF: 0,
    totalConsumerSegmentsJ1: 0,
    totalConsumerSegmentsJ2: 0,
    blockCount: 0,
    totalStatusCodeDA: 0,
    totalStatusCode05: 0,
    totalStatusCode11: 0,
    totalStatusCode13: 0,
    totalStatusCode61: 0,
    totalStatusCode62: 0,
    totalStatusCode63: 0,
    totalStatusCode64: 0,
    totalStatusCode65: 0,
    totalStatusCode71: 0,
    totalStatusCode78: 0,
    totalStatusCode80: 0,
    totalStatusCode82: 0,
    totalStatusCode83: 0,
    totalStatusCode84: 0,
    totalStatusCode88: 0,
    totalStatusCode89: 0,
    totalStatusCode93: 0,
    totalStatusCode94: 0,
    totalStatusCode95: 0,
    totalStatusCode96: 0,
    totalStatusCode97: 0,
    totalECOACodeZ: 0,
    totalEmploymentSegments: 0,
    totalOriginalCreditorSegments: 0,
    totalPurchasedToSegments: 0,
    totalMortgageInformationSegments: 0,
    totalPaymentInformationSegments: 0,
    totalChangeSegments: 0,
    totalSocialNumbersAllSegments: 0,
    totalSocialNumbersBaseSegments: 0,
    totalSocialNumbersJ1Segments: 0,
    totalSocialNumbersJ2Segments: 0,
    totalDatesBirthAllSegments: 0,
    totalDatesBirthBaseSegments: 0,
    totalDatesBirthJ1Segments: 0,
    totalDatesBirthJ2Segments: 0,
    totalTelephoneNumbersAllSegments: 0,
    ...overrides,
  }
}
