// The consumer file's text view shows what `--json` holds in a tradeline's extra: funders, the alternative-
// payment marking and the K1-K4 segments.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { renderConsumerFile } from './file.cli.ts'
import { fileTradeline, type ConsumerFile } from './file.model.ts'
import type { TradelineRow } from './file.store.ts'

const row = (over: Partial<TradelineRow>): TradelineRow => ({
  tradeline_id: 't1',
  furnisher_id: 'pay-platform',
  furnisher_name: 'Pay Platform',
  account_number: 'LOAN-77',
  ecoa_code: '1',
  match_reason: 'national_id',
  portfolio_type: 'I',
  account_type: '01',
  date_opened: '2024-01-10',
  credit_limit: 0,
  highest_credit: 3000,
  terms_duration: '012',
  terms_frequency: 'M',
  scheduled_payment: 260,
  actual_payment: 260,
  account_status: '11',
  payment_rating: '',
  payment_history: '00BBBBBBBBBBBBBBBBBBBBBB',
  special_comment: '',
  compliance_condition: '',
  current_balance: 2500,
  amount_past_due: 0,
  original_charge_off: 0,
  as_of: '2024-03-31',
  date_first_delinquency: null,
  date_closed: null,
  date_last_payment: '2024-03-05',
  consumer_info: '',
  extra: null,
  ...over,
})

const file = (...rows: TradelineRow[]): ConsumerFile => ({
  consumerKey: 'c1',
  identity: { consumerKey: 'c1', shredded: false, names: [], birthDates: [], addresses: [], phones: [] },
  tradelines: rows.map(fileTradeline),
})

describe('renderConsumerFile', () => {
  it("lists a loan's funders with their shares and its K segments, and marks an alternative-payment account", () => {
    const loan = row({
      extra: {
        funders: [
          { funder: 'bank-a', share: 0.7 },
          { funder: 'bank-b', share: 0.3 },
        ],
        originalCreditor: { name: 'ORIG BANK', classification: 2 },
        purchasedSold: { indicator: 1, name: 'SELLER BANK' },
        specializedPayment: {
          indicator: 1,
          deferredStart: null,
          balloonDue: '2025-01-01',
          balloonAmount: 1000,
        },
      },
    })
    const phone = row({
      tradeline_id: 't2',
      portfolio_type: 'O',
      account_type: '4D',
      extra: { alternativePayment: 'telecom' },
    })
    const text = renderConsumerFile(file(loan, phone))
    const details = text.slice(text.indexOf('Account details:'), text.indexOf('Payment grids'))
    assert.equal(
      details,
      [
        'Account details:',
        '  #1 funded by bank-a 70%, bank-b 30%',
        '  #1 original creditor ORIG BANK (classification 2)',
        '  #1 purchased from SELLER BANK',
        '  #1 specialized payment 1: balloon 1,000 due 2025-01-01',
        '  #2 alternative payment (telecom): an on-time bill account, kept apart from credit',
        '',
      ].join('\n'),
    )
  })

  it('shows the date closed and the date of first delinquency, in tables of at most 120 columns', () => {
    const card = row({
      furnisher_name: 'NORTHWIND BANK (SYNTHETIC)',
      account_number: '4000123412341234',
      portfolio_type: 'R',
      account_type: '18',
      account_status: '13',
      credit_limit: 12000,
      current_balance: 0,
      date_first_delinquency: '2023-11-15',
      date_closed: '2024-03-20',
    })
    const text = renderConsumerFile(file(card))
    const tables = text.slice(text.indexOf('Tradelines:'), text.indexOf('Payment grids'))
    const wide = tables.split('\n').filter((l) => l.length > 120)
    assert.deepEqual(wide, [], 'lines wider than 120 columns')
    const dates = tables.split('\n').find((l) => l.startsWith('#  opened'))
    assert.ok(dates, tables)
    for (const header of [
      'closed',
      'first delinquency',
      'last payment',
      'as of',
      'balance',
      'limit',
      'high credit',
      'past due',
    ])
      assert.ok(dates.includes(header), header)
    const values = tables.split('\n').find((l) => l.startsWith('1  2024-01-10'))
    assert.match(
      values ?? '',
      /^1 {2}2024-01-10 {2}2024-03-20 {2}2023-11-15 +2024-03-05 +2024-03-31 {2}0 +12,000 {2}3,000 +0$/,
    )
    const accounts = tables.split('\n').find((l) => l.startsWith('1  NORTHWIND BANK'))
    assert.match(accounts ?? '', /\*+1234 {2}credit card {2}individual {2}paid or closed, zero balance$/)
  })

  it('names the special comment, the compliance condition (a dispute) and the bankruptcy indicator', () => {
    const disputed = row({
      special_comment: 'AU',
      compliance_condition: 'XB',
      consumer_info: 'E',
      account_status: '97',
      original_charge_off: 2400,
    })
    const unknown = row({ tradeline_id: 't2', special_comment: 'ZZ', consumer_info: 'W' })
    const text = renderConsumerFile(file(disputed, unknown))
    const details = text.slice(text.indexOf('Account details:'), text.indexOf('Payment grids'))
    assert.equal(
      details,
      [
        'Account details:',
        '  #1 charged off: 2,400 (the original amount)',
        '  #1 special comment AU: account paid in full for less than the full balance',
        '  #1 compliance condition XB: disputed by the consumer under the FCRA; the furnisher is investigating',
        '  #1 consumer information E: discharged through Chapter 7 bankruptcy',
        '  #2 special comment ZZ',
        '  #2 consumer information W',
        '',
      ].join('\n'),
    )
  })

  it('adds no details section when no tradeline has any', () => {
    assert.ok(!renderConsumerFile(file(row({}))).includes('Account details'))
  })
})
