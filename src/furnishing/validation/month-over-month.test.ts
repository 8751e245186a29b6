import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { BaseSegment, DataRecord } from '../../metro2/index.ts'
import { cfpbBytes, readRecords } from './cfpb-files.ts'
import {
  monthsBetween,
  priorStateOf,
  validateMonthOverMonth,
  vanishedAccount,
  type PriorAccountState,
} from './month-over-month.ts'

/** The cfpb series: the same two accounts reported for January, February and March 2018. */
const months = new Map<string, Map<string, DataRecord>>()
const LATE = '20150803333060'
const CURRENT = '20150803332591'

before(async () => {
  for (const month of ['jan', 'feb', 'mar']) {
    const { records } = await readRecords(cfpbBytes(`${month}-2018.txt`))
    months.set(month, new Map(records.map((r) => [r.base.consumerAccountNumber, r])))
  }
})

const record = (month: string, account: string): DataRecord => {
  const found = months.get(month)?.get(account)
  if (!found) throw new Error(`no ${account} in ${month}`)
  return found
}
const prior = (month: string, account: string): PriorAccountState => {
  const state = priorStateOf(record(month, account))
  if (!state) throw new Error('no DOAI')
  return state
}
const bent = (month: string, account: string, base: Partial<BaseSegment>): DataRecord => {
  const r = record(month, account)
  return { ...r, base: { ...r.base, ...base } }
}
const rules = (issues: { rule: string }[]) => issues.map((i) => i.rule)

describe('validateMonthOverMonth on the cfpb January-March 2018 series', () => {
  it('reads the series as expected: one account 30 days late in January, then current', () => {
    assert.deepEqual(prior('jan', LATE), {
      asOf: '2018-01-31',
      status: '71',
      dofd: '2018-01-25',
      history: '000000000000000000000000',
      rating: '',
      closed: false,
    })
    assert.equal(record('feb', LATE).base.paymentHistoryProfile, '100000000000000000000000')
    assert.equal(record('mar', LATE).base.paymentHistoryProfile, '010000000000000000000000')
  })

  it('passes every account of each month against the month before', () => {
    for (const [before, after] of [
      ['jan', 'feb'],
      ['feb', 'mar'],
    ] as const) {
      for (const account of [LATE, CURRENT]) {
        assert.deepEqual(
          validateMonthOverMonth(record(after, account), prior(before, account)),
          [],
          `${before}->${after} ${account}`,
        )
      }
    }
  })

  it('passes March against January when February was not reported', () => {
    assert.equal(monthsBetween('2018-01-31', '2018-03-31'), 2)
    assert.deepEqual(validateMonthOverMonth(record('mar', LATE), prior('jan', LATE)), [])
  })

  it('flags a February record that re-ages the delinquency of January', () => {
    const reaged = bent('feb', LATE, {
      accountStatus: '78',
      dateFirstDelinquency: '2018-02-25',
      amountPastDue: 200,
    })
    const issues = validateMonthOverMonth(reaged, prior('jan', LATE))
    assert.deepEqual(rules(issues), ['mom.reaging'])
    assert.equal(issues[0]?.severity, 'error')
    assert.match(issues[0]?.message ?? '', /moved from 2018-01-25 to 2018-02-25/)
  })

  it('lets a delinquency start over after the account became current', () => {
    const again = bent('mar', LATE, {
      accountStatus: '71',
      dateFirstDelinquency: '2018-03-25',
      amountPastDue: 400,
    })
    assert.deepEqual(validateMonthOverMonth(again, prior('feb', LATE)), [])
  })

  it('takes the bankruptcy petition date of a current account as its new DOFD, not as re-aging', () => {
    const petition = bent('feb', LATE, {
      consumerInformationIndicator: 'D',
      dateFirstDelinquency: '2018-02-10',
    })
    assert.deepEqual(validateMonthOverMonth(petition, prior('jan', LATE)), [])
  })

  it('flags a March record that repeats the February history without shifting it', () => {
    const stale = bent('mar', LATE, { paymentHistoryProfile: record('feb', LATE).base.paymentHistoryProfile })
    const issues = validateMonthOverMonth(stale, prior('feb', LATE))
    assert.deepEqual(rules(issues), ['mom.history_shift', 'mom.history_status'])
    assert.match(issues[0]?.message ?? '', /shifted by 0 month\(s\); 1 month\(s\) have passed/)
  })

  it('takes a change to an old month as a correction: a warning, not an error', () => {
    const corrected = bent('mar', LATE, { paymentHistoryProfile: '010000000000000000000010' })
    const issues = validateMonthOverMonth(corrected, prior('feb', LATE))
    assert.deepEqual(
      issues.map((i) => [i.rule, i.severity]),
      [['mom.history_rewritten', 'warning']],
    )
    assert.match(issues[0]?.message ?? '', /at position\(s\) 23/)
  })

  it('holds a second report for the same month to the same months: a profile shifted by one is an error', () => {
    const feb = record('feb', LATE)
    // February's report again, its profile moved on a month as if it were March's (found by probing).
    const shifted = bent('feb', LATE, {
      paymentHistoryProfile: `0${feb.base.paymentHistoryProfile.slice(0, 23)}`,
    })
    const issues = validateMonthOverMonth(shifted, prior('feb', LATE))
    assert.deepEqual(rules(issues), ['mom.history_shift'])
    assert.match(issues[0]?.message ?? '', /shifted by 1 month\(s\); 0 month\(s\) have passed/)
    assert.deepEqual(validateMonthOverMonth(feb, prior('feb', LATE)), [], 'the same profile again is fine')
  })

  it('takes a same-month change of the latest month of a uniform history as a correction, not a shift', () => {
    const january = record('jan', LATE)
    const corrected = bent('jan', LATE, { paymentHistoryProfile: `1${'0'.repeat(23)}` })
    assert.equal(january.base.paymentHistoryProfile, '0'.repeat(24))
    assert.deepEqual(
      validateMonthOverMonth(corrected, prior('jan', LATE)).map((i) => [i.rule, i.severity]),
      [['mom.history_rewritten', 'warning']],
    )
  })

  it('flags a month whose history byte does not show the status reported for it', () => {
    const wrong = bent('feb', LATE, { paymentHistoryProfile: '200000000000000000000000' })
    assert.deepEqual(rules(validateMonthOverMonth(wrong, prior('jan', LATE))), ['mom.history_status'])
  })

  it('refuses an older month than the one last reported', () => {
    assert.deepEqual(rules(validateMonthOverMonth(record('feb', CURRENT), prior('mar', CURRENT))), [
      'mom.doai_regressed',
    ])
  })
})

