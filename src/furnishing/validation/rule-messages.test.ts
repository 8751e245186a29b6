// The exact issues, messages included, that validateRecord gives for records breaking each record rule: the
// messages are part of the furnisher's report, so a faster implementation must keep them word for word.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { TODAY, validJ1, validJ2, validRecord, type RecordOverrides } from './fixtures.ts'
import { k1, k2, k4, n1 } from './rule-case.ts'
import { VALIDATION_RULES } from './rules.ts'
import { validateRecord } from './validate-record.ts'

/** [what the record breaks, the record, its issues as `segment field rule severity: message`] */
const CASES: [name: string, overrides: RecordOverrides, expected: string[]][] = [
  [
    'code lists and required fields of the base segment',
    {
      base: {
        identificationNumber: '  000 ',
        consumerAccountNumber: ' ',
        dateOpened: null,
        dateAccountInformation: null,
        portfolioType: '',
        accountType: '14',
        accountStatus: '',
        paymentRating: '7',
        specialComment: 'ZZ',
        complianceConditionCode: 'XZ',
        interestTypeIndicator: 'X',
        termsFrequency: '',
        surname: '',
        firstName: '\u00a0',
        ecoaCode: '',
        generationCode: 'Q',
        consumerInformationIndicator: 'W',
        countryCode: '',
        firstLineAddress: '',
        city: '  ',
        state: '',
        zipCode: '',
        addressIndicator: 'Z',
        residenceCode: 'X',
      },
    },
    [
      'base identificationNumber required.identification_number error: Identification Number "  000 " is blank, zero or 9 filled; it is required (CRRG field 5)',
      'base consumerAccountNumber required.consumer_account_number error: Consumer Account Number is blank; it is required',
      'base dateOpened required.date_opened error: Date Opened is missing; it is required (CRRG field 10)',
      'base dateAccountInformation required.date_account_information error: Date of Account Information is missing; it is required (CRRG field 24)',
      'base portfolioType code.portfolio_type error: Portfolio Type is blank; expected a Portfolio Type C, I, M, O or R (CRRG field 8)',
      'base accountType code.account_type error: Account Type "14" is not an Account Type of CRRG Exhibit 1',
      'base accountStatus code.account_status error: Account Status is blank; expected a Metro 2 status code (CRRG Exhibit 4)',
      'base paymentRating code.payment_rating error: Payment Rating "7" is not a Payment Rating 0-6, G or L (CRRG field 17B)',
      'base specialComment code.special_comment error: Special Comment "ZZ" is not a Special Comment of CRRG Exhibits 6/7',
      'base complianceConditionCode code.compliance_condition error: Compliance Condition Code "XZ" is not a Compliance Condition Code XA-XH, XJ or XR (CRRG Exhibit 8)',
      'base interestTypeIndicator code.interest_type error: Interest Type Indicator "X" is not F, V or blank (CRRG field 28)',
      'base termsFrequency code.terms_frequency error: Terms Frequency is blank; expected a Terms Frequency D, P, W, B, E, M, L, Q, T, S or Y (CRRG Exhibit 3)',
      'base paymentRating code.payment_rating_presence error: Payment Rating "7" is reported with Account Status ""; it must be blank except for statuses 05, 13, 65, 88, 89, 94, 95 (CRRG field 17B)',
      'base surname required.surname error: Surname is blank; it is required',
      'base firstName required.first_name error: First Name is blank; it is required',
      'base ecoaCode required.ecoa_code error: ECOA Code is blank; it is required',
      'base generationCode code.generation_code error: Generation Code "Q" is not J, S, 2-9 or blank (CRRG field 33)',
      'base consumerInformationIndicator code.consumer_information_indicator error: Consumer Information Indicator "W" is not a Consumer Information Indicator of CRRG Exhibit 11',
      'base firstLineAddress required.first_line_address error: First Line of Address is blank; it is required',
      'base city required.city error: City is blank; it is required',
      'base state required.state error: State is blank; it is required',
      'base zipCode required.zip_code error: Postal/Zip Code is blank; it is required',
      'base addressIndicator code.address_indicator error: Address Indicator "Z" is not C, Y, N, M, S, B, U, D, P or blank',
      'base residenceCode code.residence_code error: Residence Code "X" is not O, R or blank (CRRG field 46)',
    ],
  ],
  [
    'an unknown country and a foreign address',
    { base: { countryCode: 'XX', state: '', zipCode: '' } },
    [
      'base countryCode code.country_code error: Country Code "XX" is not an ISO 3166-1 alpha-2 code (CRRG Exhibit 12)',
    ],
  ],
  [
    'a malformed payment history',
    { base: { paymentHistoryProfile: '0B0A' } },
    [
      'base paymentHistoryProfile code.payment_history error: Payment History Profile "0B0A" has 4 characters; expected 24 (CRRG field 18)',
      'base paymentHistoryProfile code.payment_history error: Payment History Profile "0B0A" has "A" at position 4; expected 0-6, B, D, E, G, H, J, K or L (CRRG Exhibit 5)',
      'base paymentHistoryProfile code.payment_history_embedded_b error: Payment History Profile "0B0A" has B at position 2 followed by other values; B may only fill the ending positions (CRRG field 18)',
    ],
  ],
  [
    'payment rating presence',
    { base: { accountStatus: '13', paymentRating: '', currentBalance: 0 } },
    [
      'base paymentRating code.payment_rating_presence error: Payment Rating is blank; Account Status "13" requires one (CRRG field 17B)',
    ],
  ],
  [
    'a rating on a status that takes none',
    { base: { paymentRating: '1' } },
    [
      'base paymentRating code.payment_rating_presence error: Payment Rating "1" is reported with Account Status "11"; it must be blank except for statuses 05, 13, 65, 88, 89, 94, 95 (CRRG field 17B)',
    ],
  ],
  [
    'a delinquent account without a DOFD, past due over balance',
    {
      base: {
        accountStatus: '05',
        paymentRating: '2',
        amountPastDue: 30000,
        paymentHistoryProfile: '00000000000BBBBBBBBBBBBB',
      },
    },
    [
      'base dateFirstDelinquency cross.dofd_required error: Date of First Delinquency is missing; Account Status "05" with Payment Rating "2" requires it (CRRG field 25, FCRA §623(a)(5))',
      'base amountPastDue cross.past_due_over_balance error: Amount Past Due 30000 is above the Current Balance 19000 (CRRG fields 21, 22)',
    ],
  ],
  [
    'a bankruptcy without a DOFD',
    { base: { consumerInformationIndicator: '1A' } },
    [
      'base dateFirstDelinquency cross.dofd_required error: Date of First Delinquency is missing; Consumer Information Indicator "1A" requires it (CRRG field 25, FCRA §623(a)(5))',
    ],
  ],
  [
    'a DOFD on a current account with past due',
    { base: { dateFirstDelinquency: '2024-01-01', amountPastDue: 10 } },
    [
      'base dateFirstDelinquency cross.dofd_unexpected warning: Date of First Delinquency 2024-01-01 is reported for a current account (Account Status "11"); it should be zero filled (CRRG field 25)',
      'base amountPastDue cross.current_past_due warning: Amount Past Due 10 is reported with Account Status "11" (current); it should be zero (CRRG field 22)',
    ],
  ],
  [
    'a paid account with a balance',
    { base: { accountStatus: '61', dateFirstDelinquency: '2023-09-01' } },
    [
      'base dateClosed cross.paid_closed error: Account Status "61" (paid or closed) has no Date Closed and a Current Balance of 19000; expected a Date Closed or a zero balance (CRRG fields 17A, 26)',
    ],
  ],
  [
    'a paid and closed account with a balance',
    { base: { accountStatus: '61', dateFirstDelinquency: '2023-09-01', dateClosed: '2024-03-01' } },
    [
      'base currentBalance cross.paid_with_balance warning: Account Status "61" (paid, or closed with a zero balance) has a Current Balance of 19000; a closed account that still owes reports its current or delinquent status with its Date Closed (CRRG Exhibit 4, field 21)',
    ],
  ],
  [
    'a jump of delinquency',
    { base: { accountStatus: '80', dateFirstDelinquency: '2024-01-01', amountPastDue: 900 } },
    [
      'base paymentHistoryProfile cross.history_status warning: Account Status "80" (90+ days past due) follows "0" in the first byte of the Payment History Profile (the previous month); delinquency grows by at most one 30-day step a month (CRRG field 18, Exhibit 5)',
    ],
  ],
  [
    'future and backwards dates',
    {
      base: {
        dateOpened: '2024-05-01',
        dateClosed: '2024-04-30',
        dateLastPayment: '2024-04-20',
        dateBirth: '2025-01-01',
      },
      j1: [validJ1({ dateBirth: '2024-12-31' })],
      j2: [validJ2({ dateBirth: '2024-04-16' })],
    },
    [
      'base dateOpened cross.future_date error: Date Opened 2024-05-01 is after the validation date 2024-04-15; a date may not be in the future',
      'base dateClosed cross.future_date error: Date Closed 2024-04-30 is after the validation date 2024-04-15; a date may not be in the future',
      'base dateLastPayment cross.future_date error: Date of Last Payment 2024-04-20 is after the validation date 2024-04-15; a date may not be in the future',
      'base dateBirth cross.future_date error: Date of Birth is after the validation date 2024-04-15; a date may not be in the future',
      'j1 dateBirth cross.future_date error: Date of Birth is after the validation date 2024-04-15; a date may not be in the future',
      'j2 dateBirth cross.future_date error: Date of Birth is after the validation date 2024-04-15; a date may not be in the future',
      'base dateOpened cross.date_order error: Date Opened 2024-05-01 is after Date of Account Information 2024-03-31; expected Date Opened <= Date of Account Information',
      'base dateClosed cross.date_order error: Date Opened 2024-05-01 is after Date Closed 2024-04-30; expected Date Opened <= Date Closed',
      'base dateLastPayment cross.date_order error: Date of Last Payment 2024-04-20 is after Date of Account Information 2024-03-31; expected Date of Last Payment <= Date of Account Information',
      'base dateClosed cross.date_order error: Date Closed 2024-04-30 is after Date of Account Information 2024-03-31; expected Date Closed <= Date of Account Information',
    ],
  ],
  [
    'a DOFD out of order',
    {
      base: {
        accountStatus: '71',
        dateFirstDelinquency: '2024-04-01',
        amountPastDue: 450,
        dateOpened: '2024-04-05',
        dateLastPayment: null,
      },
    },
    [
      'base dateFirstDelinquency cross.date_order error: Date Opened 2024-04-05 is after Date of First Delinquency 2024-04-01; expected Date Opened <= Date of First Delinquency',
      'base dateFirstDelinquency cross.date_order error: Date of First Delinquency 2024-04-01 is after Date of Account Information 2024-03-31; expected Date of First Delinquency <= Date of Account Information',
      'base dateOpened cross.date_order error: Date Opened 2024-04-05 is after Date of Account Information 2024-03-31; expected Date Opened <= Date of Account Information',
    ],
  ],
  [
    'an account type outside the portfolio',
    { base: { portfolioType: 'M', accountType: '18' } },
    [
      'base accountType cross.portfolio_account_type warning: Account Type "18" is not listed under Portfolio Type "M" in CRRG Exhibit 2; expected Portfolio Type R or O',
    ],
  ],
  [
    'J1 and J2 segments',
    {
      j1: [validJ1({ surname: '', ecoaCode: '4', consumerInformationIndicator: 'X' })],
      j2: [validJ2({ countryCode: 'PR', state: 'QQ', zipCode: ' ', residenceCode: 'Q' })],
    },
    [
      'j1 surname required.surname error: Surname is blank; it is required',
      'j1 ecoaCode code.ecoa error: ECOA Code "4" is not an ECOA Code 1, 2, 3, 5, 7, T, W, X or Z (CRRG Exhibit 10)',
      'j1 consumerInformationIndicator code.consumer_information_indicator error: Consumer Information Indicator "X" is not a Consumer Information Indicator of CRRG Exhibit 11',
      'j2 zipCode required.zip_code error: Postal/Zip Code is blank; it is required',
      'j2 state code.state error: State "QQ" is not a US state, DC, territory or military code (Exhibit 14)',
      'j2 residenceCode code.residence_code error: Residence Code "Q" is not O, R or blank (CRRG field 46)',
    ],
  ],
  [
    'an L1 segment that changes an unknown thing',
    {
      l1: {
        segmentIdentifier: 'L1',
        changeIndicator: 4,
        newConsumerAccountNumber: '',
        newIdentificationNumber: '',
      },
    },
    [
      'l1 changeIndicator code.l1_change_indicator error: L1 Change Indicator "4" is not a code; expected 1 (Consumer Account Number), 2 (Identification Number) or 3 (both) (CRRG L1 field 2)',
    ],
  ],
  [
    'an L1 segment that changes both numbers and gives neither',
    {
      l1: {
        segmentIdentifier: 'L1',
        changeIndicator: 3,
        newConsumerAccountNumber: ' ',
        newIdentificationNumber: '',
      },
    },
    [
      'l1 newConsumerAccountNumber required.l1_new_account_number error: L1 New Consumer Account Number is blank; Change Indicator 3 requires it (CRRG L1 field 3)',
      'l1 newIdentificationNumber required.l1_new_identification_number error: L1 New Identification Number is blank; Change Indicator 3 requires it (CRRG L1 field 4)',
    ],
  ],
  [
    'K1, K2, K4 and N1 segments with codes outside their lists',
    { ...k1(99), ...k2(3, 'SOME CO'), ...k4(7), ...n1('ZZ') },
    [
      'k1 creditorClassification code.k1_creditor_classification error: K1 Creditor Classification "99" is not a code; expected 01-15, the Original Creditor’s type of business (CRRG K1 field 3)',
      'k2 purchasedIndicator code.k2_purchased_indicator error: K2 Purchased From/Sold To Indicator "3" is not a code; expected 1 (purchased from), 2 (sold to) or 9 (remove the K2 reported before) (CRRG K2 field 2)',
      'k4 specializedPaymentIndicator code.k4_specialized_payment_indicator error: K4 Specialized Payment Indicator "07" is not a code; expected 01 (balloon payment) or 02 (deferred payment) (CRRG K4 field 2)',
      'n1 employerState code.n1_employer_state error: Employer State "ZZ" is not a US state, DC, territory or military code (Exhibit 14)',
    ],
  ],
]

describe('validateRecord messages', () => {
  for (const [name, overrides, expected] of CASES) {
    it(`reports ${name} with the CRRG names, the values and what was expected`, () => {
      const issues = validateRecord(validRecord(overrides), { today: TODAY })
      assert.deepEqual(
        issues.map((i) => `${i.segment} ${i.field} ${i.rule} ${i.severity}: ${i.message}`),
        expected,
      )
    })
  }

  it('covers every rule of a single record', () => {
    const covered = new Set(CASES.flatMap(([, , expected]) => expected.map((e) => e.split(' ')[2])))
    const recordRules = VALIDATION_RULES.map((r) => r.id).filter((id) => /^(code|required|cross)\./.test(id))
    assert.deepEqual(
      recordRules.filter((id) => !covered.has(id)),
      [],
    )
  })
})
