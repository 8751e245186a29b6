import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { applyScorecard } from './apply.ts'
import { compileScorecard } from './compile-scorecard.ts'
import { handCard } from './hand-card.fixture.ts'
import { scoreRecord } from './score-record.ts'
import { tableFromCsv } from './csv-table.ts'
import { binPoints, scalingOf } from './scaling.ts'
import { parseScorecardModel, rangeLabel, type ModelBin, type ScorecardModel } from './scorecard.model.ts'

// A hand-computed scorecard: factor = 20 / ln 2 = 28.8539, offset = 487.1229, intercept 1.0 -> base 516.
// Each bin's points are written out by hand (factor x coefficient x WoE, rounded) and checked below.
const scaling = scalingOf({ pdo: 20, baseScore: 600, baseOdds: 50, minScore: 300, maxScore: 850 })

const stats = (woe: number, points: number) => ({
  count: 10,
  events: 2,
  eventRate: 0.2,
  woe,
  iv: 0.01,
  points,
})
const range = (lower: number | null, upper: number | null, woe: number, points: number): ModelBin => ({
  kind: 'range',
  lower,
  upper,
  label: rangeLabel(lower, upper),
  ...stats(woe, points),
})
const missing = (woe: number, points: number): ModelBin => ({
  kind: 'missing',
  label: 'missing',
  ...stats(woe, points),
})
const numeric = (
  name: string,
  coefficient: number,
  cuts: [number, number],
  woe: number[],
  points: number[],
) => ({
  name,
  description: `${name} text`,
  reasonCode: name.slice(0, 3).toUpperCase(),
  kind: 'numeric' as const,
  trend: null,
  iv: 0.1,
  coefficient,
  standardError: 0.1,
  zScore: coefficient / 0.1,
  pValue: 0.001,
  bins: [
    range(null, cuts[0], woe[0]!, points[0]!),
    range(cuts[0], cuts[1], woe[1]!, points[1]!),
    range(cuts[1], null, woe[2]!, points[2]!),
    missing(woe[3]!, points[3]!),
  ],
})

function handModel(minScore = 300): ScorecardModel {
  const housing = {
    ...numeric('Housing', 1.1, [0, 1], [0, 0, 0, 0], [0, 0, 0, 0]),
    kind: 'categorical' as const,
    bins: [
      { kind: 'levels' as const, levels: ['Own'], other: false, label: 'Own', ...stats(0.3, 10) },
      { kind: 'levels' as const, levels: ['Rent'], other: false, label: 'Rent', ...stats(-0.2, -6) },
      {
        kind: 'levels' as const,
        levels: ['ForFree'],
        other: true,
        label: 'ForFree, other',
        ...stats(-0.5, -16),
      },
      missing(0, 0),
    ],
  }
  const performance = {
    rows: 1,
    events: 0,
    eventRate: 0,
    auc: 0.5,
    gini: 0,
    ks: 0,
    scoreBands: { cuts: [], shares: [1] },
  }
  return parseScorecardModel({
    format: 'openbureau.scorecard',
    formatVersion: 1,
    name: 'hand',
    version: '1',
    segment: 'main',
    createdAt: '2024-01-01T00:00:00.000Z',
    target: { name: 'bad', bad: '1', good: '0' },
    scaling: { ...scaling, minScore },
    intercept: { coefficient: 1, standardError: 0.1, zScore: 10, pValue: 0 },
    basePoints: 516,
    attributes: [
      numeric('Utilization', 1.0, [30, 70], [0.5, 0, -0.8, 0], [14, 0, -23, 0]),
      numeric('Delinquencies', 0.9, [1, 3], [0.6, -0.4, -1.2, 0], [16, -10, -31, 0]),
      numeric('HistoryMonths', 0.7, [24, 60], [-0.9, -0.1, 0.4, -0.3], [-18, -2, 8, -6]),
      housing,
      numeric('RecentInquiries', 0.8, [1, 3], [0.2, -0.3, -0.7, 0], [5, -7, -16, 0]),
      numeric('Accounts', 0.5, [3, 8], [-0.4, 0.1, 0.3, 0], [-6, 1, 4, 0]),
    ],
    card: handCard(performance),
  })
}

