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

  it('adds no details section when no tradeline has any', () => {
    assert.ok(!renderConsumerFile(file(row({}))).includes('Account details'))
  })
})
