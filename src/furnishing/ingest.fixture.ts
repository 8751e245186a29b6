// Records and files for the ingestion tests that run months one after another: a joint account, a single one,
// the same record a month later, a Metro 2 file of records, and a database to ingest them into.
import { generateSecrets } from '../config.ts'
import { createIdentityModule } from '../identity/index.ts'
import { createMembersModule } from '../members/index.ts'
import { sampleHeader, writeMetro2, type DataRecord } from '../metro2/index.ts'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { createReportsModule } from '../reports/index.ts'
import { createFurnishingModule, type IngestResult } from './index.ts'
import { validBase, validJ1 } from './validation/fixtures.ts'

/** An account of two consumers: the base segment's (SSN 123-45-6781) and a J1 (SSN 123-45-6780). */
export const jointRecord = (account: string): DataRecord => ({
  base: validBase({ consumerAccountNumber: account, socialSecurityNumber: 123456781 }),
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

export type Applied = Extract<IngestResult, { status: 'applied' }>

/**
 * A fresh database with the furnisher "first-bank" (its Metro 2 Identification Numbers `metro2Ids`), and the
 * modules an ingestion test reads back with; the clock stands at `now`.
 */
export async function openIngestTestbed(now: string, metro2Ids = ['FURNISHER01']) {
  const db: TestDb = await openTestDb()
  const members = createMembersModule(db)
  await members.add({ id: 'first-bank', name: 'First Bank', kind: 'bank', roles: ['furnisher'], metro2Ids })
  const identity = createIdentityModule(db, generateSecrets())
  const furnishing = createFurnishingModule(db, { identity, members, clock: () => new Date(now) })
  const reports = createReportsModule(db.kysely, { identity })
  /** Ingests the records as one Metro 2 file, which must be applied. */
  const ingest = async (records: DataRecord[], activityDate: string): Promise<Applied> => {
    const r = await furnishing.ingest.ingest({ source: metro2File(records, activityDate) })
    if (r.status !== 'applied') throw new Error(`expected the file to be applied, got ${r.status}`)
    return r
  }
  return { db, furnishing, reports, ingest }
}

export type IngestTestbed = Awaited<ReturnType<typeof openIngestTestbed>>
