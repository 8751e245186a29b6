import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { computeAttributes, type LenderReport } from './index.ts'
import { openReportFixture, SSN, type ReportFixture } from './report.fixture.ts'

describe('attribute inputs', () => {
  let f: ReportFixture
  before(async () => {
    f = await openReportFixture()
  })
  after(() => f.dispose())

  it('reads every snapshot, the static facts and the inquiries of one consumer', async () => {
    const alice = await f.reports.attributeInputs(f.consumers.alice)
    assert.equal(alice.snapshots.length, 6, 'three accounts, two months')
    assert.deepEqual([...new Set(alice.snapshots.map((s) => s.asOf))].sort(), ['2024-05-31', '2024-06-30'])
    assert.deepEqual(
      alice.facts.map((x) => [x.portfolioType, x.accountType, x.alternativePayment, x.furnisherId]).sort(),
      [
        ['I', '00', false, 'bank-a'],
        ['O', '4D', true, 'bank-a'],
        ['R', '18', false, 'bank-a'],
      ],
    )
    // What the retention rule reads (obsolete.ts), as last reported: the card's row.
    assert.deepEqual(alice.facts.find((x) => x.accountType === '18')?.retention, {
      account_status: '11',
      payment_rating: '',
      account_type: '18',
      current_balance: 1500,
      date_first_delinquency: null,
      date_closed: null,
      date_last_payment: '2024-05-10',
    })
    assert.deepEqual(alice.inquiries, [])
    const res = await f.app.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: f.as('bankB'),
      payload: { nationalId: { type: 'us-ssn', value: SSN.alice }, purpose: 'credit_application' },
    })
    const report = res.json<LenderReport>()
    const after = await f.reports.attributeInputs(f.consumers.alice)
    assert.deepEqual(
      after.inquiries.map((q) => [q.memberId, q.purpose, q.hard, q.at]),
      [['bank-b', 'credit_application', true, report.generatedAt]],
    )
    // The report's summary is computeAttributes over these inputs, as of the report's day (before its own inquiry).
    const v = computeAttributes(alice.snapshots, alice.facts, alice.inquiries, report.summary.asOf)
    assert.deepEqual(report.summary.attributes, v)
  })

  it('reads many consumers in one go, each as it reads alone, and nothing for an unknown one', async () => {
    const unknown = randomUUID()
    const many = await f.reports.attributeInputsForMany([f.consumers.alice, f.consumers.bob, unknown])
    assert.deepEqual([...many.keys()], [f.consumers.alice, f.consumers.bob, unknown])
    for (const key of [f.consumers.alice, f.consumers.bob]) {
      assert.deepEqual(many.get(key), await f.reports.attributeInputs(key))
    }
    assert.equal(many.get(f.consumers.bob)?.snapshots.length, 2)
    assert.deepEqual(many.get(unknown), { snapshots: [], facts: [], inquiries: [] })
    assert.deepEqual(await f.reports.attributeInputsForMany([]), new Map())
  })
})
