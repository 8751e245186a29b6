import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ATTRIBUTES,
  computeAttributes,
  wholeMonths,
  type AttributeInquiry,
  type AttributeSnapshot,
  type AttributeValues,
  type TradelineFact,
} from './index.ts'

// A hand-built consumer, as of 2024-06-30. Month arithmetic for the goldens below: "ago" counts months back
// from June 2024; a snapshot's status rates its own month, its history the 24 months before it.
const D = '2024-06-30'

const fact = (
  id: string,
  portfolioType: string,
  accountType: string,
  dateOpened: string,
  alt = false,
): TradelineFact => ({
  tradelineId: id,
  furnisherId: 'bank-a',
  portfolioType,
  accountType,
  dateOpened,
  alternativePayment: alt,
})

const snap = (id: string, asOf: string, o: Partial<AttributeSnapshot>): AttributeSnapshot => ({
  tradelineId: id,
  asOf,
  accountStatus: '11',
  paymentRating: '',
  paymentHistory: 'B'.repeat(24),
  currentBalance: 0,
  creditLimit: 0,
  highestCredit: 0,
  amountPastDue: 0,
  originalChargeOff: 0,
  dateFirstDelinquency: null,
  dateClosed: null,
  ...o,
})

const FACTS: TradelineFact[] = [
  fact('t1-card', 'R', '18', '2020-01-10'),
  fact('t2-auto', 'I', '00', '2023-09-01'),
  fact('t3-mortgage', 'M', '26', '2015-08-20'),
  fact('t4-old-card', 'R', '18', '2010-05-05'),
  fact('t5-telecom', 'O', '4D', '2021-01-01', true),
  fact('t6-deleted', 'I', '01', '2022-01-01'),
  fact('t7-future', 'R', '18', '2024-07-05'),
  fact('t8-collection', 'O', '48', '2023-02-01'),
]

/** Everything reported on or before D. */
const KNOWN: AttributeSnapshot[] = [
  // 30 days late in December 2023 (ago 6), then current; May's history repeats the late month.
  snap('t1-card', '2023-12-31', {
    accountStatus: '71',
    paymentHistory: '000000000000BBBBBBBBBBBB',
    currentBalance: 900,
    creditLimit: 1000,
    amountPastDue: 50,
  }),
  snap('t1-card', '2024-05-31', {
    paymentHistory: '0000100000000000000BBBBB',
    currentBalance: 400,
    creditLimit: 1000,
  }),
  // 90 days late now (ago 0), 60 in May, 30 in April.
  snap('t2-auto', '2024-06-15', {
    accountStatus: '80',
    paymentHistory: '21000000BBBBBBBBBBBBBBBB',
    currentBalance: 15000,
    highestCredit: 20000,
    amountPastDue: 1200,
  }),
  snap('t3-mortgage', '2024-06-30', {
    paymentHistory: '0'.repeat(24),
    currentBalance: 250000,
    highestCredit: 300000,
  }),
  // Charged off in February 2019 (ago 64), after six months of growing arrears.
  snap('t4-old-card', '2019-02-28', {
    accountStatus: '97',
    paymentHistory: '654321000000000000000000',
    currentBalance: 2000,
    creditLimit: 2500,
    amountPastDue: 2000,
    originalChargeOff: 2000,
    dateClosed: '2019-02-28',
  }),
  // One late bill in January 2024 (ago 5) out of 24 rated months.
  snap('t5-telecom', '2024-06-30', { paymentHistory: '000010000000000000000000', currentBalance: 60 }),
  snap('t6-deleted', '2024-03-31', { currentBalance: 999_999, highestCredit: 1_000_000 }),
  snap('t6-deleted', '2024-05-31', { accountStatus: 'DA', currentBalance: 999_999 }),
  snap('t8-collection', '2024-06-30', { accountStatus: '93', currentBalance: 500, amountPastDue: 500 }),
]

/** Reported after D: the card goes 180 days late, a new card appears, the mortgage is paid off. */
const LATER: AttributeSnapshot[] = [
  snap('t1-card', '2024-07-31', {
    accountStatus: '84',
    currentBalance: 5000,
    creditLimit: 1000,
    amountPastDue: 900,
  }),
  snap('t7-future', '2024-07-31', { currentBalance: 100, creditLimit: 3000 }),
  snap('t3-mortgage', '2024-07-01', { accountStatus: '13', paymentRating: '0', dateClosed: '2024-07-01' }),
  snap('t2-auto', '2024-07-15', { accountStatus: '97', paymentHistory: '321000000000000000000000' }),
]

