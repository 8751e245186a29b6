import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { JurisdictionCode } from '../config.ts'
import { jurisdictionProfile } from '../consent/index.ts'
import type { AttributeSnapshot, MonthMark, TradelineFact } from './attributes.model.ts'
import { computeAttributes, obsoleteMonthsOf } from './attributes.ts'
import { runStart, withoutObsoleteMonths } from './obsolete-months.ts'

const rule = (code: JurisdictionCode) => jurisdictionProfile(code)
const US = rule('US-FCRA')
const D = '2026-12-07'

const FACT: TradelineFact = {
  tradelineId: 't',
  furnisherId: 'bank-a',
  portfolioType: 'I',
  accountType: '00',
  dateOpened: '2017-01-10',
  alternativePayment: false,
}
const snap = (asOf: string, o: Partial<AttributeSnapshot>): AttributeSnapshot => ({
  tradelineId: 't',
  asOf,
  accountStatus: '11',
  paymentRating: '',
  paymentHistory: '0'.repeat(24),
  currentBalance: 1000,
  creditLimit: 0,
  highestCredit: 5000,
  amountPastDue: 0,
  originalChargeOff: 0,
  dateFirstDelinquency: null,
  dateClosed: null,
  ...o,
})

// The probe's account: 180 days late in February 2019 (DOFD 2018-09-15, 30 days late in October 2018), then
// current when next reported, in February 2024.
const CURED = [
  snap('2019-02-28', {
    accountStatus: '84',
    dateFirstDelinquency: '2018-09-15',
    paymentHistory: '432100000000000000000000',
  }),
  snap('2024-02-29', {}),
]
// Charged off in May 2016 (DOFD 2015-10-20), then reported paid and closed (13, rated 0) in March 2017.
const PAID_CHARGE_OFF = [
  snap('2016-05-31', {
    accountStatus: '97',
    dateFirstDelinquency: '2015-10-20',
    paymentHistory: '654321000000000000000000',
    originalChargeOff: 4000,
  }),
  snap('2017-03-31', {
    accountStatus: '13',
    paymentRating: '0',
    currentBalance: 0,
    dateClosed: '2017-03-15',
    paymentHistory: 'LLLLLLLLLL65432100000000',
  }),
]

const history = (snapshots: AttributeSnapshot[], asOf: string, code?: JurisdictionCode) => {
  const v = computeAttributes(snapshots, [FACT], [], asOf, code === undefined ? undefined : rule(code))
  return {
    worst: v.worst_status_ever,
    since: v.months_since_last_delinquency,
    chargeOffs: v.charge_offs,
    late90: v.delinquencies_90_24m,
  }
}

describe('computeAttributes with a retention rule: obsolete months', () => {
  it('counts the probe’s 2019 delinquency without a rule, and not under US-FCRA on 2026-12-07', () => {
    assert.deepEqual(history(CURED, D), { worst: 6, since: 94, chargeOffs: 0, late90: 0 })
    // The months rated current stay: the account was current, rated, then and since.
    assert.deepEqual(history(CURED, D, 'US-FCRA'), { worst: 0, since: null, chargeOffs: 0, late90: 0 })
  })

  it('counts it until the seventh anniversary of its DOFD, and from that day not', () => {
    assert.deepEqual(history(CURED, '2025-09-14', 'US-FCRA'), {
      worst: 6,
      since: 79,
      chargeOffs: 0,
      late90: 0,
    })
    assert.deepEqual(history(CURED, '2025-09-15', 'US-FCRA').worst, 0)
  })

  it('leaves out the charge-off of an account now reported paid once its period has run', () => {
    assert.deepEqual(history(PAID_CHARGE_OFF, D), { worst: 7, since: 118, chargeOffs: 1, late90: 0 })
    for (const code of ['US-FCRA', 'CN-PBOC', 'HU-KHR', 'DE-SCHUFA', 'EU-GDPR'] as const)
      assert.deepEqual(
        history(PAID_CHARGE_OFF, D, code),
        { worst: 0, since: null, chargeOffs: 0, late90: 0 },
        code,
      )
  })

  it('keeps a delinquency not yet ended however old: obsolete.ts judges the account by its state', () => {
    const unpaid = [PAID_CHARGE_OFF[0]!]
    assert.deepEqual(history(unpaid, D, 'DE-SCHUFA'), history(unpaid, D))
    assert.deepEqual(history(unpaid, D, 'US-FCRA').chargeOffs, 1)
  })

  it('counts each profile’s period: a month 30 days late in June 2021, current in July', () => {
    const late = [
      snap('2021-06-30', { accountStatus: '71', dateFirstDelinquency: '2021-05-01' }),
      snap('2021-07-31', { paymentHistory: '1' + '0'.repeat(23) }),
    ]
    const counted = (code: JurisdictionCode) => history(late, D, code).worst === 1
    // US: 7 years from the DOFD; CN and HU: 5 years, DE and EU: 3 years, from June 2021 (the arrears were paid
    // after June's report).
    assert.deepEqual((['US-FCRA', 'CN-PBOC', 'HU-KHR', 'DE-SCHUFA', 'EU-GDPR'] as const).map(counted), [
      true,
      false,
      false,
      false,
      false,
    ])
    assert.equal(history(late, '2026-05-31', 'HU-KHR').worst, 1, 'a day before the fifth anniversary')
  })

  it('reads nothing dated after the date, with a rule as without', () => {
    const later = [...CURED, snap('2027-01-31', { accountStatus: '71', dateFirstDelinquency: '2026-12-20' })]
    assert.deepEqual(history(later, D, 'US-FCRA'), history(CURED, D, 'US-FCRA'))
  })
})

