import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { TODAY, validJ1, validJ2, validRecord } from './fixtures.ts'
import { k1, k2, k4, n1 } from './rule-case.ts'
import { isAccepted, validateRecord } from './validate-record.ts'

const ctx = { today: TODAY }

describe('validateRecord', () => {
  it('finds nothing wrong with the valid fixture', () => {
    assert.deepEqual(validateRecord(validRecord(), ctx), [])
  })

  it('reports every problem of a record, not only the first', () => {
    const record = validRecord({
      base: {
        portfolioType: 'X',
        accountStatus: '72',
        specialComment: 'ZZ',
        state: 'QQ',
        amountPastDue: 20000,
      },
      j1: [validJ1({ ecoaCode: '4' })],
      j2: [validJ2({ city: '' })],
    })
    const issues = validateRecord(record, ctx)
    assert.deepEqual(issues.map((i) => `${i.segment}:${i.field}:${i.rule}`).sort(), [
      'base:accountStatus:code.account_status',
      'base:amountPastDue:cross.past_due_over_balance',
      'base:portfolioType:code.portfolio_type',
      'base:specialComment:code.special_comment',
      'base:state:code.state',
      'j1:ecoaCode:code.ecoa',
      'j2:city:required.city',
    ])
    assert.equal(isAccepted(issues), false)
  })

  it('names the field, the value and what was expected', () => {
    const [status] = validateRecord(validRecord({ base: { accountStatus: '72' } }), ctx)
    assert.equal(status?.message, 'Account Status "72" is not a Metro 2 status code (CRRG Exhibit 4)')
    const [dofd] = validateRecord(validRecord({ base: { accountStatus: '97' } }), ctx)
    assert.equal(
      dofd?.message,
      'Date of First Delinquency is missing; Account Status "97" requires it (CRRG field 25, FCRA §623(a)(5))',
    )
  })

  it('checks the consumer fields of every J1 and J2 segment under its own segment name', () => {
    const record = validRecord({
      j1: [validJ1(), validJ1({ generationCode: 'Q' })],
      j2: [validJ2({ state: '', countryCode: 'US' }), validJ2({ state: '', countryCode: 'FR' })],
    })
    assert.deepEqual(
      validateRecord(record, ctx).map((i) => [i.segment, i.field, i.rule]),
      [
        ['j1', 'generationCode', 'code.generation_code'],
        ['j2', 'state', 'required.state'],
      ],
    )
  })

  // Found by probing: K1, K2 and K4 indicators were read as plain numbers and never checked, nor the N1 state.
  it('checks the codes of the K1, K2, K4 and N1 segments, each under its segment and field', () => {
    const record = validRecord({ ...k1(99), ...k2(3, 'SOME CO'), ...k4(7), ...n1('ZZ') })
    const issues = validateRecord(record, ctx)
    assert.deepEqual(
      issues.map((i) => [i.segment, i.field, i.rule]),
      [
        ['k1', 'creditorClassification', 'code.k1_creditor_classification'],
        ['k2', 'purchasedIndicator', 'code.k2_purchased_indicator'],
        ['k4', 'specializedPaymentIndicator', 'code.k4_specialized_payment_indicator'],
        ['n1', 'employerState', 'code.n1_employer_state'],
      ],
    )
    assert.equal(isAccepted(issues), false)
    const fixed = validRecord({ ...k1(2), ...k2(9, ''), ...k4(2), ...n1('NY') })
    assert.deepEqual(validateRecord(fixed, ctx), [])
  })

  it('accepts a record that has only warnings', () => {
    const issues = validateRecord(validRecord({ base: { accountType: '18' } }), ctx)
    assert.deepEqual(
      issues.map((i) => [i.rule, i.severity]),
      [['cross.portfolio_account_type', 'warning']],
    )
    assert.equal(isAccepted(issues), true)
  })

  it('measures the future against the day it is given, not the clock', () => {
    const record = validRecord({
      base: { dateAccountInformation: '2030-01-31', dateLastPayment: '2030-01-02' },
    })
    assert.deepEqual(validateRecord(record, { today: '2030-02-01' }), [])
    assert.deepEqual(
      validateRecord(record, { today: '2030-01-15' }).map((i) => i.field),
      ['dateAccountInformation'],
    )
  })
})