const q = (at: string, hard = true): AttributeInquiry => ({
  memberId: 'bank-b',
  purpose: 'credit_application',
  hard,
  at,
})
const INQUIRIES: AttributeInquiry[] = [
  q('2024-06-01T10:00:00Z'),
  q('2024-01-15T10:00:00Z'),
  q('2023-12-30T23:00:00Z'),
  q('2024-06-10T10:00:00Z', false),
  q('2023-06-30T10:00:00Z'),
]
const LATER_INQUIRIES = [q('2024-07-02T10:00:00Z'), q('2024-07-01T00:00:01Z')]

// The collection account (t8) counts in collections only: the accounts figures leave it out.
const GOLDEN: AttributeValues = {
  open_accounts: 3,
  all_accounts: 4,
  open_revolving_accounts: 1,
  all_revolving_accounts: 2,
  revolving_balance: 400,
  revolving_limit: 1000,
  open_installment_accounts: 1,
  all_installment_accounts: 1,
  installment_balance: 15000,
  installment_limit: 20000,
  open_mortgage_accounts: 1,
  all_mortgage_accounts: 1,
  mortgage_balance: 250000,
  mortgage_limit: 300000,
  open_other_accounts: 0,
  all_other_accounts: 0,
  other_balance: 0,
  other_limit: 0,
  total_balance: 265400,
  total_limit: 321000,
  revolving_utilisation: 0.4,
  max_revolving_utilisation: 0.4,
  past_due_amount: 3700,
  currently_delinquent_accounts: 1,
  oldest_account_age_months: 169,
  average_account_age_months: 84.3,
  accounts_opened_6m: 0,
  accounts_opened_12m: 1,
  worst_status_ever: 7,
  worst_status_6m: 7,
  worst_status_12m: 7,
  worst_status_24m: 7,
  months_since_last_delinquency: 0,
  delinquencies_30_24m: 2,
  delinquencies_60_24m: 1,
  delinquencies_90_24m: 2,
  charge_offs: 1,
  collections: 1,
  hard_inquiries_6m: 2,
  hard_inquiries_12m: 3,
  months_since_last_hard_inquiry: 0,
  alternative_payment_accounts: 1,
  alternative_on_time_share: 0.9583,
}

