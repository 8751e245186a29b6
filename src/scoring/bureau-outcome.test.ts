import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AttributeSnapshot } from '../reports/index.ts'
import { addMonths, hasOpenAccount, isIsoDate, outcomeAfter, segmentOf } from './bureau-outcome.ts'

const snap = (tradelineId: string, asOf: string, o: Partial<AttributeSnapshot> = {}): AttributeSnapshot => ({
  tradelineId,
  asOf,
  accountStatus: '11',
  paymentRating: '',
  paymentHistory: '000000000000000000000000',
  currentBalance: 100,
  creditLimit: 0,
  highestCredit: 1000,
  amountPastDue: 0,
  originalChargeOff: 0,
  dateFirstDelinquency: null,
  dateClosed: null,
  ...o,
})

const D = '2024-06-30'

describe('addMonths', () => {
  it('keeps month ends at month ends and clips other days to the month', () => {
    assert.equal(addMonths('2024-06-30', 12), '2025-06-30')
    assert.equal(addMonths('2024-06-30', 1), '2024-07-31')
    assert.equal(addMonths('2024-02-29', 12), '2025-02-28')
    assert.equal(addMonths('2024-01-31', 1), '2024-02-29')
    assert.equal(addMonths('2024-01-15', 6), '2024-07-15')
    assert.equal(addMonths('2024-11-30', 3), '2025-02-28')
  })

  it('tells a real calendar date from a malformed one', () => {
    assert.equal(isIsoDate('2024-02-29'), true)
    assert.equal(isIsoDate('2023-02-29'), false)
    assert.equal(isIsoDate('2024-6-30'), false)
  })
})

describe('outcomeAfter', () => {
  it('counts a 90-day status dated on the last day of the window, not one on the observation date', () => {
    const onEnd = [snap('a', D), snap('a', '2025-06-30', { accountStatus: '80' })]
    assert.equal(outcomeAfter(onEnd, D), 'bad')
    const afterEnd = [snap('a', D), snap('a', '2025-06-30'), snap('a', '2025-07-31', { accountStatus: '80' })]
    assert.equal(outcomeAfter(afterEnd, D), 'good')
    const onD = [snap('a', D, { accountStatus: '80' }), snap('a', '2024-07-31', { accountStatus: '11' })]
    assert.equal(outcomeAfter(onD, D), 'good')
  })

  it('reads only the profile months after the observation month', () => {
    // July's report: its first profile month is June, the month of D itself, which D already knew.
    const juneLate = [snap('a', D), snap('a', '2024-07-31', { paymentHistory: '300000000000000000000000' })]
    assert.equal(outcomeAfter(juneLate, D), 'good')
    // August's report: its first profile month is July, after D.
    const julyLate = [snap('a', D), snap('a', '2024-08-31', { paymentHistory: '300000000000000000000000' })]
    assert.equal(outcomeAfter(julyLate, D), 'bad')
    const sixtyDays = [snap('a', D), snap('a', '2024-08-31', { paymentHistory: '200000000000000000000000' })]
    assert.equal(outcomeAfter(sixtyDays, D), 'good')
  })

  it('takes a charge-off or a collection as bad, and not again on an account already so at the date', () => {
    assert.equal(outcomeAfter([snap('a', D), snap('a', '2024-09-30', { accountStatus: '97' })], D), 'bad')
    assert.equal(outcomeAfter([snap('u', D), snap('u', '2024-09-30', { accountStatus: '93' })], D), 'bad')
    const already = [
      snap('a', D, { accountStatus: '97' }),
      snap('a', '2024-09-30', { accountStatus: '97', paymentHistory: 'LLL000000000000000000000' }),
      snap('b', '2024-09-30'),
    ]
    assert.equal(outcomeAfter(already, D), 'good')
    assert.equal(outcomeAfter([...already, snap('b', '2024-10-31', { accountStatus: '82' })], D), 'bad')
  })

  it('is indeterminate when nothing is reported in the window', () => {
    assert.equal(outcomeAfter([snap('a', '2024-01-31'), snap('a', D)], D), 'indeterminate')
    assert.equal(
      outcomeAfter([snap('a', D), snap('a', '2025-07-31', { accountStatus: '97' })], D),
      'indeterminate',
    )
  })
})

describe('hasOpenAccount', () => {
  it('looks at each account as it stood on the date', () => {
    assert.equal(hasOpenAccount([snap('a', D)], D), true)
    assert.equal(hasOpenAccount([snap('a', '2024-07-31')], D), false, 'opened after the date')
    assert.equal(hasOpenAccount([snap('a', D, { accountStatus: '13', paymentRating: '0' })], D), false)
    assert.equal(hasOpenAccount([snap('a', D, { dateClosed: '2024-06-15' })], D), false)
    assert.equal(hasOpenAccount([snap('a', D, { accountStatus: 'DA' })], D), false)
    assert.equal(hasOpenAccount([snap('a', D, { accountStatus: '71' })], D), true)
    const closedLater = [snap('a', D), snap('a', '2024-07-31', { accountStatus: '13' })]
    assert.equal(hasOpenAccount(closedLater, D), true, 'a later closure is not seen')
  })
})

describe('segmentOf', () => {
  it('puts fewer than 2 credit accounts or an oldest account under 6 months in the thin file', () => {
    assert.equal(segmentOf({ all_accounts: 2, oldest_account_age_months: 6 }), 'thick')
    assert.equal(segmentOf({ all_accounts: 1, oldest_account_age_months: 120 }), 'thin')
    assert.equal(segmentOf({ all_accounts: 5, oldest_account_age_months: 5 }), 'thin')
    assert.equal(segmentOf({ all_accounts: 0, oldest_account_age_months: null }), 'thin')
  })
})
