// One decoder per record and segment kind: an object literal in layout order, so that every record of a kind
// shares one hidden class (the reader's speed depends on it). Field positions come from layouts.ts by name.
import type { FieldReader } from './field-reader.ts'
import {
  BASE_LAYOUT,
  fieldsByName,
  HEADER_LAYOUT,
  J1_LAYOUT,
  J2_LAYOUT,
  K1_LAYOUT,
  K2_LAYOUT,
  K3_LAYOUT,
  K4_LAYOUT,
  L1_LAYOUT,
  N1_LAYOUT,
  PACKED_BASE_LAYOUT,
  PACKED_HEADER_LAYOUT,
  PACKED_TRAILER_LAYOUT,
  TRAILER_LAYOUT,
} from './layouts.ts'
import type {
  BaseSegment,
  HeaderRecord,
  J1Segment,
  J2Segment,
  K1Segment,
  K2Segment,
  K3Segment,
  K4Segment,
  L1Segment,
  N1Segment,
  TrailerRecord,
} from './metro2.model.ts'

const HEADER = [fieldsByName(HEADER_LAYOUT), fieldsByName(PACKED_HEADER_LAYOUT)] as const
const BASE = [fieldsByName(BASE_LAYOUT), fieldsByName(PACKED_BASE_LAYOUT)] as const
const TRAILER = [fieldsByName(TRAILER_LAYOUT), fieldsByName(PACKED_TRAILER_LAYOUT)] as const
const J1 = fieldsByName(J1_LAYOUT)
const J2 = fieldsByName(J2_LAYOUT)
const K1 = fieldsByName(K1_LAYOUT)
const K2 = fieldsByName(K2_LAYOUT)
const K3 = fieldsByName(K3_LAYOUT)
const K4 = fieldsByName(K4_LAYOUT)
const L1 = fieldsByName(L1_LAYOUT)
const N1 = fieldsByName(N1_LAYOUT)

export function decodeHeader(r: FieldReader, packed: boolean, rdw: number): HeaderRecord {
  const f = HEADER[packed ? 1 : 0]
  r.segment('header', 0)
  return {
    recordDescriptorWord: rdw,
    recordIdentifier: r.A(f.recordIdentifier),
    cycleIdentifier: r.A(f.cycleIdentifier),
    innovisProgramIdentifier: r.A(f.innovisProgramIdentifier),
    equifaxProgramIdentifier: r.A(f.equifaxProgramIdentifier),
    experianProgramIdentifier: r.A(f.experianProgramIdentifier),
    transUnionProgramIdentifier: r.A(f.transUnionProgramIdentifier),
    activityDate: r.D(f.activityDate),
    dateCreated: r.D(f.dateCreated),
    programDate: r.D(f.programDate),
    programRevisionDate: r.D(f.programRevisionDate),
    reporterName: r.A(f.reporterName),
    reporterAddress: r.A(f.reporterAddress),
    reporterTelephoneNumber: r.N(f.reporterTelephoneNumber),
    softwareVendorName: r.A(f.softwareVendorName),
    softwareVersionNumber: r.A(f.softwareVersionNumber),
    prbcProgramIdentifier: r.A(f.prbcProgramIdentifier),
  }
}

