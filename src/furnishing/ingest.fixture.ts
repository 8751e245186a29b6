// Records and files for the ingestion tests that run months one after another: a joint account, a single one,
// the same record a month later, and a Metro 2 file of records.
import { sampleHeader, writeMetro2, type DataRecord } from '../metro2/index.ts'
import { validBase, validJ1 } from './validation/fixtures.ts'

/** An account of two consumers: the base segment's (SSN 123-45-6789) and a J1 (SSN 123-45-6780). */
export const jointRecord = (account: string): DataRecord => ({
  base: validBase({ consumerAccountNumber: account, socialSecurityNumber: 123456789 }),
  j1: [validJ1({ socialSecurityNumber: 123456780 })],
  j2: [],
})

/** An account of one consumer (SSN 234-56-7890). */
export const singleRecord = (account: string): DataRecord => ({
  base: validBase({
    consumerAccountNumber: account,
    socialSecurityNumber: 234567890,
    surname: 'ROE',
    firstName: 'RICHARD',
    dateBirth: '1970-01-01',
  }),
  j1: [],
  j2: [],
})

/** The record `months` months after March 2024: its history shifted by as many months of 0. */
export function later(r: DataRecord, months: number, asOf: string): DataRecord {
  const history = '0'.repeat(months) + r.base.paymentHistoryProfile
  return {
    ...r,
    base: { ...r.base, dateAccountInformation: asOf, paymentHistoryProfile: history.slice(0, 24) },
  }
}

/** The record with an L1 segment moving its account onto the number `to` (Change Indicator 1). */
export const renumbered = (r: DataRecord, to: string): DataRecord => ({
  ...r,
  l1: {
    segmentIdentifier: 'L1',
    changeIndicator: 1,
    newConsumerAccountNumber: to,
    newIdentificationNumber: '',
  },
})

/** A fixed-length Metro 2 file of the records, as one chunk. */
export const metro2File = (records: DataRecord[], activityDate: string): AsyncIterable<Uint8Array> =>
  (async function* () {
    yield writeMetro2(
      { header: sampleHeader(activityDate), data: records },
      { format: 'fixed', lineBreaks: true },
    )
  })()
