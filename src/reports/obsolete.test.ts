import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { jurisdictionProfile } from '../consent/index.ts'
import { isObsolete, retentionEnd, withoutObsolete, type RetentionFields } from './obsolete.ts'

const ASOF = '2024-07-10'
const US = jurisdictionProfile('US-FCRA')
const HU = jurisdictionProfile('HU-KHR')
const CN = jurisdictionProfile('CN-PBOC')

const account = (over: Partial<RetentionFields>): RetentionFields => ({
  account_status: '11',
  payment_rating: '',
  account_type: '01',
  current_balance: 1000,
  date_first_delinquency: null,
  date_closed: null,
  date_last_payment: null,
  ...over,
})
const chargeOff = (over: Partial<RetentionFields>) =>
  account({ account_status: '97', current_balance: 800, ...over })

describe('retentionEnd', () => {
  it('adds whole years, clamps 29 February and counts a fraction of a year in months', () => {
    assert.equal(retentionEnd('2017-07-10', 7), '2024-07-10')
    assert.equal(retentionEnd('2020-02-29', 3), '2023-02-28')
    assert.equal(retentionEnd('2020-11-30', 1.25), '2022-02-28')
  })
})

describe('isObsolete, first_delinquency (US-FCRA, 7 years from DOFD)', () => {
  it('keeps a charge-off a day inside the period and drops it on the seventh anniversary of its DOFD', () => {
    assert.equal(isObsolete(chargeOff({ date_first_delinquency: '2017-07-11' }), US, ASOF), false)
    assert.equal(isObsolete(chargeOff({ date_first_delinquency: '2017-07-10' }), US, ASOF), true)
  })
  it('drops an old collection account and a paid charge-off by their DOFD', () => {
    const collection = account({
      account_type: '48',
      account_status: '93',
      date_first_delinquency: '2015-01-01',
    })
    assert.equal(isObsolete(collection, US, ASOF), true)
    const paid = account({ account_status: '64', current_balance: 0, date_first_delinquency: '2016-01-01' })
    assert.equal(isObsolete(paid, US, ASOF), true)
  })
  it('keeps an old positive account and a negative one without a DOFD', () => {
    const positive = account({ account_status: '13', payment_rating: '0', date_closed: '2001-01-01' })
    assert.equal(isObsolete(positive, US, ASOF), false)
    assert.equal(isObsolete(chargeOff({}), US, ASOF), false)
  })
})

describe('isObsolete, settlement (HU-KHR, 5 years from repayment)', () => {
  const paid = (closed: string) =>
    account({
      account_status: '64',
      current_balance: 0,
      date_first_delinquency: '2015-03-01',
      date_closed: closed,
    })
  it('keeps a paid charge-off a day inside the period and drops it on the fifth anniversary of its Date Closed', () => {
    assert.equal(isObsolete(paid('2019-07-11'), HU, ASOF), false)
    assert.equal(isObsolete(paid('2019-07-10'), HU, ASOF), true)
  })
  it('counts from the Date of Last Payment when no Date Closed was reported', () => {
    const byPayment = (d: string) =>
      account({ account_status: '62', account_type: '48', current_balance: 0, date_last_payment: d })
    assert.equal(isObsolete(byPayment('2019-07-11'), HU, ASOF), false)
    assert.equal(isObsolete(byPayment('2019-07-10'), HU, ASOF), true)
  })
  it('takes a closed account with nothing owed as settled, whatever its status', () => {
    const closed = chargeOff({
      current_balance: 0,
      date_first_delinquency: '2012-01-01',
      date_closed: '2018-01-01',
    })
    assert.equal(isObsolete(closed, HU, ASOF), true)
  })
  it('keeps an unsettled negative account however old, and an old positive account', () => {
    const unpaid = chargeOff({ date_first_delinquency: '2005-01-01', date_last_payment: '2005-01-01' })
    assert.equal(isObsolete(unpaid, HU, ASOF), false)
    const positive = account({
      account_status: '13',
      payment_rating: '0',
      current_balance: 0,
      date_closed: '2001-01-01',
    })
    assert.equal(isObsolete(positive, HU, ASOF), false)
  })
})

describe('isObsolete, delinquency_end (CN-PBOC, 5 years from the end of the adverse behaviour)', () => {
  const cured = (lastPayment: string) =>
    account({ date_first_delinquency: '2012-05-01', date_last_payment: lastPayment })
  it('dates a now current account with a DOFD by its last payment, a day inside and on the anniversary', () => {
    assert.equal(isObsolete(cured('2019-07-11'), CN, ASOF), false)
    assert.equal(isObsolete(cured('2019-07-10'), CN, ASOF), true)
  })
  it('dates a settled account by its settlement', () => {
    const settled = (closed: string) =>
      account({ account_status: '13', payment_rating: 'L', current_balance: 0, date_closed: closed })
    assert.equal(isObsolete(settled('2019-07-11'), CN, ASOF), false)
    assert.equal(isObsolete(settled('2019-07-10'), CN, ASOF), true)
  })
  it('keeps an account still past due, and an old positive account', () => {
    const late = account({
      account_status: '84',
      date_first_delinquency: '2012-05-01',
      date_last_payment: '2013-01-01',
    })
    assert.equal(isObsolete(late, CN, ASOF), false)
    assert.equal(isObsolete(account({ date_last_payment: '2001-01-01' }), CN, ASOF), false)
  })
})

describe('withoutObsolete', () => {
  it('drops only the obsolete rows, keeping the others whole and in order', () => {
    const rows = [
      { ...account({}), id: 'a', snapshots: [1] },
      { ...chargeOff({ date_first_delinquency: '2010-01-01' }), id: 'b', snapshots: [2] },
      { ...chargeOff({ date_first_delinquency: '2020-01-01' }), id: 'c', snapshots: [3] },
    ]
    assert.deepEqual(
      withoutObsolete(rows, US, ASOF).map((r) => [r.id, r.snapshots]),
      [
        ['a', [1]],
        ['c', [3]],
      ],
    )
  })
})