describe('computeAttributes', () => {
  it('computes every attribute of the hand-built history as of 2024-06-30', () => {
    assert.deepEqual(computeAttributes(KNOWN, FACTS, INQUIRIES, D), GOLDEN)
  })

  it('reads nothing dated after the date: later snapshots and inquiries change no attribute', () => {
    const shuffled = [...LATER, ...KNOWN].reverse()
    const withLater = computeAttributes(shuffled, FACTS, [...LATER_INQUIRIES, ...INQUIRIES], D)
    assert.deepEqual(withLater, GOLDEN)
    // And the later data is not inert: a month on, it shows.
    const july = computeAttributes(shuffled, FACTS, [...LATER_INQUIRIES, ...INQUIRIES], '2024-07-31')
    assert.notDeepEqual(july, GOLDEN)
    assert.equal(july.worst_status_6m, 7)
    assert.equal(july.open_mortgage_accounts, 0)
    assert.equal(july.open_revolving_accounts, 2)
    assert.equal(july.hard_inquiries_6m, 3)
  })

  it('gives every date the state of that date, month by month', () => {
    const all = [...KNOWN, ...LATER]
    for (const [date, open, worst6, card] of [
      ['2018-12-31', 0, null, 0],
      ['2019-03-31', 0, 7, 0],
      ['2024-01-31', 1, 1, 900],
      ['2024-05-31', 1, 1, 400],
    ] as const) {
      const v = computeAttributes(all, FACTS, INQUIRIES, date)
      const truncated = computeAttributes(
        all.filter((s) => s.asOf <= date),
        FACTS,
        INQUIRIES.filter((x) => x.at.slice(0, 10) <= date),
        date,
      )
      assert.deepEqual(v, truncated, date)
      assert.deepEqual([v.open_accounts, v.worst_status_6m, v.revolving_balance], [open, worst6, card], date)
    }
  })

  it('answers missing, not zero, where nothing is known', () => {
    const v = computeAttributes([], [], [], D)
    for (const d of ATTRIBUTES) {
      const expected = /never missing/.test(d.missing) ? 0 : null
      assert.equal(v[d.name], expected, d.name)
    }
  })

  it('reads the rating of a paid account from its Payment Rating', () => {
    const paid = [
      snap('t1-card', '2024-06-30', {
        accountStatus: '13',
        paymentRating: '2',
        creditLimit: 1000,
        dateClosed: '2024-06-20',
      }),
    ]
    const v = computeAttributes(paid, [FACTS[0]!], [], D)
    assert.deepEqual(
      [v.open_accounts, v.all_accounts, v.worst_status_6m, v.months_since_last_delinquency],
      [0, 1, 2, 0],
    )
  })

  it('tells an open account by its Date Closed alone: no attribute of the accounts category reads the status', () => {
    const accounts = ATTRIBUTES.filter((d) => d.categories.join() === 'accounts').map((d) => d.name)
    const figures = (accountStatus: string, dateClosed: string | null = null) => {
      const card = snap('t1-card', '2024-06-30', {
        accountStatus,
        currentBalance: 700,
        creditLimit: 1000,
        dateClosed,
      })
      const v = computeAttributes([card], [FACTS[0]!], [], D)
      return Object.fromEntries(accounts.map((name) => [name, v[name]]))
    }
    const open = figures('11')
    assert.deepEqual([open['open_accounts'], open['revolving_balance']], [1, 700])
    for (const status of ['71', '84', '93', '97', '13', '64', '05'])
      assert.deepEqual(figures(status), open, status)
    const closed = figures('11', '2024-06-01')
    assert.deepEqual([closed['open_accounts'], closed['all_accounts']], [0, 1])
    assert.deepEqual(figures('97', '2024-06-01'), closed)
    // Whether it is past due is payment history, and still read from the status.
    const pastDue = (status: string) =>
      computeAttributes([snap('t1-card', D, { accountStatus: status })], [FACTS[0]!], [], D)
        .currently_delinquent_accounts
    assert.deepEqual(['11', '71', '84', '97'].map(pastDue), [0, 1, 1, 0])
  })

  it('reads every status of CRRG field 17B from its Payment Rating: a transferred (05) account too', () => {
    const worst = (accountStatus: string, paymentRating: string) =>
      computeAttributes(
        [snap('t1-card', '2024-06-30', { accountStatus, paymentRating, creditLimit: 1000 })],
        [FACTS[0]!],
        [],
        D,
      ).worst_status_6m
    assert.equal(worst('05', '3'), 3)
    assert.equal(worst('65', 'L'), 7)
    assert.equal(worst('88', '1'), 7, 'a derogatory status stays so whatever the rating')
    assert.equal(worst('13', '0'), 0)
  })

  it('counts a charge-off or collection as each month was last reported: a corrected month no longer counts', () => {
    const marks = (...reports: [string, Partial<AttributeSnapshot>][]) => {
      const v = computeAttributes(
        reports.map(([asOf, o]) => snap('t1-card', asOf, { creditLimit: 1000, ...o })),
        [FACTS[0]!],
        [],
        D,
      )
      return [v.charge_offs, v.collections]
    }
    const may = '2024-05-31'
    const june = '2024-06-30'
    // May's report said April was a collection (G) and March a charge-off (L); June's profile rates both 0.
    const wrong = { paymentHistory: 'GL' + 'B'.repeat(22) }
    assert.deepEqual(marks([may, wrong]), [1, 1], 'as first reported')
    assert.deepEqual(marks([may, wrong], [june, { paymentHistory: '000' + 'B'.repeat(21) }]), [0, 0])
    assert.deepEqual(
      marks([may, wrong], [june, { paymentHistory: '0GL' + 'B'.repeat(21) }]),
      [1, 1],
      'repeated',
    )
    assert.deepEqual(
      marks([may, wrong], [june, { paymentHistory: '0DD' + 'B'.repeat(21) }]),
      [1, 1],
      'D rates nothing',
    )
    // A month's own status corrected in a later profile: May charged off (97), June's profile rates May 0.
    const chargedOff = { accountStatus: '97', paymentRating: 'L' }
    assert.deepEqual(marks([may, chargedOff]), [1, 0])
    assert.deepEqual(marks([may, chargedOff], [june, { paymentHistory: '0' + 'B'.repeat(23) }]), [0, 0])
  })
})

describe('ATTRIBUTES', () => {
  it('defines about thirty attributes, each named in snake_case once, with its texts', () => {
    assert.ok(ATTRIBUTES.length >= 30, String(ATTRIBUTES.length))
    assert.equal(new Set(ATTRIBUTES.map((d) => d.name)).size, ATTRIBUTES.length)
    for (const d of ATTRIBUTES) {
      assert.match(d.name, /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/)
      for (const text of [d.definition, d.text, d.missing]) assert.ok(text.length > 5, d.name)
    }
    assert.deepEqual(Object.keys(GOLDEN).sort(), ATTRIBUTES.map((d) => d.name).sort())
  })
})

describe('wholeMonths', () => {
  it('counts whole months between two dates', () => {
    assert.equal(wholeMonths('2024-01-15', '2024-07-14'), 5)
    assert.equal(wholeMonths('2024-01-15', '2024-07-15'), 6)
    assert.equal(wholeMonths('2023-12-30', D), 6)
    assert.equal(wholeMonths(D, D), 0)
  })
})
