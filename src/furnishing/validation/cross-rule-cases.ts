// Test support: breaking and passing records for the cross.* rules (cross-rules.ts).
import { TODAY } from './fixtures.ts'
import { b, DELINQUENT, j1, recordCases } from './rule-case.ts'

export const CROSS_RULE_CASES = recordCases([
  [
    'cross.dofd_required',
    'a charge-off without DOFD',
    b({ accountStatus: '97', currentBalance: 5000, originalChargeOffAmount: 5000 }),
    b({ accountStatus: '97', dateFirstDelinquency: '2023-10-25' }),
  ],
  [
    'cross.dofd_required',
    'a 30-day delinquency without DOFD',
    b({ ...DELINQUENT, dateFirstDelinquency: null }),
    b(DELINQUENT),
  ],
  [
    'cross.dofd_required',
    'paid after 60 days late, no DOFD',
    b({ accountStatus: '13', paymentRating: '2', currentBalance: 0 }),
    b({ accountStatus: '13', paymentRating: '0', currentBalance: 0 }),
  ],
  [
    'cross.dofd_required',
    'a Chapter 13 petition without DOFD',
    b({ consumerInformationIndicator: 'D' }),
    b({ consumerInformationIndicator: 'D', dateFirstDelinquency: '2024-01-05' }),
  ],
  [
    'cross.dofd_unexpected',
    'a DOFD on a current account',
    b({ dateFirstDelinquency: '2024-01-25' }),
    b({ dateFirstDelinquency: '2024-01-25', consumerInformationIndicator: 'A' }),
  ],
  [
    'cross.paid_closed',
    'paid with a balance and no Date Closed',
    b({ accountStatus: '13', paymentRating: '0', currentBalance: 500 }),
    b({ accountStatus: '13', paymentRating: '0', currentBalance: 500, dateClosed: '2024-03-20' }),
  ],
  [
    'cross.paid_with_balance',
    'paid and closed with a balance',
    b({ accountStatus: '13', paymentRating: '0', currentBalance: 500, dateClosed: '2024-03-20' }),
    b({ accountStatus: '13', paymentRating: '0', currentBalance: 0, dateClosed: '2024-03-20' }),
  ],
  [
    'cross.past_due_over_balance',
    'past due above balance',
    b({ ...DELINQUENT, amountPastDue: 19001 }),
    b({ ...DELINQUENT, amountPastDue: 19000 }),
  ],
  [
    'cross.current_past_due',
    'past due on a current account',
    b({ amountPastDue: 100 }),
    b({ ...DELINQUENT, amountPastDue: 100 }),
  ],
  [
    'cross.history_status',
    '90 days late after a current month',
    b({ ...DELINQUENT, accountStatus: '80' }),
    b({ ...DELINQUENT, accountStatus: '80', paymentHistoryProfile: '21000000000BBBBBBBBBBBBB' }),
  ],
  [
    'cross.future_date',
    'a DOAI after today',
    b({ dateAccountInformation: '2024-04-30' }),
    b({ dateAccountInformation: TODAY }),
  ],
  [
    'cross.future_date',
    'a J1 born tomorrow',
    j1({ dateBirth: '2024-04-16' }),
    j1({ dateBirth: '2006-04-15' }),
  ],
  [
    'cross.future_date',
    'a J1 born in a later year, against one born late in the year before',
    j1({ dateBirth: '2031-01-01' }),
    j1({ dateBirth: '2023-12-31' }),
  ],
  [
    'cross.date_order',
    'a DOFD before Date Opened',
    b({ ...DELINQUENT, dateFirstDelinquency: '2023-03-01' }),
    b({ ...DELINQUENT, dateFirstDelinquency: '2023-03-15' }),
  ],
  [
    'cross.date_order',
    "a DOFD before Date Opened, on an account that is not a collection agency's",
    b({ ...DELINQUENT, dateFirstDelinquency: '2023-03-01' }),
    b({ ...DELINQUENT, dateFirstDelinquency: '2023-03-01', portfolioType: 'O', accountType: '48' }),
  ],
  [
    'cross.date_order',
    'a DOFD after the DOAI',
    b({ ...DELINQUENT, dateFirstDelinquency: '2024-04-01' }),
    b({ ...DELINQUENT, dateFirstDelinquency: '2024-03-31' }),
  ],
  [
    'cross.date_order',
    'closed before opened',
    b({ dateClosed: '2023-01-01' }),
    b({ dateClosed: '2024-03-30' }),
  ],
  [
    'cross.date_order',
    'closed after the DOAI',
    b({ dateClosed: '2024-04-01' }),
    b({ dateClosed: '2024-03-31' }),
  ],
  [
    'cross.date_order',
    'a payment after the DOAI',
    b({ dateLastPayment: '2024-04-02' }),
    b({ dateLastPayment: '2024-03-31' }),
  ],
  [
    'cross.portfolio_account_type',
    'a credit card as installment',
    b({ accountType: '18' }),
    b({ accountType: '18', portfolioType: 'R' }),
  ],
  [
    'cross.portfolio_account_type',
    'an auto loan as line of credit',
    b({ portfolioType: 'C' }),
    b({ portfolioType: 'C', accountType: '47' }),
  ],
])
