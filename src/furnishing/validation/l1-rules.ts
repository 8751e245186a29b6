// The L1 Segment (CRRG L1 fields 2-4): a change of the Consumer Account Number or of the Identification Number,
// sent once, in the month of the change, beside a Base Segment that still carries the old Consumer Account Number
// (base field 7). Ingestion moves the account's history onto the new number (ingest.chunk.ts); these rules make
// sure the segment says what moves and where to.
import { LAYOUTS, reportsNothing, type DataRecord, type Metro2Issue } from '../../metro2/index.ts'
import { issue } from './issue.ts'

/** Change Indicator 1: the account number changed; 2: the identification number; 3: both (CRRG L1 field 2). */
const CHANGES_ACCOUNT = new Set([1, 3])
const CHANGES_ID = new Set([2, 3])

export function addChangeIssues(out: Metro2Issue[], record: DataRecord): void {
  const l1 = record.l1
  // An L1 of blanks, zeros or nines reports nothing (the trailer does not count it either): nothing to check.
  if (l1 === undefined || reportsNothing(l1, LAYOUTS.l1.character)) return
  const c = l1.changeIndicator
  if (!CHANGES_ACCOUNT.has(c) && !CHANGES_ID.has(c)) {
    const message = `L1 Change Indicator "${c}" is not a code; expected 1 (Consumer Account Number), 2 (Identification Number) or 3 (both) (CRRG L1 field 2)`
    out.push(issue('l1', 'changeIndicator', 'code.l1_change_indicator', message))
  }
  if (CHANGES_ACCOUNT.has(c) && l1.newConsumerAccountNumber.trim() === '') {
    const message = `L1 New Consumer Account Number is blank; Change Indicator ${c} requires it (CRRG L1 field 3)`
    out.push(issue('l1', 'newConsumerAccountNumber', 'required.l1_new_account_number', message))
  }
  if (CHANGES_ID.has(c) && l1.newIdentificationNumber.trim() === '') {
    const message = `L1 New Identification Number is blank; Change Indicator ${c} requires it (CRRG L1 field 4)`
    out.push(issue('l1', 'newIdentificationNumber', 'required.l1_new_identification_number', message))
  }
}

/**
 * The Consumer Account Number the record's account is kept under from now on: the L1's new number when the
 * segment changes it (indicator 1 or 3, number given), else the Base Segment's.
 */
export function currentAccountNumber(record: DataRecord): string {
  const l1 = record.l1
  if (l1 === undefined || !CHANGES_ACCOUNT.has(l1.changeIndicator)) return record.base.consumerAccountNumber
  const next = l1.newConsumerAccountNumber.trim()
  return next === '' ? record.base.consumerAccountNumber : next
}

/** The Identification Number an L1 segment moves the account to (indicator 2 or 3, number given), if any. */
export function newIdentificationNumber(record: DataRecord): string | undefined {
  const l1 = record.l1
  if (l1 === undefined || !CHANGES_ID.has(l1.changeIndicator)) return undefined
  const next = l1.newIdentificationNumber.trim()
  return next === '' ? undefined : next
}
