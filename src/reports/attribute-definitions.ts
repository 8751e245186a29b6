// The bureau attributes: each one's name, definition, plain-language text (what a reason code says), type, the
// consent categories it reveals (all needed to release it), and what a missing value means. Computed by computeAttributes (attributes.ts).
//
// Terms used below, all as of the date D the attributes are computed for:
// - an account's state is its latest monthly snapshot dated on or before D; an account without one is unknown;
//   accounts deleted by the furnisher (status DA, DF) are left out;
// - credit accounts are all accounts but utility, telecom and rent accounts (the alternative payments); the
//   attributes of the accounts category leave out collection accounts (Account Type 48, 0C) as well, since only
//   payment_history releases those (report.build.ts) and a count or sum that held them would reveal them;
// - open: no Date Closed on or before D, whatever the Account Status: the accounts category releases the dates,
//   not the status (payment_history), so a charged-off account not reported closed is open;
// - class: revolving (portfolio R or C), installment (I), mortgage (M), other (O);
// - limit: the Credit Limit; for installment, mortgage and other accounts without one, the Highest Credit
//   (the original amount); a revolving account without a Credit Limit has none;
// - the delinquency scale of a month: 0 current, 1 = 30-59 days ... 6 = 180+ days, 7 = collection, charge-off
//   or other major derogatory (attributes.model.ts), read from each snapshot's Account Status (or its Payment
//   Rating when paid or closed) for its own month and its Payment History Profile for the 24 months before; a
//   later snapshot's view of a month replaces an earlier one's;
// - "in N months": the month of D and the N - 1 months before it; for dates, less than N whole months before D.
import type { AttributeDefinition, AttributeSource, AttributeType } from './attributes.model.ts'

const NONE = 'never missing: 0 when there is nothing to count'

// Said in each definition of the accounts category, as GET /v1/attributes serves the definitions alone.
const NO_COLLECTIONS = 'Collection accounts (Account Type 48, 0C) are left out.'
// Said where an attribute of the accounts category counts open accounts: by the dates that category releases.
const OPEN = 'Open: no Date Closed on or before the date, whatever the Account Status.'

function def<const N extends string>(
  name: N,
  type: AttributeType,
  categories: AttributeSource | readonly AttributeSource[],
  definition: string,
  text: string,
  missing = NONE,
): AttributeDefinition & { name: N } {
  return { name, definition, text, type, categories: [categories].flat(), missing }
}

const byClass = <const C extends string>(c: C) =>
  [
    def(
      `open_${c}_accounts`,
      'count',
      'accounts',
      `Number of open ${c} credit accounts. ${OPEN} ${NO_COLLECTIONS}`,
      `Number of open ${c} accounts`,
    ),
    def(
      `all_${c}_accounts`,
      'count',
      'accounts',
      `Number of ${c} credit accounts, open or closed. ${NO_COLLECTIONS}`,
      `Number of ${c} accounts`,
    ),
    def(
      `${c}_balance`,
      'amount',
      'accounts',
      `Sum of the current balances of open ${c} credit accounts. ${OPEN} ${NO_COLLECTIONS}`,
      `Balance owed on ${c} accounts`,
    ),
    def(
      `${c}_limit`,
      'amount',
      'accounts',
      `Sum of the limits of open ${c} credit accounts. ${OPEN} ${NO_COLLECTIONS}`,
      `Credit limits or original amounts of ${c} accounts`,
    ),
  ] as const

const NO_DATES = 'no credit account with a Date Opened on or before the date'
const NO_RATING = 'no month of any credit account rated in the window'

