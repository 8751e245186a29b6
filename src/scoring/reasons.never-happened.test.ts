// A "months since the last X" attribute is missing when X never happened: never late, never an inquiry. Training
// can leave that bin a point or two below the best real bin, but the absence of an adverse event is no key
// factor (FCRA §609(f)(1)(C), §615(a); Reg B §1002.9(b)(2)), nor the §609(f)(9) inquiries reason.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { applyScorecard } from './apply.ts'
import { compileScorecard } from './compile-scorecard.ts'
import { tableFromCsv } from './csv-table.ts'
import { handModel, handNumeric } from './hand-card.fixture.ts'
import { NEVER_HAPPENED, reasonAttribute } from './reasons.ts'
import { scoreRecord } from './score-record.ts'
import { parseScorecardModel } from './scorecard.model.ts'
import {
  insertConsumer,
  monthEnds,
  openScoringWorld,
  promoteChampion,
  syntheticModel,
  type ScoringWorld,
} from './scoring.fixture.ts'
import type { ConsumerScore } from './scoring.service.ts'

const LATE = 'months_since_last_delinquency'
const INQUIRY = 'months_since_last_hard_inquiry'
// As in the synthetic thick-file model: the missing bin ("never") one or two points below the best real bin.
const late = handNumeric(LATE, [-30, -10, 8, 7])
const inquiry = handNumeric(INQUIRY, [-20, -5, 6, 4])
// Four attributes that lose more than either when their value is below 1, to fill the four reasons.
const others = ['util', 'balance', 'accounts', 'age'].map((n) => handNumeric(n, [-40, 0, 20, 20]))

const model = () =>
  parseScorecardModel(
    handModel({
      name: 'never-happened',
      segment: 'thick',
      basePoints: 500,
      attributes: [late, inquiry, ...others],
    }),
  )

/** Values of the four other attributes: all below 1 (each loses 60 points), or all in their best bin. */
const othersAt = (x: number) => Object.fromEntries(others.map((a) => [a.name, x]))

describe('reasons of an attribute whose missing value means the adverse event never happened', () => {
  const compiled = compileScorecard(model())
  const reasonsOf = (values: Record<string, number | null>) =>
    scoreRecord(compiled, values).reasons.map((r) => [r.attribute, r.bin, r.pointsLost])

  it('covers months since the last delinquency and since the last hard inquiry', () => {
    assert.deepEqual([...NEVER_HAPPENED].sort(), [LATE, INQUIRY])
  })

  it('loses nothing and advises nothing in the missing bin, though it scores below the best real bin', () => {
    const r = reasonAttribute(late)
    assert.deepEqual([...r.loss], [38, 18, 0, 0])
    assert.equal(r.improveTo[3], -1)
    assert.deepEqual([...reasonAttribute(inquiry).loss], [26, 11, 0, 0])
  })

  it('never names "never late" or "no inquiry" as a key factor', () => {
    assert.deepEqual(reasonsOf({ [LATE]: null, [INQUIRY]: null, ...othersAt(5) }), [])
  })

  it('never makes "no inquiry" the fifth, inquiries reason (§609(f)(9))', () => {
    const r = reasonsOf({ [LATE]: null, [INQUIRY]: null, ...othersAt(0) })
    assert.deepEqual(
      r.map(([a]) => a),
      others.map((a) => a.name),
    )
  })

  it('still names a real bin below the best bin, as one of the four and as the fifth', () => {
    assert.deepEqual(reasonsOf({ [LATE]: 0, [INQUIRY]: 2, ...othersAt(5) }), [
      [LATE, '< 1', 38],
      [INQUIRY, '[1, 3)', 11],
    ])
    const fifth = reasonsOf({ [LATE]: null, [INQUIRY]: 2, ...othersAt(0) })
    assert.deepEqual(fifth.slice(4), [[INQUIRY, '[1, 3)', 11]])
    assert.equal(fifth.length, 5)
  })

  it('gives the same reasons for a table as one record at a time', () => {
    const t = tableFromCsv(`${LATE},${INQUIRY},util,balance,accounts,age\n,,0,0,0,0\n,,5,5,5,5\n0,,5,5,5,5\n`)
    const scored = applyScorecard(compiled, t)
    assert.deepEqual(scored.reasonCodes(0), ['UTIL', 'BALANCE', 'ACCOUNTS', 'AGE'])
    assert.deepEqual(scored.reasonCodes(1), [])
    assert.deepEqual(scored.reasonCodes(2), [LATE.toUpperCase()])
  })
})

describe('the score of a consumer who was never late (GET /v1/me/score, the score a lender gets)', () => {
  let w: ScoringWorld
  let key: string
  const model = syntheticModel('thick')

  before(async () => {
    w = await openScoringWorld()
    await w.mods.members.add({ id: 'bank', name: 'Bank', kind: 'bank', roles: ['furnisher'], metro2Ids: [] })
    // The last twelve month ends before today, each month current with nothing ever late.
    const now = new Date()
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 12, 1)).toISOString().slice(0, 7)
    const months = monthEnds(from, 12).map((asOf) => ({
      asOf,
      status: '11',
      history: '0'.repeat(24),
      balance: 100,
      limit: 10000,
    }))
    key = await insertConsumer(
      w.db,
      'bank',
      ['R', 'I', 'R'].map((portfolio) => ({
        portfolio,
        type: portfolio === 'R' ? '18' : '00',
        opened: '2012-03-01',
        months,
      })),
    )
    await promoteChampion(w, model)
  })
  after(() => w.dispose())

  it('does not give "months since the last delinquency" as a key factor', async () => {
    const late = model.attributes.find((a) => a.name === LATE)!
    const [missingBin, ...realBins] = [...late.bins].reverse()
    assert.ok(
      realBins.some((b) => b.points > missingBin!.points),
      'the model scores "never late" below a real bin, as training may',
    )
    const res = await w.http.inject({
      method: 'GET',
      url: '/v1/me/score',
      headers: w.as({ kind: 'consumer', id: key, roles: [] }),
    })
    assert.equal(res.statusCode, 200, res.body)
    const own = res.json<ConsumerScore>()
    assert.ok(own.score !== null, own.message)
    assert.equal(own.score.segment, 'thick')
    assert.deepEqual(
      own.score.reasons.filter((r) => r.attribute === LATE),
      [],
      JSON.stringify(own.score.reasons),
    )
  })
})