describe('vanishedAccount', () => {
  it('flags an open account of January that February leaves out', () => {
    const february = new Set([LATE])
    const vanished = [...months.get('jan')!.keys()]
      .filter((account) => !february.has(account))
      .map((account) => vanishedAccount(prior('jan', account), account))
    assert.deepEqual(
      vanished.map((i) => [i?.segment, i?.rule, i?.severity]),
      [['file', 'mom.vanished_account', 'warning']],
    )
    assert.match(
      vanished[0]?.message ?? '',
      /Account "20150803332591", reported open with Account Status "11" as of 2018-01-31/,
    )
  })

  it('expects a closed, paid, transferred or deleted account to stop', () => {
    const open = prior('jan', CURRENT)
    assert.equal(vanishedAccount({ ...open, closed: true }, CURRENT), null)
    for (const status of ['13', '64', '05', 'DA', 'DF'])
      assert.equal(vanishedAccount({ ...open, status }, CURRENT), null)
  })
})

describe('monthsBetween', () => {
  it('counts calendar months between two days', () => {
    assert.equal(monthsBetween('2018-01-31', '2018-02-28'), 1)
    assert.equal(monthsBetween('2017-12-31', '2018-01-01'), 1)
    assert.equal(monthsBetween('2018-02-01', '2018-02-28'), 0)
    assert.equal(monthsBetween('2018-03-31', '2018-01-31'), -2)
    assert.equal(monthsBetween('2016-03-31', '2018-03-31'), 24)
  })
})
