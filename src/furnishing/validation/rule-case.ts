// Test support: the shape of a rule case (a breaking input and a nearby passing one) and builders for record cases.
import type { BaseSegment, J1Segment, J2Segment, Metro2Issue } from '../../metro2/index.ts'
import { TODAY, validJ1, validJ2, validRecord, type RecordOverrides } from './fixtures.ts'
import { validateRecord } from './validate-record.ts'

export interface RuleCase {
  rule: string
  name: string
  breaks: () => Metro2Issue[] | Promise<Metro2Issue[]>
  passes: () => Metro2Issue[] | Promise<Metro2Issue[]>
}

/** [rule, what breaks it, the breaking record, a nearby record that passes it] */
export type RecordRow = [rule: string, name: string, breaking: RecordOverrides, passing: RecordOverrides]

const validate = (o: RecordOverrides) => () => validateRecord(validRecord(o), { today: TODAY })

export const recordCases = (rows: readonly RecordRow[]): RuleCase[] =>
  rows.map(([rule, name, breaking, passing]) => ({
    rule,
    name,
    breaks: validate(breaking),
    passes: validate(passing),
  }))

/** Overrides of the Base Segment only. */
export const b = (base: Partial<BaseSegment>): RecordOverrides => ({ base })
/** One J1 (or J2) segment bent from the valid one. */
export const j1 = (o: Partial<J1Segment>): RecordOverrides => ({ j1: [validJ1(o)] })
export const j2 = (o: Partial<J2Segment>): RecordOverrides => ({ j2: [validJ2(o)] })
/** An L1 segment (account number or identification number change) on the valid record. */
export const l1 = (changeIndicator: number, newAccount: string, newId: string): RecordOverrides => ({
  l1: {
    segmentIdentifier: 'L1',
    changeIndicator,
    newConsumerAccountNumber: newAccount,
    newIdentificationNumber: newId,
  },
})

/** A K1 (original creditor) with the given Creditor Classification. */
export const k1 = (creditorClassification: number): RecordOverrides => ({
  k1: { segmentIdentifier: 'K1', originalCreditorName: 'ORIG BANK', creditorClassification },
})
/** A K2 (purchased from / sold to) with the given indicator and name. */
export const k2 = (purchasedIndicator: number, purchasedName: string): RecordOverrides => ({
  k2: { segmentIdentifier: 'K2', purchasedIndicator, purchasedName },
})
/** A K4 (balloon or deferred payment) with the given Specialized Payment Indicator. */
export const k4 = (specializedPaymentIndicator: number): RecordOverrides => ({
  k4: {
    segmentIdentifier: 'K4',
    specializedPaymentIndicator,
    deferredPaymentStartDate: null,
    balloonPaymentDueDate: '2025-06-01',
    balloonPaymentAmount: 1000,
  },
})
/** An N1 (employment) with the given Employer State. */
export const n1 = (employerState: string): RecordOverrides => ({
  n1: {
    segmentIdentifier: 'N1',
    employerName: 'ACME WIDGETS',
    firstLineEmployerAddress: '1 MAIN ST',
    secondLineEmployerAddress: '',
    employerCity: 'SPRINGFIELD',
    employerState,
    zipCode: '62701',
    occupation: 'CLERK',
  },
})

/** A valid 30-day delinquency as of the fixture's DOAI. */
export const DELINQUENT = { accountStatus: '71', dateFirstDelinquency: '2024-02-25', amountPastDue: 450 }