const reason = (
  rank: number,
  attribute: string,
  bin: string,
  pointsLost: number,
  to: string | null,
  points = 0,
) => ({
  rank,
  attribute,
  code: attribute.slice(0, 3).toUpperCase(),
  text: `${attribute} text`,
  bin,
  pointsLost,
  improvement: to === null ? null : { bin: to, points },
})

describe('scorecard points and reasons (hand-computed)', () => {
  const model = handModel()
  const compiled = compileScorecard(model)

  it('has every bin worth round(factor x coefficient x WoE) points', () => {
    for (const a of model.attributes)
      for (const b of a.bins)
        assert.equal(b.points, binPoints(scaling, a.coefficient, b.woe), `${a.name} ${b.label}`)
  })

  it('scores the sum of points, gives four reasons by points lost and the inquiries as a fifth', () => {
    const r = scoreRecord(compiled, {
      Utilization: 80,
      Delinquencies: 1,
      HistoryMonths: 10,
      Housing: 'Rent',
      RecentInquiries: 2,
      Accounts: 5,
    })
    // 516 - 23 - 10 - 18 - 6 - 7 + 1 = 453; log odds 1 - 0.8 - 0.36 - 0.63 - 0.22 - 0.24 + 0.05 = -1.2.
    assert.equal(r.score, 453)
    assert.ok(Math.abs(r.probabilityDefault - 1 / (1 + Math.exp(-1.2))) < 1e-12)
    // Lost: Utilization 37, Delinquencies 26, HistoryMonths 26 (tie: model order), Housing 16, inquiries 12, Accounts 3.
    assert.deepEqual(r.reasons, [
      reason(1, 'Utilization', '>= 70', 37, '[30, 70)', 23),
      reason(2, 'Delinquencies', '[1, 3)', 26, '< 1', 26),
      reason(3, 'HistoryMonths', '< 24', 26, '[24, 60)', 16),
      reason(4, 'Housing', 'Rent', 16, 'Own', 16),
      reason(5, 'RecentInquiries', '[1, 3)', 12, '< 1', 12),
    ])
  })

  it('gives no reason when every attribute is in its best bin', () => {
    const r = scoreRecord(compiled, {
      Utilization: 10,
      Delinquencies: 0,
      HistoryMonths: 100,
      Housing: 'Own',
      RecentInquiries: 0,
      Accounts: 9,
    })
    assert.equal(r.score, 516 + 14 + 16 + 8 + 10 + 5 + 4)
    assert.deepEqual(r.reasons, [])
  })

  it('adds no fifth reason when the inquiries are already among the four', () => {
    const r = scoreRecord(compiled, {
      Utilization: 10,
      Delinquencies: 0,
      HistoryMonths: 30,
      Housing: 'Own',
      RecentInquiries: 5,
      Accounts: 0,
    })
    // Lost: inquiries 21, Accounts 10, HistoryMonths 10.
    assert.deepEqual(
      r.reasons.map((x) => [x.attribute, x.pointsLost]),
      [
        ['RecentInquiries', 21],
        ['HistoryMonths', 10],
        ['Accounts', 10],
      ],
    )
  })

  it('adds no fifth reason when an inquiries attribute is among the four, though another lost points (§609(f)(9))', () => {
    // Each attribute loses the given points in its middle bin, where every value below falls.
    const losing = (name: string, loss: number) =>
      numeric(name, 1, [1, 2], [0, -loss / 100, 0, 0], [0, -loss, 0, 0])
    const model = {
      ...handModel(),
      attributes: [
        losing('revolving_utilisation', 40),
        losing('hard_inquiries_6m', 30),
        losing('delinquencies_30_24m', 25),
        losing('oldest_account_age_months', 20),
        losing('total_balance', 15),
        losing('months_since_last_hard_inquiry', 5),
      ],
    }
    const record = Object.fromEntries(model.attributes.map((a) => [a.name, 1.5]))
    const r = scoreRecord(compileScorecard(model), record)
    assert.deepEqual(
      r.reasons.map((x) => [x.attribute, x.pointsLost]),
      [
        ['revolving_utilisation', 40],
        ['hard_inquiries_6m', 30],
        ['delinquencies_30_24m', 25],
        ['oldest_account_age_months', 20],
      ],
    )
    // Without the inquiries attribute among the four, the other one is the fifth.
    const r2 = scoreRecord(compileScorecard(model), { ...record, hard_inquiries_6m: 0 })
    assert.deepEqual(
      r2.reasons.map((x) => x.attribute),
      [
        'revolving_utilisation',
        'delinquencies_30_24m',
        'oldest_account_age_months',
        'total_balance',
        'months_since_last_hard_inquiry',
      ],
    )
    const table = applyScorecard(
      compileScorecard(model),
      tableFromCsv(
        `${model.attributes.map((a) => a.name).join(',')}\n1.5,1.5,1.5,1.5,1.5,1.5\n1.5,0,1.5,1.5,1.5,1.5\n`,
      ),
    )
    assert.deepEqual([table.reasons(0), table.reasons(1)], [r.reasons, r2.reasons])
  })

  it('scores missing values in the missing bin and unseen levels in the "other" bin, and aims a missing value at the smallest step up', () => {
    const r = scoreRecord(compiled, {
      Utilization: null,
      Delinquencies: 'NA',
      HistoryMonths: 100,
      Housing: 'Boat',
      RecentInquiries: 0,
      Accounts: 9,
    })
    assert.equal(r.score, 516 + 0 + 0 + 8 - 16 + 5 + 4)
    assert.deepEqual(r.reasons, [
      reason(1, 'Housing', 'ForFree, other', 26, 'Rent', 10),
      reason(2, 'Delinquencies', 'missing', 16, '< 1', 16),
      reason(3, 'Utilization', 'missing', 14, '< 30', 14),
    ])
  })

  it('clips the score to the range without moving the probability of default', () => {
    const clipped = scoreRecord(compileScorecard(handModel(460)), {
      Utilization: 80,
      Delinquencies: 1,
      HistoryMonths: 10,
      Housing: 'Rent',
      RecentInquiries: 2,
      Accounts: 5,
    })
    assert.equal(clipped.score, 460)
    assert.ok(Math.abs(clipped.probabilityDefault - 1 / (1 + Math.exp(-1.2))) < 1e-12)
  })

  it('gives the same scores and reasons for a whole table as one record at a time', () => {
    const t = tableFromCsv(
      'Utilization,Delinquencies,HistoryMonths,Housing,RecentInquiries,Accounts\n80,1,10,Rent,2,5\n10,0,100,Own,0,9\n,NA,100,Boat,0,9\n10,0,30,Own,5,0\n',
      { kinds: { Housing: 'categorical' } },
    )
    const scored = applyScorecard(compiled, t)
    assert.deepEqual([...scored.score], [453, 573, 517, 516 + 14 + 16 - 2 + 10 - 16 - 6])
    assert.deepEqual(scored.reasonCodes(0), ['UTI', 'DEL', 'HIS', 'HOU', 'REC'])
    assert.deepEqual(
      scored.reasons(2),
      scoreRecord(compiled, {
        Utilization: null,
        Delinquencies: null,
        HistoryMonths: 100,
        Housing: 'Boat',
        RecentInquiries: 0,
        Accounts: 9,
      }).reasons,
    )
  })

  it('refuses a text where a number is needed, naming the attribute', () => {
    assert.throws(() => scoreRecord(compiled, { Utilization: 'lots' }), /Utilization must be a number/)
  })
})
