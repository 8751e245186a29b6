import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  ALICE_DEMOGRAPHICS,
  openReportFixture,
  SSN,
  TWIN_DEMOGRAPHICS,
  type ReportFixture,
} from './report.fixture.ts'
import type { ConsumerInquiry, LenderReport, MemberInquiry } from './index.ts'
import { reportRequests } from './report.requests.fixture.ts'

const NOT_FOUND_BODY = {
  error: { code: 'not_found', message: 'no report is available for these identifiers' },
}

describe('POST /v1/reports', () => {
  let f: ReportFixture
  before(async () => {
    f = await openReportFixture()
  })
  after(() => f.dispose())

  const { ask, alice, lastRefusal, inquiryRows } = reportRequests(() => f)

  it('gives a US-FCRA credit application without consent every category and records a hard inquiry', async () => {
    const res = await ask('bankA', { ...alice, purpose: 'credit_application' })
    assert.equal(res.statusCode, 200, res.body)
    const r = res.json<LenderReport>()
    assert.deepEqual(r.match, { method: 'id_token' })
    assert.equal(r.consumerKey, f.consumers.alice)
    assert.equal(r.legalGround, 'FCRA §604(a)(3)(A)')
    assert.equal(r.consent, null)
    assert.deepEqual(r.inquiry, { id: r.reportId, hard: true })
    assert.deepEqual(r.categories, [
      'identity',
      'accounts',
      'payment_history',
      'public_records',
      'inquiries',
      'alternative_payments',
    ])
    const name = r.identity?.names[0]
    assert.ok(name?.readable && name.value.surname === 'DOE' && name.value.firstName === 'ALICE')
    assert.equal(r.identity?.birthDates[0]?.readable && r.identity.birthDates[0].value, '1980-06-01')
    assert.deepEqual(
      r.tradelines?.map((t) => [t.accountNumber.slice(-3), t.alternativePayment]).sort(),
      [
        ['D-1', false],
        ['O-1', false],
        ['E-1', true],
      ].sort(),
    )
    const card = r.tradelines.find((t) => t.accountType.code === '18')!
    assert.deepEqual(
      card.paymentGrid?.slice(0, 5).map((m) => `${m.month}:${m.code}`),
      ['2024-06:0', '2024-05:0', '2024-04:0', '2024-03:0', '2024-02:1'],
    )
    assert.equal(card.dates.firstDelinquency, null)
    assert.equal(r.summary.openAccounts, 2)
    assert.deepEqual(r.summary.byType?.revolving, { open: 1, all: 1, balance: 1500, limit: 5000 })
    assert.equal(r.summary.revolvingUtilisation, 0.3)
    assert.deepEqual(r.summary.worstStatus24m, { scale: 1, text: '30-59 days late' })
    assert.equal(r.summary.monthsSinceLastDelinquency, 5)
    assert.equal(r.summary.oldestAccountAgeMonths, 63)
    assert.equal(r.summary.hardInquiries12m, 0)
    assert.equal(r.summary.attributes['alternative_on_time_share'], 1)
    assert.deepEqual(r.inquiries, [])
    assert.deepEqual(r.publicRecords, [])
    assert.deepEqual(r.alerts, [])
    assert.deepEqual(await inquiryRows(), [
      { member_id: 'bank-a', purpose: 'credit_application', hard: true, consent_id: null },
    ])
    const [read] = await f.events('report.read')
    assert.equal(read?.consumerKey, f.consumers.alice)
    assert.equal(read?.actorId, 'bank-a')
    assert.equal(read?.purpose, 'credit_application')
    assert.equal(read?.details['legalGround'], 'FCRA §604(a)(3)(A)')
    assert.equal(read?.details['consentId'], null)
  })

  it('matches by name, birth date and postcode, and treats an ambiguous match as not found', async () => {
    const res = await ask('bankA', { ...ALICE_DEMOGRAPHICS, purpose: 'account_review' })
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(res.json<LenderReport>().match, { method: 'name_birth_postcode' })
    assert.equal(res.json<LenderReport>().inquiry.hard, false)
    const twins = await ask('bankA', { ...TWIN_DEMOGRAPHICS, purpose: 'account_review' })
    assert.deepEqual([twins.statusCode, { error: twins.json().error }], [404, NOT_FOUND_BODY])
    assert.match((await lastRefusal()).reason!, /match 2 consumers/)
  })

  it('answers a refused report byte for byte as an unknown consumer, but for the request id', async () => {
    const unknown = await ask('bankA', {
      nationalId: { type: 'us-ssn', value: SSN.nobody },
      purpose: 'credit_application',
    })
    const refused = await ask('suspended', { ...alice, purpose: 'credit_application' })
    const noPurpose = await ask('bankA', alice)
    const strip = (body: string, id: unknown) => body.replace(String(id), '<id>')
    for (const res of [unknown, refused, noPurpose]) {
      assert.equal(res.statusCode, 404)
      assert.equal(
        strip(res.body, res.headers['x-request-id']),
        strip(unknown.body, unknown.headers['x-request-id']),
      )
      assert.equal(res.headers['content-length'], unknown.headers['content-length'])
    }
    assert.deepEqual({ error: unknown.json().error }, NOT_FOUND_BODY)
    const [noPurposeEvent, suspendedEvent, unknownEvent] = await f.events('report.refused')
    assert.equal(noPurposeEvent?.reason, 'no purpose was given')
    assert.equal(suspendedEvent?.reason, 'member bank-c is suspended')
    assert.equal(suspendedEvent?.consumerKey, f.consumers.alice)
    assert.equal(unknownEvent?.reason, 'no consumer holds this national ID')
    assert.equal(unknownEvent?.consumerKey, null)
  })

  it('refuses a member without the user role, recording why', async () => {
    const res = await ask('furnisherOnly', { ...alice, purpose: 'credit_application' })
    assert.deepEqual([res.statusCode, { error: res.json().error }], [404, NOT_FOUND_BODY])
    assert.equal((await lastRefusal()).reason, 'member util-x does not have the user role')
  })

  it('refuses under CN-PBOC without consent and says so in the audit log', async () => {
    await f.setProfile('CN-PBOC')
    try {
      const before = (await inquiryRows()).length
      const res = await ask('bankA', { ...alice, purpose: 'credit_application' })
      assert.deepEqual([res.statusCode, { error: res.json().error }], [404, NOT_FOUND_BODY])
      const refusal = await lastRefusal()
      assert.equal(
        refusal.reason,
        'CN-PBOC requires consent for credit_application: no usable consent of this member',
      )
      assert.equal(refusal.consumerKey, f.consumers.alice)
      const [check] = await f.events('consent.checked')
      assert.equal(check?.outcome, 'refused')
      assert.equal((await inquiryRows()).length, before, 'no inquiry for a refused report')
    } finally {
      await f.setProfile('US-FCRA')
    }
  })

  it('releases only the categories of the consent: accounts alone means no identity, payment history or inquiries', async () => {
    await f.setProfile('CN-PBOC')
    try {
      const consentId = await f.grant({ purpose: 'credit_application', categories: ['accounts'] })
      const res = await ask('bankA', { ...alice, purpose: 'credit_application', consentId })
      assert.equal(res.statusCode, 200, res.body)
      const r = res.json<LenderReport>()
      assert.deepEqual(r.categories, ['accounts'])
      assert.equal(r.consent?.id, consentId)
      assert.match(r.legalGround, new RegExp(`consent ${consentId}$`))
      for (const key of ['identity', 'inquiries', 'publicRecords'] as const)
        assert.equal(key in r, false, key)
      assert.deepEqual(
        r.tradelines?.map((t) => t.alternativePayment),
        [false, false],
      )
      // How the accounts were paid is payment history: no status, rating, amount past due, charged off or paid,
      // no date of the last payment.
      for (const t of r.tradelines) {
        assert.equal('paymentGrid' in t, false)
        assert.deepEqual(Object.keys(t.dates).sort(), ['accountInformation', 'closed', 'opened'])
        assert.equal('status' in t, false)
        assert.deepEqual(Object.keys(t.amounts).sort(), [
          'balance',
          'creditLimit',
          'highestCredit',
          'scheduledPayment',
        ])
      }
      for (const key of ['past_due_amount', 'currently_delinquent_accounts', 'charge_offs'])
        assert.equal(key in r.summary.attributes, false, key)
      assert.equal(r.summary.openAccounts, 2)
      for (const key of ['worstStatus24m', 'monthsSinceLastDelinquency', 'hardInquiries12m'] as const)
        assert.equal(key in r.summary, false, key)
      assert.equal('worst_status_24m' in r.summary.attributes, false)
      assert.equal('hard_inquiries_12m' in r.summary.attributes, false)
      assert.equal(r.summary.attributes['open_accounts'], 2)
      assert.doesNotMatch(res.body, /ALICE|1980-06-01|SPRINGFIELD/)
      assert.equal((await inquiryRows()).at(-1)?.consent_id, consentId)
      const [read] = await f.events('report.read')
      assert.equal(read?.details['consentId'], consentId)
      assert.deepEqual(read?.details['categories'], ['accounts'])
    } finally {
      await f.setProfile('US-FCRA')
    }
  })

  it('spends a usable consent of the member when none is presented, and names it', async () => {
    await f.setProfile('CN-PBOC')
    try {
      const consentId = await f.grant({ purpose: 'employment', categories: ['accounts'] })
      const res = await ask('bankA', { ...alice, purpose: 'employment' })
      assert.equal(res.statusCode, 200, res.body)
      assert.equal(res.json<LenderReport>().consent?.id, consentId)
      assert.equal((await inquiryRows()).at(-1)?.consent_id, consentId)
      const other = await ask('bankA', { ...alice, purpose: 'account_review' })
      assert.equal(other.statusCode, 404)
      assert.match((await lastRefusal()).reason!, /no usable consent of this member/)
    } finally {
      await f.setProfile('US-FCRA')
    }
  })

  it('serves a view-once consent once, then answers not found', async () => {
    await f.setProfile('CN-PBOC')
    try {
      const consentId = await f.grant({
        purpose: 'account_review',
        categories: ['accounts', 'alternative_payments'],
        mode: 'view_once',
      })
      const body = { ...alice, purpose: 'account_review', consentId }
      const first = await ask('bankA', body)
      assert.equal(first.statusCode, 200, first.body)
      assert.equal(first.json<LenderReport>().tradelines?.filter((t) => t.alternativePayment).length, 1)
      const second = await ask('bankA', body)
      assert.deepEqual([second.statusCode, { error: second.json().error }], [404, NOT_FOUND_BODY])
      assert.match((await lastRefusal()).reason!, /has no uses left/)
    } finally {
      await f.setProfile('US-FCRA')
    }
  })

  it('shows the consumer every inquiry with its member, purpose, legal ground and consent', async () => {
    const res = await f.app.inject({ url: '/v1/me/inquiries', headers: f.as('alice') })
    assert.equal(res.statusCode, 200)
    const list = res.json<{ inquiries: ConsumerInquiry[] }>().inquiries
    const rows = await inquiryRows()
    assert.equal(list.length, rows.length)
    const withConsent = list.find((q) => q.consentId !== null)!
    assert.deepEqual(withConsent.member, { id: 'bank-a', name: 'Bank A' })
    assert.match(withConsent.legalGround, /征信业管理条例.*consent/)
    assert.ok(
      list.some((q) => !q.hard && q.purpose === 'account_review'),
      'soft inquiries too',
    )
    assert.ok(list.some((q) => q.hard && q.legalGround === 'FCRA §604(a)(3)(A)'))
    const bob = await f.app.inject({ url: '/v1/me/inquiries', headers: f.as('bob') })
    assert.deepEqual(bob.json(), { inquiries: [] })
    const member = await f.app.inject({ url: '/v1/me/inquiries', headers: f.as('bankA') })
    assert.equal(member.statusCode, 403)
  })

  it('shows a lender every earlier hard inquiry, its own included, never soft ones, as it counts them', async () => {
    assert.equal((await ask('bankA', { ...alice, purpose: 'account_review' })).statusCode, 200)
    assert.equal((await ask('bankB', { ...alice, purpose: 'credit_application' })).statusCode, 200)
    const r = (await ask('bankA', { ...alice, purpose: 'credit_application' })).json<LenderReport>()
    assert.deepEqual(
      r.inquiries?.map((q) => `${q.member.id}:${q.purpose}`),
      ['bank-b:credit_application', 'bank-a:credit_application', 'bank-a:credit_application'],
    )
    assert.equal(r.summary.hardInquiries12m, 3, 'bank-a earlier (2) and bank-b (1); soft ones not counted')
    const own = await f.app.inject({ url: '/v1/inquiries', headers: f.as('bankB') })
    const mine = own.json<{ inquiries: MemberInquiry[] }>().inquiries
    assert.deepEqual(
      mine.map((q) => [q.consumerKey, q.purpose, q.hard]),
      [[f.consumers.alice, 'credit_application', true]],
    )
  })

  it('refuses an account review or a collection to a member that holds no account on the file', async () => {
    for (const purpose of ['account_review', 'collection'] as const) {
      const stranger = await ask('bankB', { ...alice, purpose })
      assert.deepEqual(
        [stranger.statusCode, { error: stranger.json().error }],
        [404, NOT_FOUND_BODY],
        purpose,
      )
      assert.match(
        (await lastRefusal()).reason!,
        new RegExp(`^the consumer holds no account with bank-b, so it has no ${purpose} to make`),
      )
      assert.equal(
        (await ask('bankA', { ...alice, purpose })).statusCode,
        200,
        'bank A furnishes her accounts',
      )
    }
  })

  it('refuses credit applications on a frozen file, and account reviews but by a member holding an account', async () => {
    assert.equal(
      (await f.app.inject({ method: 'POST', url: '/v1/me/freeze', headers: f.as('alice') })).statusCode,
      201,
    )
    try {
      const frozen = await ask('bankB', { ...alice, purpose: 'credit_application' })
      assert.deepEqual([frozen.statusCode, { error: frozen.json().error }], [404, NOT_FOUND_BODY])
      assert.match((await lastRefusal()).reason!, /^file frozen/)
      const review = await ask('bankA', { ...alice, purpose: 'account_review' })
      assert.equal(review.statusCode, 200, 'bank A furnishes her accounts (FCRA §605A(i)(4)(A))')
      for (const purpose of ['account_review', 'collection'] as const) {
        const stranger = await ask('bankB', { ...alice, purpose })
        assert.deepEqual(
          [stranger.statusCode, { error: stranger.json().error }],
          [404, NOT_FOUND_BODY],
          purpose,
        )
        assert.match(
          (await lastRefusal()).reason!,
          /^file frozen: .*the consumer holds no account with bank-b$/,
        )
      }
      // A temporary lift (FCRA §605A(i)(3)(C)) lets the application through; freezing again ends it.
      const me = { headers: f.as('alice'), url: '/v1/me/freeze' }
      const until = new Date(f.clock.now.getTime() + 3_600_000).toISOString()
      const lift = await f.app.inject({
        ...me,
        method: 'POST',
        url: `${me.url}/temporary-lift`,
        payload: { until },
      })
      assert.equal(lift.statusCode, 200, lift.body)
      assert.equal((await ask('bankB', { ...alice, purpose: 'credit_application' })).statusCode, 200)
      assert.equal((await f.app.inject({ ...me, method: 'POST' })).statusCode, 200)
      assert.equal((await ask('bankB', { ...alice, purpose: 'credit_application' })).statusCode, 404)
      assert.match((await lastRefusal()).reason!, /^file frozen/)
    } finally {
      await f.app.inject({ method: 'DELETE', url: '/v1/me/freeze', headers: f.as('alice') })
    }
    assert.equal((await ask('bankB', { ...alice, purpose: 'credit_application' })).statusCode, 200)
  })

  it('shows the fraud alerts in force in every report', async () => {
    const placed = await f.app.inject({
      method: 'POST',
      url: '/v1/me/alerts',
      headers: f.as('alice'),
      payload: { kind: 'initial' },
    })
    assert.equal(placed.statusCode, 201)
    const r = (await ask('bankA', { ...alice, purpose: 'account_review' })).json<LenderReport>()
    assert.deepEqual(
      r.alerts.map((a) => [a.id, a.kind, a.status]),
      [[placed.json().id, 'initial', 'active']],
    )
    assert.match(r.alerts[0]!.notice, /§605A\(h\)/)
    await f.app.inject({ method: 'DELETE', url: `/v1/me/alerts/${placed.json().id}`, headers: f.as('alice') })
    const after = (await ask('bankA', { ...alice, purpose: 'account_review' })).json<LenderReport>()
    assert.deepEqual(after.alerts, [])
  })

  it('serves reports concurrently, each with its inquiry and one audit event, the chain intact', async () => {
    const before = (await inquiryRows()).length
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        ask(i % 2 ? 'bankA' : 'bankB', { ...alice, purpose: i % 2 ? 'account_review' : 'tenancy' }),
      ),
    )
    assert.deepEqual(new Set(answers.map((a) => a.statusCode)), new Set([200]))
    assert.equal((await inquiryRows()).length, before + 24)
    const reads = await f.events('report.read')
    for (const a of answers) {
      const id = a.json<LenderReport>().reportId
      assert.equal(reads.filter((e) => e.target === id).length, 1, id)
    }
    const verified = await f.audit.verify()
    assert.equal(verified.ok, true)
  })

  it('documents the routes with their security and schemas', async () => {
    const doc = (await f.app.inject({ url: '/openapi.json' })).json()
    assert.deepEqual(doc.paths['/v1/reports'].post.security, [{ memberApiKey: [] }])
    assert.deepEqual(doc.paths['/v1/me/inquiries'].get.security, [{ consumerSession: [] }])
    assert.deepEqual(doc.paths['/v1/inquiries'].get.security, [{ memberApiKey: [] }])
    assert.deepEqual(doc.paths['/v1/me/freeze'].post.security, [{ consumerSession: [] }])
    assert.ok(doc.paths['/v1/reports'].post.responses['404'])
    assert.match(JSON.stringify(doc.components.schemas.LenderReport), /holds no public records yet/)
    const bad = await ask('bankA', { purpose: 'credit_application' })
    assert.equal(bad.statusCode, 400)
    const extra = await ask('bankA', { ...alice, purpose: 'credit_application', merchant: 'x' })
    assert.deepEqual(extra.json().error.details, [{ path: 'body.merchant', message: 'unknown field' }])
    const attributes = (await f.app.inject({ url: '/v1/attributes', headers: f.as('bankA') })).json()
    assert.ok(attributes.attributes.length >= 30)
  })
})
