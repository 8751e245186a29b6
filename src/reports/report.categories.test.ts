import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { LenderReport } from './index.ts'
import { openReportFixture, type ReportFixture } from './report.fixture.ts'
import { reportRequests } from './report.requests.fixture.ts'

// What a consent's categories release where payment history hides in other fields: the on-time share of bills,
// collection accounts, Special Comments and Consumer Information Indicators (report.build.ts).
describe('POST /v1/reports: payment history outside payment_history', () => {
  let f: ReportFixture
  before(async () => {
    f = await openReportFixture()
    await f.setProfile('CN-PBOC')
    // Alice's auto loan becomes a collection agency's account (type 48, status 93: in collection), and her card
    // carries a Special Comment (AU: settled for less), a bankruptcy indicator (E: Chapter 7 discharged) and a
    // dispute notice (XB).
    const k = f.db.kysely
    const alice = f.consumers.alice
    const auto = sql`consumer_key = ${alice} and account_number like '%AUTO-1'`
    await sql`update tradelines set portfolio_type = 'O', account_type = '48', account_status = '93'
      where ${auto}`.execute(k)
    await sql`update tradeline_snapshots set account_status = '93' where tradeline_id in
      (select tradeline_id from tradelines where ${auto})`.execute(k)
    await sql`update tradelines set special_comment = 'AU', consumer_info = 'E', compliance_condition = 'XB'
      where consumer_key = ${alice} and account_number like '%CARD-1'`.execute(k)
  })
  after(() => f.dispose())

  const { ask, alice } = reportRequests(() => f)
  const report = async (categories: string[]): Promise<LenderReport> => {
    const consentId = await f.grant({ purpose: 'credit_application', categories })
    const res = await ask('bankA', { ...alice, purpose: 'credit_application', consentId })
    assert.equal(res.statusCode, 200, res.body)
    return res.json<LenderReport>()
  }

  it('releases the share of bills paid on time only with alternative_payments and payment_history both', async () => {
    const alternative = (await report(['alternative_payments'])).summary.attributes
    assert.equal(alternative['alternative_payment_accounts'], 1)
    assert.equal('alternative_on_time_share' in alternative, false)
    const both = (await report(['alternative_payments', 'payment_history'])).summary.attributes
    assert.equal(both['alternative_on_time_share'], 1)
    const history = (await report(['payment_history'])).summary.attributes
    assert.equal('alternative_on_time_share' in history, false)
  })

  it('defines each attribute with every category it needs', async () => {
    const res = await f.app.inject({ url: '/v1/attributes', headers: f.as('bankA') })
    const defs = res.json<{ attributes: { name: string; categories: string[] }[] }>().attributes
    const of = (name: string) => defs.find((d) => d.name === name)?.categories
    assert.deepEqual(of('alternative_on_time_share'), ['alternative_payments', 'payment_history'])
    assert.deepEqual(of('open_accounts'), ['accounts'])
  })

  it('withholds collection accounts, Special Comments and bankruptcy indicators without payment_history', async () => {
    const r = await report(['accounts', 'public_records'])
    assert.deepEqual(
      r.tradelines?.map((t) => t.accountType.code),
      ['18'],
    )
    const [card] = r.tradelines
    assert.equal(card?.complianceCondition, 'XB', 'a dispute notice goes with its account')
    assert.equal(card && 'specialComment' in card, false)
    assert.equal(card && 'consumerInformationIndicator' in card, false)
    // Nor do the figures of the accounts category count the withheld account.
    assert.equal(r.summary.attributes['all_accounts'], 1)
    assert.deepEqual(r.summary.byType?.other, { open: 0, all: 0, balance: 0, limit: 0 })
    assert.deepEqual(r.summary.byType?.installment, { open: 0, all: 0, balance: 0, limit: 0 })
    assert.equal(r.summary.attributes['average_account_age_months'], 63)
  })

  it('releases them with payment_history', async () => {
    const r = await report(['accounts', 'payment_history'])
    assert.deepEqual(r.tradelines?.map((t) => t.accountType.code).sort(), ['18', '48'])
    const card = r.tradelines.find((t) => t.accountType.code === '18')
    assert.deepEqual(
      [card?.specialComment, card?.consumerInformationIndicator, card?.complianceCondition],
      ['AU', 'E', 'XB'],
    )
    assert.equal(r.summary.attributes['collections'], 1)
  })

  // The Account Status is payment history: counted as closed, a charged-off card without a Date Closed told an
  // accounts-only consent that it was charged off (attributes.ts, accountOf).
  it('gives an accounts-only consent the same report whatever the Account Status of an account', async () => {
    const card = sql`tradeline_id in (select tradeline_id from tradelines
      where consumer_key = ${f.consumers.alice} and account_number like '%CARD-1')`
    const withStatus = async (status: string) => {
      await sql`update tradelines set account_status = ${status} where ${card}`.execute(f.db.kysely)
      await sql`update tradeline_snapshots set account_status = ${status} where ${card}`.execute(f.db.kysely)
      const { summary, tradelines } = await report(['accounts'])
      return { summary, tradelines }
    }
    const current = await withStatus('11')
    assert.equal(current.tradelines?.[0]?.dates.closed, null)
    assert.equal(current.summary.openAccounts, 1)
    assert.deepEqual(await withStatus('97'), current, 'charged off')
    assert.deepEqual(await withStatus('84'), current, '180 days past due')
  })
})
