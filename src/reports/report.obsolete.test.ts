import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createReportsModule, type LenderReport, type ReportScoreInput } from './index.ts'
import { openReportFixture, SSN, type ReportFixture } from './report.fixture.ts'
import { reportRequests } from './report.requests.fixture.ts'

// A lender's report under US-FCRA (7 years from the Date of First Delinquency) leaves out an obsolete
// charge-off: its tradeline, and the attributes computed from it; and the obsolete months of an account it keeps
// (obsolete-months.ts). The consumer's file keeps them all (obsolete.ts).
describe('POST /v1/reports: obsolete negative information', () => {
  let f: ReportFixture
  before(async () => {
    f = await openReportFixture()
  })
  after(() => f.dispose())

  const { ask, alice } = reportRequests(() => f)
  // Alice's auto loan, charged off (97) with the DOFD given, in its account and in every monthly snapshot.
  const chargeOff = async (dofd: string) => {
    const k = f.db.kysely
    const auto = sql`consumer_key = ${f.consumers.alice} and account_number like '%AUTO-1'`
    await sql`update tradelines set account_status = '97', date_first_delinquency = ${dofd} where ${auto}`.execute(
      k,
    )
    await sql`update tradeline_snapshots set account_status = '97', date_first_delinquency = ${dofd}
      where tradeline_id in (select tradeline_id from tradelines where ${auto})`.execute(k)
  }
  const report = async (): Promise<LenderReport> => {
    const res = await ask('bankA', { ...alice, purpose: 'credit_application' })
    assert.equal(res.statusCode, 200, res.body)
    return res.json<LenderReport>()
  }
  const autoIn = (r: LenderReport) => (r.tradelines ?? []).some((t) => t.accountNumber.endsWith('O-1'))

  it('reports a charge-off whose DOFD is six years before the report', async () => {
    await chargeOff('2018-07-01')
    const r = await report()
    assert.equal(autoIn(r), true)
    assert.equal(r.summary.attributes['charge_offs'], 1)
  })

  it('leaves out one whose DOFD is eight years before, while the consumer file still shows it', async () => {
    await chargeOff('2016-07-01')
    const r = await report()
    assert.equal(autoIn(r), false)
    assert.equal(r.tradelines?.length, 2)
    assert.equal(r.summary.attributes['charge_offs'], 0)
    // What GET /v1/me/file and `openbureau file` read.
    const file = await f.reports.files.byNationalId('us-ssn', SSN.alice)
    const auto = file.tradelines.find((t) => t.accountNumber.endsWith('O-1'))
    assert.equal(auto?.status.code, '97')
    assert.equal(auto.dates.firstDelinquency, '2016-07-01')
  })

  // Bob's one loan as the probe found it: 180 days late in February 2019 (DOFD 2018-09-15), then current when
  // next reported, in February 2024; or, for the grid, closed and paid in June 2019, its history showing the
  // delinquency.
  const bobAs = async (
    months: {
      asOf: string
      status: string
      rating?: string
      history: string
      dofd?: string
      closed?: string
    }[],
  ) => {
    const k = f.db.kysely
    const bob = sql`consumer_key = ${f.consumers.bob}`
    const [template] = (
      await sql<{ batch_id: string }>`select batch_id from tradeline_snapshots where ${bob} limit 1`.execute(
        k,
      )
    ).rows
    await sql`delete from tradeline_snapshots where ${bob}`.execute(k)
    for (const m of months) {
      await sql`insert into tradeline_snapshots (consumer_key, tradeline_id, as_of, batch_id, account_status,
          payment_rating, payment_history, special_comment, compliance_condition, credit_limit, highest_credit,
          scheduled_payment, actual_payment, current_balance, amount_past_due, original_charge_off,
          date_first_delinquency, date_closed, date_last_payment)
        select consumer_key, tradeline_id, ${m.asOf}::date, ${template!.batch_id}, ${m.status}, ${m.rating ?? ''},
          ${m.history}, '', '', credit_limit, highest_credit, scheduled_payment, actual_payment, current_balance,
          0, 0, ${m.dofd ?? null}::date, ${m.closed ?? null}::date, null
        from tradelines where ${bob}`.execute(k)
    }
    const last = months.at(-1)!
    await sql`update tradelines set as_of = ${last.asOf}::date, account_status = ${last.status},
        payment_rating = ${last.rating ?? ''}, payment_history = ${last.history},
        date_first_delinquency = ${last.dofd ?? null}::date, date_closed = ${last.closed ?? null}::date
      where ${bob}`.execute(k)
  }
  const LATE_2019 = {
    asOf: '2019-02-28',
    status: '84',
    history: '432100000000000000000000',
    dofd: '2018-09-15',
  }
  const bobReport = async (): Promise<LenderReport> => {
    f.clock.now = new Date('2026-12-07T09:00:00.000Z')
    const res = await ask('bankA', {
      nationalId: { type: 'us-ssn', value: SSN.bob },
      purpose: 'credit_application',
    })
    assert.equal(res.statusCode, 200, res.body)
    return res.json<LenderReport>()
  }

  it('counts no delinquency of an account kept whose DOFD is more than seven years old, nor scores it', async () => {
    await bobAs([LATE_2019, { asOf: '2024-02-29', status: '11', history: '0'.repeat(24) }])
    const r = await bobReport()
    assert.equal(r.tradelines?.length, 1, 'the account, current now, is reported')
    const { attributes } = r.summary
    // The probe's report said 6 and 94: the delinquency of 2018-2019, obsolete since 2025-09-15.
    assert.deepEqual(
      [attributes['worst_status_ever'], attributes['months_since_last_delinquency']],
      [0, null],
    )
    assert.equal(r.summary.monthsSinceLastDelinquency, null)
    // The scorer is given the attributes the report shows.
    const given: ReportScoreInput[] = []
    const { reports } = createReportsModule(f.db, {
      ...f.reportDeps,
      score: async (input) => {
        given.push(input)
        return undefined
      },
    })
    await reports.request(f.principals.bankA, {
      nationalId: { type: 'us-ssn', value: SSN.bob },
      purpose: 'credit_application',
    })
    assert.deepEqual(
      [given[0]?.attributes.worst_status_ever, given[0]?.attributes.months_since_last_delinquency],
      [0, null],
    )
  })

  it('shows the obsolete months of a closed account’s grid as no data, while the consumer’s file shows them', async () => {
    await bobAs([
      LATE_2019,
      {
        asOf: '2019-06-30',
        status: '13',
        rating: '0',
        history: '000643210000000000000000',
        closed: '2019-06-15',
      },
    ])
    const grid = (await bobReport()).tradelines?.[0]?.paymentGrid
      ?.slice(0, 9)
      .map((m) => `${m.month}:${m.code}`)
    assert.deepEqual(grid, [
      '2019-06:C',
      '2019-05:0',
      '2019-04:0',
      '2019-03:0',
      '2019-02:D',
      '2019-01:D',
      '2018-12:D',
      '2018-11:D',
      '2018-10:D',
    ])
    const file = await f.reports.files.byConsumerKey(f.consumers.bob)
    assert.deepEqual(
      file?.tradelines[0]?.paymentGrid.slice(4, 8).map((m) => m.code),
      ['6', '4', '3', '2'],
    )
  })
})