export function decodeBase(r: FieldReader, packed: boolean, rdw: number): BaseSegment {
  const f = BASE[packed ? 1 : 0]
  r.segment('base', 0)
  return {
    recordDescriptorWord: rdw,
    processingIndicator: r.N(f.processingIndicator),
    timeStamp: r.T(f.timeStamp),
    correctionIndicator: r.N(f.correctionIndicator),
    identificationNumber: r.A(f.identificationNumber),
    cycleIdentifier: r.A(f.cycleIdentifier),
    consumerAccountNumber: r.A(f.consumerAccountNumber),
    portfolioType: r.A(f.portfolioType),
    accountType: r.A(f.accountType),
    dateOpened: r.D(f.dateOpened),
    creditLimit: r.N(f.creditLimit),
    highestCredit: r.N(f.highestCredit),
    termsDuration: r.A(f.termsDuration),
    termsFrequency: r.A(f.termsFrequency),
    scheduledMonthlyPaymentAmount: r.N(f.scheduledMonthlyPaymentAmount),
    actualPaymentAmount: r.N(f.actualPaymentAmount),
    accountStatus: r.A(f.accountStatus),
    paymentRating: r.A(f.paymentRating),
    paymentHistoryProfile: r.A(f.paymentHistoryProfile),
    specialComment: r.A(f.specialComment),
    complianceConditionCode: r.A(f.complianceConditionCode),
    currentBalance: r.N(f.currentBalance),
    amountPastDue: r.N(f.amountPastDue),
    originalChargeOffAmount: r.N(f.originalChargeOffAmount),
    dateAccountInformation: r.D(f.dateAccountInformation),
    dateFirstDelinquency: r.D(f.dateFirstDelinquency),
    dateClosed: r.D(f.dateClosed),
    dateLastPayment: r.D(f.dateLastPayment),
    interestTypeIndicator: r.A(f.interestTypeIndicator),
    surname: r.A(f.surname),
    firstName: r.A(f.firstName),
    middleName: r.A(f.middleName),
    generationCode: r.A(f.generationCode),
    socialSecurityNumber: r.N(f.socialSecurityNumber),
    dateBirth: r.D(f.dateBirth),
    telephoneNumber: r.N(f.telephoneNumber),
    ecoaCode: r.A(f.ecoaCode),
    consumerInformationIndicator: r.A(f.consumerInformationIndicator),
    countryCode: r.A(f.countryCode),
    firstLineAddress: r.A(f.firstLineAddress),
    secondLineAddress: r.A(f.secondLineAddress),
    city: r.A(f.city),
    state: r.A(f.state),
    zipCode: r.A(f.zipCode),
    addressIndicator: r.A(f.addressIndicator),
    residenceCode: r.A(f.residenceCode),
  }
}

export function decodeTrailer(r: FieldReader, packed: boolean, rdw: number): TrailerRecord {
  const f = TRAILER[packed ? 1 : 0]
  r.segment('trailer', 0)
  return {
    recordDescriptorWord: rdw,
    recordIdentifier: r.A(f.recordIdentifier),
    totalBaseRecords: r.N(f.totalBaseRecords),
    totalStatusCodeDF: r.N(f.totalStatusCodeDF),
    totalConsumerSegmentsJ1: r.N(f.totalConsumerSegmentsJ1),
    totalConsumerSegmentsJ2: r.N(f.totalConsumerSegmentsJ2),
    blockCount: r.N(f.blockCount),
    totalStatusCodeDA: r.N(f.totalStatusCodeDA),
    totalStatusCode05: r.N(f.totalStatusCode05),
    totalStatusCode11: r.N(f.totalStatusCode11),
    totalStatusCode13: r.N(f.totalStatusCode13),
    totalStatusCode61: r.N(f.totalStatusCode61),
    totalStatusCode62: r.N(f.totalStatusCode62),
    totalStatusCode63: r.N(f.totalStatusCode63),
    totalStatusCode64: r.N(f.totalStatusCode64),
    totalStatusCode65: r.N(f.totalStatusCode65),
    totalStatusCode71: r.N(f.totalStatusCode71),
    totalStatusCode78: r.N(f.totalStatusCode78),
    totalStatusCode80: r.N(f.totalStatusCode80),
    totalStatusCode82: r.N(f.totalStatusCode82),
    totalStatusCode83: r.N(f.totalStatusCode83),
    totalStatusCode84: r.N(f.totalStatusCode84),
    totalStatusCode88: r.N(f.totalStatusCode88),
    totalStatusCode89: r.N(f.totalStatusCode89),
    totalStatusCode93: r.N(f.totalStatusCode93),
    totalStatusCode94: r.N(f.totalStatusCode94),
    totalStatusCode95: r.N(f.totalStatusCode95),
    totalStatusCode96: r.N(f.totalStatusCode96),
    totalStatusCode97: r.N(f.totalStatusCode97),
    totalECOACodeZ: r.N(f.totalECOACodeZ),
    totalEmploymentSegments: r.N(f.totalEmploymentSegments),
    totalOriginalCreditorSegments: r.N(f.totalOriginalCreditorSegments),
    totalPurchasedToSegments: r.N(f.totalPurchasedToSegments),
    totalMortgageInformationSegments: r.N(f.totalMortgageInformationSegments),
    totalPaymentInformationSegments: r.N(f.totalPaymentInformationSegments),
    totalChangeSegments: r.N(f.totalChangeSegments),
    totalSocialNumbersAllSegments: r.N(f.totalSocialNumbersAllSegments),
    totalSocialNumbersBaseSegments: r.N(f.totalSocialNumbersBaseSegments),
    totalSocialNumbersJ1Segments: r.N(f.totalSocialNumbersJ1Segments),
    totalSocialNumbersJ2Segments: r.N(f.totalSocialNumbersJ2Segments),
    totalDatesBirthAllSegments: r.N(f.totalDatesBirthAllSegments),
    totalDatesBirthBaseSegments: r.N(f.totalDatesBirthBaseSegments),
    totalDatesBirthJ1Segments: r.N(f.totalDatesBirthJ1Segments),
    totalDatesBirthJ2Segments: r.N(f.totalDatesBirthJ2Segments),
    totalTelephoneNumbersAllSegments: r.N(f.totalTelephoneNumbersAllSegments),
  }
}

