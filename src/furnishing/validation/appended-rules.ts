// The code lists of the K1, K2, K4 and N1 Segments (CRRG Chapter 4, appended segments): the layouts read their
// indicators as plain numbers, so without these checks any number passed. A segment that reports nothing (every
// field blank, zero or 9 filled, which the trailer does not count either) has nothing to check.
import { LAYOUTS, reportsNothing, type DataRecord, type Metro2Issue } from '../../metro2/index.ts'
import { checkCode, EMPLOYER_STATE } from './code-checks.ts'
import { CREDITOR_CLASSIFICATIONS, PURCHASED_INDICATORS, SPECIALIZED_PAYMENT_INDICATORS } from './codes.ts'
import { issue } from './issue.ts'

/** A numeric coded field of a K segment, its CRRG name, and the codes as the message lists them. */
interface NumericCode {
  readonly segment: 'k1' | 'k2' | 'k4'
  readonly field: string
  readonly label: string
  readonly digits: number
  readonly codes: ReadonlySet<number>
  readonly rule: string
  readonly expected: string
}

const CREDITOR_CLASSIFICATION: NumericCode = {
  segment: 'k1',
  field: 'creditorClassification',
  label: 'K1 Creditor Classification',
  digits: 2,
  codes: CREDITOR_CLASSIFICATIONS,
  rule: 'code.k1_creditor_classification',
  expected: '01-15, the Original Creditor’s type of business (CRRG K1 field 3)',
}
const PURCHASED_INDICATOR: NumericCode = {
  segment: 'k2',
  field: 'purchasedIndicator',
  label: 'K2 Purchased From/Sold To Indicator',
  digits: 1,
  codes: PURCHASED_INDICATORS,
  rule: 'code.k2_purchased_indicator',
  expected: '1 (purchased from), 2 (sold to) or 9 (remove the K2 reported before) (CRRG K2 field 2)',
}
const SPECIALIZED_PAYMENT: NumericCode = {
  segment: 'k4',
  field: 'specializedPaymentIndicator',
  label: 'K4 Specialized Payment Indicator',
  digits: 2,
  codes: SPECIALIZED_PAYMENT_INDICATORS,
  rule: 'code.k4_specialized_payment_indicator',
  expected: '01 (balloon payment) or 02 (deferred payment) (CRRG K4 field 2)',
}

function checkNumericCode(out: Metro2Issue[], value: number, c: NumericCode): void {
  if (c.codes.has(value)) return
  const shown = String(value).padStart(c.digits, '0')
  out.push(issue(c.segment, c.field, c.rule, `${c.label} "${shown}" is not a code; expected ${c.expected}`))
}

/** Adds to `out` the code issues of the record's K1, K2, K4 and N1 Segments. */
export function addAppendedIssues(out: Metro2Issue[], record: DataRecord): void {
  const { k1, k2, k4, n1 } = record
  if (k1 !== undefined && !reportsNothing(k1, LAYOUTS.k1.character))
    checkNumericCode(out, k1.creditorClassification, CREDITOR_CLASSIFICATION)
  if (k2 !== undefined && !reportsNothing(k2, LAYOUTS.k2.character))
    checkNumericCode(out, k2.purchasedIndicator, PURCHASED_INDICATOR)
  if (k4 !== undefined && !reportsNothing(k4, LAYOUTS.k4.character))
    checkNumericCode(out, k4.specializedPaymentIndicator, SPECIALIZED_PAYMENT)
  if (n1 !== undefined) checkCode(out, 'n1', n1.employerState, EMPLOYER_STATE)
}
