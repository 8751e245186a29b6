// The totals of the Trailer Record as the CRRG defines them (Trailer Record fields 3-47), counted from the data
// records themselves. The writer emits these, never totals taken from its input; the validator compares a file's
// declared trailer with them.
import { J1_LAYOUT, LAYOUTS, valueTypeOf, type Spec } from './layouts.ts'
import type { DataRecord, K2Segment, TrailerRecord, TrailerStatusCode } from './metro2.model.ts'
import { CHARACTER_RECORD_LENGTH, K2_REMOVE_INDICATOR, TRAILER_STATUS_CODES } from './metro2.model.ts'

type Totals = { -readonly [K in Exclude<keyof TrailerRecord, 'blockDescriptorWord'>]: TrailerRecord[K] }

const STATUS = new Map<string, `totalStatusCode${TrailerStatusCode}`>(
  TRAILER_STATUS_CODES.map((code) => [code, `totalStatusCode${code}`]),
)

/** A value that is blank, zero or all nines: "blank- or 9-filled" in the CRRG's words. */
function filled(v: unknown): boolean {
  if (v === null || v === '' || v === 0 || v === undefined) return true
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : 'x'
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== 57) return false
  return true
}

/** A segment that reports nothing: every field blank-, zero- or 9-filled (its identifier aside); not counted. */
export function reportsNothing(segment: object, layout: readonly Spec[]): boolean {
  const values = segment as Record<string, unknown>
  for (const s of layout) {
    if (s.reserved || s.name === 'segmentIdentifier' || valueTypeOf(s) === 'W') continue
    if (!filled(values[s.name])) return false
  }
  return true
}

/**
 * CRRG K2 field 2: indicator 9 removes the K2 information reported before, with the name blank filled. It is an
 * instruction, counted in Total Purchased From/Sold To Segments, though its one digit looks 9 filled.
 */
const countsK2 = (k2: K2Segment): boolean =>
  k2.purchasedIndicator === K2_REMOVE_INDICATOR || !reportsNothing(k2, LAYOUTS.k2.character)

/** CRRG: "do not count zero- or 9-filled SSNs". */
const countsSsn = (ssn: number): boolean => ssn !== 0 && ssn !== 999_999_999

export class TrailerCounter {
  private readonly t: Totals = TrailerCounter.zero()

  private static zero(): Totals {
    const t = { recordDescriptorWord: CHARACTER_RECORD_LENGTH, recordIdentifier: 'TRAILER' } as Totals
    for (const s of LAYOUTS.trailer.character)
      if (valueTypeOf(s) === 'N') (t as Record<string, unknown>)[s.name] = 0
    return t
  }

  add(record: DataRecord): void {
    const t = this.t
    const b = record.base
    t.totalBaseRecords++
    const status = STATUS.get(b.accountStatus)
    if (status) t[status]++
    if (b.ecoaCode === 'Z') t.totalECOACodeZ++
    if (countsSsn(b.socialSecurityNumber)) {
      t.totalSocialNumbersBaseSegments++
      t.totalSocialNumbersAllSegments++
    }
    if (b.dateBirth !== null) {
      t.totalDatesBirthBaseSegments++
      t.totalDatesBirthAllSegments++
    }
    if (b.telephoneNumber > 0) t.totalTelephoneNumbersAllSegments++
    for (const j of record.j1) {
      if (j.ecoaCode === 'Z') t.totalECOACodeZ++
      if (!reportsNothing(j, J1_LAYOUT)) t.totalConsumerSegmentsJ1++
      if (countsSsn(j.socialSecurityNumber)) {
        t.totalSocialNumbersJ1Segments++
        t.totalSocialNumbersAllSegments++
      }
      if (j.dateBirth !== null) {
        t.totalDatesBirthJ1Segments++
        t.totalDatesBirthAllSegments++
      }
      if (j.telephoneNumber > 0) t.totalTelephoneNumbersAllSegments++
    }
    for (const j of record.j2) {
      if (j.ecoaCode === 'Z') t.totalECOACodeZ++
      if (!reportsNothing(j, LAYOUTS.j2.character)) t.totalConsumerSegmentsJ2++
      if (countsSsn(j.socialSecurityNumber)) {
        t.totalSocialNumbersJ2Segments++
        t.totalSocialNumbersAllSegments++
      }
      if (j.dateBirth !== null) {
        t.totalDatesBirthJ2Segments++
        t.totalDatesBirthAllSegments++
      }
      if (j.telephoneNumber > 0) t.totalTelephoneNumbersAllSegments++
    }
    if (record.k1 && !reportsNothing(record.k1, LAYOUTS.k1.character)) t.totalOriginalCreditorSegments++
    if (record.k2 && countsK2(record.k2)) t.totalPurchasedToSegments++
    if (record.k3 && !reportsNothing(record.k3, LAYOUTS.k3.character)) t.totalMortgageInformationSegments++
    if (record.k4 && !reportsNothing(record.k4, LAYOUTS.k4.character)) t.totalPaymentInformationSegments++
    if (record.l1 && !reportsNothing(record.l1, LAYOUTS.l1.character)) t.totalChangeSegments++
    if (record.n1 && !reportsNothing(record.n1, LAYOUTS.n1.character)) t.totalEmploymentSegments++
  }

  /**
   * The trailer for the records added so far. `blockCount` is the file's (CRRG field 8): the number of blocks of
   * a blocked file, and in an unblocked one every record, header and trailer included (moov's sample: 3).
   */
  result(blockCount: number): TrailerRecord {
    return { ...this.t, blockCount }
  }
}
