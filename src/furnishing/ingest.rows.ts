// The rows of one accepted record, and of an issue, rendered into a CopyBuffer in the column orders of
// ingest.store.ts.
import type { DataRecord } from '../metro2/index.ts'
import type { CopyBuffer, CopyValue } from '../platform/copy.ts'
import { tradelineExtra } from './ingest.model.ts'
import { newIdentificationNumber } from './validation/index.ts'

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
  /** What the format carries beyond Metro 2 (JSON Lines funders, alternative payment); K1-K4 are added here. */
  extra: Record<string, unknown> | null
  /** Present for staged rows: the record number that orders duplicates within the file. */
  recordNo?: number
}

/**
 * The codes that stay on an account until a later report removes them. A blank Compliance Condition Code (CRRG
 * base field 20, Exhibit 8) leaves the code reported before in place, and XR removes it; a blank Consumer
 * Information Indicator (base field 38, J1/J2 field 10, Exhibit 11) leaves the indicator in place, and Q (removes
 * a bankruptcy indicator), S (removes a reaffirmation of debt, its rescission or a lease assumption: R, V, 2A) and
 * U (consumer now located: removes T) remove it. A removal value is never kept itself: it is no condition of the
 * account. mergeStaging applies both to the row stored before; a row that meets none keeps the code reported,
 * less any removal value (there is nothing to remove).
 */
export const COMPLIANCE_REMOVALS: readonly string[] = ['XR']
export const CONSUMER_INFO_REMOVALS: readonly string[] = ['Q', 'S', 'U']

const withoutRemoval = (code: string, removals: readonly string[]) => (removals.includes(code) ? '' : code)

const row = (out: CopyBuffer, values: CopyValue[], recordNo: number | undefined) => {
  if (recordNo !== undefined) values.push(recordNo)
  out.row(values)
}

/**
 * The tradeline's extra column: the record's K1-K4 segments (tradelineExtra), from Metro 2 and JSON Lines alike,
 * and what the format carried beyond them. Built from this record alone, so a later month without a K segment
 * clears it, as it does any base field but the codes that stay until removed: a furnisher's monthly record
 * restates the whole account.
 */
export function extraColumn(r: DataRecord, c: Pick<RecordContext, 'extra'>): string | null {
  const extra = { ...tradelineExtra(r), ...c.extra }
  return Object.keys(extra).length > 0 ? JSON.stringify(extra) : null
}

/**
 * The consumer's tradeline row. `onFile`: the consumer has a row of this account stored, which this one is merged
 * into (mergeStaging), so the codes that stay until removed go as reported, for the merge to apply.
 */
export function tradelineRow(
  out: CopyBuffer,
  r: DataRecord,
  p: PartyRow,
  c: RecordContext,
  onFile = false,
): void {
  const b = r.base
  row(
    out,
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
      onFile ? b.complianceConditionCode : withoutRemoval(b.complianceConditionCode, COMPLIANCE_REMOVALS),
      b.currentBalance,
      b.amountPastDue,
      b.originalChargeOffAmount,
      b.dateAccountInformation,
      b.dateFirstDelinquency,
      b.dateClosed,
      b.dateLastPayment,
      b.interestTypeIndicator,
      onFile ? p.consumerInfo : withoutRemoval(p.consumerInfo, CONSUMER_INFO_REMOVALS),
      extraColumn(r, c),
      c.batchId,
    ],
    c.recordNo,
  )
}

/**
 * The month's report of the account. Its Compliance Condition Code is the one in effect that month: for a staged
 * row, mergeStaging takes it from the merged tradeline; this one, less a removal value, is for a new account.
 */
export function snapshotRow(out: CopyBuffer, r: DataRecord, consumerKey: string, c: RecordContext): void {
  const b = r.base
  row(
    out,
    [
      consumerKey,
      c.tradelineId,
      b.dateAccountInformation,
      c.batchId,
      b.accountStatus,
      b.paymentRating,
      b.paymentHistoryProfile,
      b.specialComment,
      withoutRemoval(b.complianceConditionCode, COMPLIANCE_REMOVALS),
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

export function accountRow(
  out: CopyBuffer,
  r: DataRecord,
  parties: readonly Pick<PartyRow, 'consumerKey' | 'ecoaCode'>[],
  c: RecordContext,
): void {
  const b = r.base
  const consumers = JSON.stringify(parties.map((p) => ({ consumerKey: p.consumerKey, ecoa: p.ecoaCode })))
  row(
    out,
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
      b.paymentRating,
      // The number the account is reported under from now on: an L1 segment may move it (CRRG L1 field 4).
      newIdentificationNumber(r) ?? b.identificationNumber,
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

export function issueRow(out: CopyBuffer, batchId: string, seq: number, i: StoredIssue): void {
  out.row([
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