describe('obsoleteMonthsOf', () => {
  it('names the months that the rule takes away, for the lender’s payment grid', () => {
    assert.deepEqual([...obsoleteMonthsOf(CURED, D, US)].sort(), [
      '2018-10',
      '2018-11',
      '2018-12',
      '2019-01',
      '2019-02',
    ])
    assert.deepEqual([...obsoleteMonthsOf(CURED, '2025-09-14', US)], [])
  })
})

describe('runStart', () => {
  const month = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1
  const run = { before: month('2018-09-30'), first: month('2018-10-31'), last: month('2019-02-28') }
  it('takes the earliest DOFD reported from the month rated current before the run to its last month', () => {
    const dofds = ['2012-03-01', '2019-01-10', '2018-09-15', '2019-03-01']
    assert.equal(runStart({ ...run, firstScale: 1 }, dofds, 'first_delinquency'), '2018-09-15')
  })
  it('estimates it without one: the first adverse month less its rating’s months and one, six at most', () => {
    assert.equal(runStart({ ...run, firstScale: 2 }, ['2012-03-01'], 'first_delinquency'), '2018-07-01')
    assert.equal(runStart({ ...run, firstScale: 7 }, [], 'first_delinquency'), '2018-03-01')
    assert.equal(runStart({ ...run, firstScale: undefined }, [], 'first_delinquency'), '2018-03-01')
  })
  it('starts a settled or ended run on the first day of its last adverse month', () => {
    assert.equal(runStart({ ...run, firstScale: 1 }, ['2018-09-15'], 'settlement'), '2019-02-01')
    assert.equal(runStart({ ...run, firstScale: 1 }, ['2018-09-15'], 'delinquency_end'), '2019-02-01')
  })
})

describe('withoutObsoleteMonths', () => {
  const m = (scale: number | undefined, flag?: 'L' | 'G'): MonthMark => ({
    scale,
    chargedOff: flag === 'L',
    collection: flag === 'G',
  })
  it('clears a whole ended run, the months that say nothing inside it included, and keeps the rest', () => {
    // Newest first, as of December 2026: current now, a run 120 to 123 months ago with a month of no data.
    const marks: (MonthMark | undefined)[] = []
    marks[0] = m(0)
    marks[119] = m(0)
    marks[120] = m(undefined, 'G')
    marks[121] = undefined
    marks[122] = m(2)
    marks[123] = m(1)
    marks[124] = m(0)
    const out = withoutObsoleteMonths(marks, [], US, D)
    assert.deepEqual(
      out.map((x, ago) => [ago, x?.scale ?? null]).filter(([, s]) => s !== null),
      [
        [0, 0],
        [119, 0],
        [124, 0],
      ],
    )
    assert.equal(out[120], undefined)
  })
})
