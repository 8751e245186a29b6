// Renders the rows of one accepted record as COPY text lines, in the column orders of ingest.store.ts.
import type { DataRecord } from '../metro2/index.ts'
import { copyLine, type CopyValue } from '../platform/copy.ts'

export interface PartyRow {
  consumerKey: string
  ecoaCode: string
  matchReason: string
  consumerInfo: string
}

export interface RecordContext {
  tradelineId: string
  /** The number the account is kept under: the Base Segment's, or an L1 segment's new one. */
  accountNumber: string
  furnisherId: string
  batchId: string
  extra: Record<string, unknown> | null
  /** Present for staged rows: the record number that orders duplicates within the file. */
  recordNo?: number
}

const line = (values: CopyValue[], recordNo: number | undefined) =>
  copyLine(recordNo === undefined ? values : [...values, recordNo])

export function tradelineLine(r: DataRecord, p: PartyRow, c: RecordContext): string {
  const b = r.base
  return line(
    [
      p.consumerKey,
      c.tradelineId,
      c.furnisherId,
      c.accountNumber,
      p.ecoaCode,
      p.matchReason,
      b.portfolioType,
      b.accountType,
      b.dateOpened,
      b.creditLimit,
      b.highestCredit,
      b.termsDuration,
      b.termsFrequency,
      b.scheduledMonthlyPaymentAmount,
      b.actualPaymentAmount,
      b.accountStatus,
      b.paymentRating,
      b.paymentHistoryProfile,
      b.specialComment,
      b.complianceConditionCode,
      b.currentBalance,
      b.amountPastDue,
      b.originalChargeOffAmount,
      b.dateAccountInformation,
      b.dateFirstDelinquency,
      b.dateClosed,
      b.dateLastPayment,
      b.interestTypeIndicator,
      p.consumerInfo,
      c.extra === null ? null : JSON.stringify(c.extra),
      c.batchId,
    ],
    c.recordNo,
  )
}

export function snapshotLine(r: DataRecord, consumerKey: string, c: RecordContext): string {
  const b = r.base
  return line(
    [
      consumerKey,
      c.tradelineId,
      b.dateAccountInformation,
      c.batchId,
      b.accountStatus,
      b.paymentRating,
      b.paymentHistoryProfile,
      b.specialComment,
      b.complianceConditionCode,
      b.creditLimit,
      b.highestCredit,
      b.scheduledMonthlyPaymentAmount,
      b.actualPaymentAmount,
      b.currentBalance,
      b.amountPastDue,
      b.originalChargeOffAmount,
      b.dateFirstDelinquency,
      b.dateClosed,
      b.dateLastPayment,
    ],
    c.recordNo,
  )
}

export function accountLine(
  r: DataRecord,
  parties: readonly Pick<PartyRow, 'consumerKey' | 'ecoaCode'>[],
  c: RecordContext,
): string {
  const b = r.base
  const consumers = JSON.stringify(parties.map((p) => ({ consumerKey: p.consumerKey, ecoa: p.ecoaCode })))
  return line(
    [
      c.tradelineId,
      c.furnisherId,
      c.accountNumber,
      consumers,
      b.dateAccountInformation,
      b.accountStatus,
      b.dateFirstDelinquency,
      b.paymentHistoryProfile,
      c.batchId,
    ],
    c.recordNo,
  )
}

export interface StoredIssue {
  recordNo: number | null
  line: number | null
  offset: number | null
  account: string | null
  segment: string
  field: string | null
  rule: string
  severity: 'error' | 'warning'
  message: string
}

export function issueLine(batchId: string, seq: number, i: StoredIssue): string {
  return copyLine([
    batchId,
    seq,
    i.recordNo,
    i.line,
    i.offset,
    i.account,
    i.segment,
    i.field,
    i.rule,
    i.severity,
    i.message,
  ])
}