export const ATTRIBUTES = [
  def(
    'open_accounts',
    'count',
    'accounts',
    `Number of open credit accounts. ${OPEN} ${NO_COLLECTIONS}`,
    'Number of open accounts',
  ),
  def(
    'all_accounts',
    'count',
    'accounts',
    `Number of credit accounts, open or closed. ${NO_COLLECTIONS}`,
    'Number of accounts',
  ),
  ...byClass('revolving'),
  ...byClass('installment'),
  ...byClass('mortgage'),
  ...byClass('other'),
  def(
    'total_balance',
    'amount',
    'accounts',
    `Sum of the current balances of open credit accounts. ${OPEN} ${NO_COLLECTIONS}`,
    'Total balance owed',
  ),
  def(
    'total_limit',
    'amount',
    'accounts',
    `Sum of the limits of open credit accounts. ${OPEN} ${NO_COLLECTIONS}`,
    'Total credit available',
  ),
  def(
    'revolving_utilisation',
    'ratio',
    'accounts',
    `Balances of open revolving accounts that have a Credit Limit, divided by the sum of those limits (4 decimals). ${OPEN} ${NO_COLLECTIONS}`,
    'Proportion of revolving credit limits in use',
    'no open revolving account with a Credit Limit',
  ),
  def(
    'max_revolving_utilisation',
    'ratio',
    'accounts',
    `Highest balance / Credit Limit of any open revolving account with a Credit Limit (4 decimals). ${OPEN} ${NO_COLLECTIONS}`,
    'Highest use of a single revolving credit limit',
    'no open revolving account with a Credit Limit',
  ),
  def(
    'past_due_amount',
    'amount',
    'payment_history',
    'Sum of the Amount Past Due of all credit accounts.',
    'Amount past due',
  ),
  def(
    'currently_delinquent_accounts',
    'count',
    'payment_history',
    'Number of open credit accounts whose Account Status is 71-84 (30 or more days past due).',
    'Number of accounts currently past due',
  ),
  def(
    'oldest_account_age_months',
    'months',
    'accounts',
    `Whole months from the earliest Date Opened of a credit account to the date. ${NO_COLLECTIONS}`,
    'Length of credit history',
    NO_DATES,
  ),
  def(
    'average_account_age_months',
    'months',
    'accounts',
    `Mean of the whole months since each credit account was opened (1 decimal). ${NO_COLLECTIONS}`,
    'Average age of accounts',
    NO_DATES,
  ),
  def(
    'accounts_opened_6m',
    'count',
    'accounts',
    `Number of credit accounts opened less than 6 whole months before the date. ${NO_COLLECTIONS}`,
    'Number of accounts opened recently',
  ),
  def(
    'accounts_opened_12m',
    'count',
    'accounts',
    `Number of credit accounts opened less than 12 whole months before the date. ${NO_COLLECTIONS}`,
    'Number of accounts opened in the last year',
  ),
  def(
    'worst_status_ever',
    'scale',
    'payment_history',
    'Highest delinquency scale value of any month of any credit account.',
    'Most serious delinquency on record',
    'no month of any credit account rated',
  ),
  def(
    'worst_status_6m',
    'scale',
    'payment_history',
    'Highest delinquency scale value in 6 months.',
    'Recent serious delinquency',
    NO_RATING,
  ),
  def(
    'worst_status_12m',
    'scale',
    'payment_history',
    'Highest delinquency scale value in 12 months.',
    'Serious delinquency in the last year',
    NO_RATING,
  ),
  def(
    'worst_status_24m',
    'scale',
    'payment_history',
    'Highest delinquency scale value in 24 months.',
    'Serious delinquency in the last two years',
    NO_RATING,
  ),
  def(
    'months_since_last_delinquency',
    'months',
    'payment_history',
    'Months from the most recent month rated 1 or worse to the month of the date (0: that month).',
    'Time since the most recent late payment',
    'no month of any credit account rated 1 or worse',
  ),
  def(
    'delinquencies_30_24m',
    'count',
    'payment_history',
    'Number of account-months rated 1 (30-59 days late) in 24 months.',
    'Number of payments 30 days late',
  ),
  def(
    'delinquencies_60_24m',
    'count',
    'payment_history',
    'Number of account-months rated 2 (60-89 days late) in 24 months.',
    'Number of payments 60 days late',
  ),
  def(
    'delinquencies_90_24m',
    'count',
    'payment_history',
    'Number of account-months rated 3 or worse (90+ days late or derogatory) in 24 months.',
    'Number of payments 90 or more days late',
  ),
  def(
    'charge_offs',
    'count',
    'payment_history',
    'Number of credit accounts ever reported charged off: status 97 or 64, Payment Rating or history L.',
    'Accounts charged off',
  ),
  def(
    'collections',
    'count',
    'payment_history',
    'Number of credit accounts ever in collection: status 93 or 62, Payment Rating or history G, or account type 48 or 0C.',
    'Accounts in collection',
  ),
  def(
    'hard_inquiries_6m',
    'count',
    'inquiries',
    'Number of hard inquiries less than 6 whole months before the date.',
    'Number of recent applications for credit',
  ),
  def(
    'hard_inquiries_12m',
    'count',
    'inquiries',
    'Number of hard inquiries less than 12 whole months before the date.',
    'Number of applications for credit in the last year',
  ),
  def(
    'months_since_last_hard_inquiry',
    'months',
    'inquiries',
    'Whole months from the most recent hard inquiry to the date.',
    'Time since the most recent application for credit',
    'no hard inquiry on or before the date',
  ),
  def(
    'alternative_payment_accounts',
    'count',
    'alternative_payments',
    'Number of utility, telecom and rent accounts, open or closed.',
    'Number of utility, telecom and rent accounts',
  ),
  def(
    'alternative_on_time_share',
    'ratio',
    // How bills were paid is payment history: a share below 1 tells of late months (DESIGN.md principle 2).
    ['alternative_payments', 'payment_history'],
    'Share of the rated account-months of utility, telecom and rent accounts in 24 months rated 0 (4 decimals).',
    'Bills paid on time',
    'no rated month of a utility, telecom or rent account in 24 months',
  ),
] as const satisfies readonly AttributeDefinition[]

export type AttributeName = (typeof ATTRIBUTES)[number]['name']
export type AttributeValues = Record<AttributeName, number | null>
