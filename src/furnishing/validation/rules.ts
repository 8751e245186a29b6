// The catalogue of the furnishing validation rules (`openbureau metro2 rules`): every issue the validator emits
// carries one of these ids, and takes its severity from here. An error rejects the record; a warning does not.
import type { RuleInfo, Severity } from '../../metro2/index.ts'
import { TRAILER_TOTALS } from './trailer-totals.ts'

/** Catalogue entries, for this catalogue and the ingestion rules' (ingest-rules.ts). */
export const error = (id: string, description: string): RuleInfo => ({ id, severity: 'error', description })
export const warning = (id: string, description: string): RuleInfo => ({
  id,
  severity: 'warning',
  description,
})

export const VALIDATION_RULES: readonly RuleInfo[] = [
  // Field syntax and code lists (CRRG Chapter 4 field definitions, Chapter 5 exhibits).
  error('code.portfolio_type', 'Portfolio Type is C, I, M, O or R (CRRG field 8)'),
  error('code.account_type', 'Account Type is a code of CRRG Exhibit 1'),
  error('code.account_status', 'Account Status is a code of CRRG Exhibit 4'),
  error('code.payment_rating', 'Payment Rating is 0-6, G or L (CRRG field 17B)'),
  error(
    'code.payment_rating_presence',
    'Payment Rating is reported exactly for Account Status 05, 13, 65, 88, 89, 94, 95',
  ),
  error(
    'code.payment_history',
    'Payment History Profile is 24 characters from 0-6, B, D, E, G, H, J, K, L (Exhibit 5)',
  ),
  error(
    'code.payment_history_embedded_b',
    'Payment History Profile uses B only to fill its ending positions',
  ),
  error('code.special_comment', 'Special Comment is blank or a code of CRRG Exhibits 6/7'),
  error('code.compliance_condition', 'Compliance Condition Code is blank or a code of CRRG Exhibit 8'),
  error('code.ecoa', 'ECOA Code is 1, 2, 3, 5, 7, T, W, X or Z (CRRG Exhibit 10)'),
  error(
    'code.consumer_information_indicator',
    'Consumer Information Indicator is blank or a code of Exhibit 11',
  ),
  error('code.interest_type', 'Interest Type Indicator is F, V or blank (CRRG field 28)'),
  error(
    'code.terms_frequency',
    'Terms Frequency is D, P, W, B, E, M, L, Q, T, S or Y (Exhibit 3); blank only for Open',
  ),
  error('code.generation_code', 'Generation Code is J, S, 2-9 or blank'),
  error('code.address_indicator', 'Address Indicator is C, Y, N, M, S, B, U, D, P or blank'),
  error('code.residence_code', 'Residence Code is O, R or blank'),
  error('code.country_code', 'Country Code is blank or an ISO 3166-1 alpha-2 code (CRRG Exhibit 12)'),
  error(
    'code.state',
    'State of a US address is a USPS state, DC, territory or military code (CRRG Exhibit 14)',
  ),
  error('required.identification_number', 'Identification Number is reported, not blank, zero or 9 filled'),
  error('required.consumer_account_number', 'Consumer Account Number is reported'),
  error('required.date_opened', 'Date Opened is reported'),
  error('required.date_account_information', 'Date of Account Information is reported'),
  error('required.surname', 'Surname is reported (base, J1, J2)'),
  error('required.first_name', 'First Name is reported (base, J1, J2)'),
  error('required.first_line_address', 'First Line of Address is reported (base, J2)'),
  error('required.city', 'City is reported (base, J2)'),
  error('required.state', 'State is reported for a US address (base, J2)'),
  error('required.zip_code', 'Postal/Zip Code is reported for a US address (base, J2)'),
  error('required.ecoa_code', 'ECOA Code is reported (base, J1, J2)'),
  error('code.l1_change_indicator', 'L1 Change Indicator is 1, 2 or 3 (CRRG L1 field 2)'),
  error(
    'required.l1_new_account_number',
    'L1 New Consumer Account Number is reported for Change Indicator 1 or 3',
  ),
  error(
    'required.l1_new_identification_number',
    'L1 New Identification Number is reported for Change Indicator 2 or 3',
  ),
  error('code.k1_creditor_classification', 'K1 Creditor Classification is 01-15 (CRRG K1 field 3)'),
  error('code.k2_purchased_indicator', 'K2 Purchased From/Sold To Indicator is 1, 2 or 9 (CRRG K2 field 2)'),
  error(
    'code.k4_specialized_payment_indicator',
    'K4 Specialized Payment Indicator is 01 or 02 (CRRG K4 field 2)',
  ),
  error(
    'code.n1_employer_state',
    'N1 Employer State is blank or a USPS state, DC, territory or military code (CRRG Exhibit 14)',
  ),
  // Agreement between the fields of one record.
  error(
    'cross.dofd_required',
    'Delinquent, derogatory and bankruptcy accounts report a Date of First Delinquency',
  ),
  warning(
    'cross.dofd_unexpected',
    'A current account without a bankruptcy indicator has no Date of First Delinquency',
  ),
  error(
    'cross.paid_closed',
    'A paid or closed account (13, 61-65) reports a Date Closed or a zero Current Balance',
  ),
  warning(
    'cross.paid_with_balance',
    'A paid status (13, 61-65) with a Date Closed has a zero Current Balance (CRRG Exhibit 4)',
  ),
  error('cross.past_due_over_balance', 'Amount Past Due is not above the Current Balance'),
  warning('cross.current_past_due', 'A current account (status 11) has no Amount Past Due'),
  warning(
    'cross.history_status',
    'Account Status is at most one 30-day step worse than the previous month in the history',
  ),
  error('cross.future_date', 'No date of a record, or of the Header Record, is after the validation date'),
  error(
    'cross.date_order',
    'Date Opened <= DOFD (but for collection and debt-buyer accounts) <= DOAI, Date Opened <= Date Closed, Date of Last Payment <= DOAI',
  ),
  warning(
    'cross.portfolio_account_type',
    'Account Type is listed under the Portfolio Type in CRRG Exhibit 2',
  ),
  // Against the furnisher's previous report of the same account.
  error(
    'mom.doai_regressed',
    'Date of Account Information is not earlier than the last one reported for the account',
  ),
  error(
    'mom.reaging',
    'The DOFD of an account still delinquent does not move later (re-aging, FCRA §623(a)(5))',
  ),
  warning('mom.dofd_moved_earlier', 'The DOFD of an account still delinquent does not change'),
  error('mom.history_shift', 'Payment History Profile advances by the months elapsed since the last report'),
  warning(
    'mom.history_rewritten',
    'Payment History Profile keeps the months reported before (changes are corrections)',
  ),
  warning(
    'mom.history_status',
    'Payment History Profile shows the Account Status last reported for that month',
  ),
  warning('mom.vanished_account', 'An account last reported open and not final is still reported'),
  // The file as a whole.
  error('file.header_missing', 'The file starts with a Header Record'),
  error('file.header_misplaced', 'The file has one Header Record, first'),
  error('file.trailer_missing', 'The file ends with a Trailer Record'),
  ...TRAILER_TOTALS.map((t) => error(t.rule, `Trailer ${t.label} equals the count of the file`)),
  warning(
    'file.issues_truncated',
    'The report lists a bounded number of issues (10,000); the rest are only counted',
  ),
]

const BY_ID: ReadonlyMap<string, RuleInfo> = new Map(VALIDATION_RULES.map((r) => [r.id, r]))

/** The severity of a catalogued rule; an id outside the catalogue is a programming error. */
export function severityOf(rule: string): Severity {
  const info = BY_ID.get(rule)
  if (!info) throw new Error(`rule ${rule} is not in VALIDATION_RULES`)
  return info.severity
}