export function decodeJ1(r: FieldReader, at: number): J1Segment {
  r.segment('j1', at)
  return {
    segmentIdentifier: 'J1',
    surname: r.A(J1.surname),
    firstName: r.A(J1.firstName),
    middleName: r.A(J1.middleName),
    generationCode: r.A(J1.generationCode),
    socialSecurityNumber: r.N(J1.socialSecurityNumber),
    dateBirth: r.D(J1.dateBirth),
    telephoneNumber: r.N(J1.telephoneNumber),
    ecoaCode: r.A(J1.ecoaCode),
    consumerInformationIndicator: r.A(J1.consumerInformationIndicator),
  }
}

export function decodeJ2(r: FieldReader, at: number): J2Segment {
  r.segment('j2', at)
  return {
    segmentIdentifier: 'J2',
    surname: r.A(J2.surname),
    firstName: r.A(J2.firstName),
    middleName: r.A(J2.middleName),
    generationCode: r.A(J2.generationCode),
    socialSecurityNumber: r.N(J2.socialSecurityNumber),
    dateBirth: r.D(J2.dateBirth),
    telephoneNumber: r.N(J2.telephoneNumber),
    ecoaCode: r.A(J2.ecoaCode),
    consumerInformationIndicator: r.A(J2.consumerInformationIndicator),
    countryCode: r.A(J2.countryCode),
    firstLineAddress: r.A(J2.firstLineAddress),
    secondLineAddress: r.A(J2.secondLineAddress),
    city: r.A(J2.city),
    state: r.A(J2.state),
    zipCode: r.A(J2.zipCode),
    addressIndicator: r.A(J2.addressIndicator),
    residenceCode: r.A(J2.residenceCode),
  }
}

export function decodeK1(r: FieldReader, at: number): K1Segment {
  r.segment('k1', at)
  return {
    segmentIdentifier: 'K1',
    originalCreditorName: r.A(K1.originalCreditorName),
    creditorClassification: r.N(K1.creditorClassification),
  }
}

export function decodeK2(r: FieldReader, at: number): K2Segment {
  r.segment('k2', at)
  return {
    segmentIdentifier: 'K2',
    purchasedIndicator: r.N(K2.purchasedIndicator),
    purchasedName: r.A(K2.purchasedName),
  }
}

export function decodeK3(r: FieldReader, at: number): K3Segment {
  r.segment('k3', at)
  return {
    segmentIdentifier: 'K3',
    agencyIdentifier: r.N(K3.agencyIdentifier),
    accountNumber: r.A(K3.accountNumber),
    mortgageIdentificationNumber: r.A(K3.mortgageIdentificationNumber),
  }
}

export function decodeK4(r: FieldReader, at: number): K4Segment {
  r.segment('k4', at)
  return {
    segmentIdentifier: 'K4',
    specializedPaymentIndicator: r.N(K4.specializedPaymentIndicator),
    deferredPaymentStartDate: r.D(K4.deferredPaymentStartDate),
    balloonPaymentDueDate: r.D(K4.balloonPaymentDueDate),
    balloonPaymentAmount: r.N(K4.balloonPaymentAmount),
  }
}

export function decodeL1(r: FieldReader, at: number): L1Segment {
  r.segment('l1', at)
  return {
    segmentIdentifier: 'L1',
    changeIndicator: r.N(L1.changeIndicator),
    newConsumerAccountNumber: r.A(L1.newConsumerAccountNumber),
    newIdentificationNumber: r.A(L1.newIdentificationNumber),
  }
}

export function decodeN1(r: FieldReader, at: number): N1Segment {
  r.segment('n1', at)
  return {
    segmentIdentifier: 'N1',
    employerName: r.A(N1.employerName),
    firstLineEmployerAddress: r.A(N1.firstLineEmployerAddress),
    secondLineEmployerAddress: r.A(N1.secondLineEmployerAddress),
    employerCity: r.A(N1.employerCity),
    employerState: r.A(N1.employerState),
    zipCode: r.A(N1.zipCode),
    occupation: r.A(N1.occupation),
  }
}
