// Reports that race for one consent: in one process they take turns (report.service.ts), across processes the
// consent's use requires the count its report read, and the report that lost the race makes its use again.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createReportsModule, type LenderReport } from './index.ts'
import { openReportFixture, type ReportFixture } from './report.fixture.ts'
import { reportRequests } from './report.requests.fixture.ts'

describe('reports racing for one consent', () => {
  let f: ReportFixture
  before(async () => {
    f = await openReportFixture()
  })
  after(() => f.dispose())

  const { ask, alice, lastRefusal, inquiryRows, underProfile } = reportRequests(() => f)
  const usesOf = async (consentId: string) =>
    (
      await sql<{ uses: number }>`select uses from consents where consent_id = ${consentId}`.execute(
        f.db.kysely,
      )
    ).rows
  /**
   * A report service as another API process would have it (its own turns per consent), counting the uses it
   * makes again after losing a race: spendConsent without the use count its report read.
   */
  const apiProcess = () => {
    const counted = { again: 0 }
    const { consent } = f.reportDeps
    const reports = createReportsModule(f.db, {
      ...f.reportDeps,
      consent: {
        profileRead: () => consent.profileRead(),
        candidatesRead: (c) => consent.candidatesRead(c),
        unusableReason: (c, code) => consent.unusableReason(c, code),
        spendConsent: (s) => {
          if (s.expectedUses === undefined) counted.again++
          return consent.spendConsent(s)
        },
      },
    }).reports
    const report = (consentId: string) =>
      reports.request(f.principals.bankA, { ...alice, purpose: 'account_review', consentId }).then(
        (r: LenderReport) => ({ ok: true as const, report: r }),
        (e: unknown) => ({ ok: false as const, error: e }),
      )
    return { report, counted }
  }

  it('serves a view-once consent to one of two reports that race for it, and records only that one', async () => {
    await underProfile('CN-PBOC', async () => {
      const consentId = await f.grant({
        purpose: 'account_review',
        categories: ['accounts'],
        mode: 'view_once',
      })
      const before = (await inquiryRows()).length
      const body = { ...alice, purpose: 'account_review', consentId }
      const answers = await Promise.all([ask('bankA', body), ask('bankA', body)])
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 404])
      const rows = await inquiryRows()
      assert.equal(rows.length, before + 1)
      assert.equal(rows.filter((q) => q.consent_id === consentId).length, 1)
      assert.match((await lastRefusal()).reason!, /has no uses left|spent by a concurrent read/)
    })
  })

  it('serves reports that race for the same consent, each recording the use count that it left', async () => {
    await underProfile('CN-PBOC', async () => {
      const consentId = await f.grant({ purpose: 'account_review', categories: ['accounts'] })
      const body = { ...alice, purpose: 'account_review', consentId }
      const answers = await Promise.all([ask('bankA', body), ask('bankA', body), ask('bankA', body)])
      assert.deepEqual(
        answers.map((a) => a.statusCode),
        [200, 200, 200],
      )
      const { rows } = await sql<{ uses: number }>`
        select uses from consents where consent_id = ${consentId}`.execute(f.db.kysely)
      assert.deepEqual(rows, [{ uses: 3 }])
      const checks = (await f.events('consent.checked')).filter((e) => e.target === consentId)
      assert.deepEqual(checks.map((e) => e.details['uses']).sort(), [1, 2, 3])
      const reads = (await f.events('report.read')).filter((e) => e.details['consentId'] === consentId)
      assert.equal(reads.length, 3)
    })
  })

  it('serves reports that present no consent from the member’s other consents when the first is spent', async () => {
    await underProfile('CN-PBOC', async () => {
      const narrow = await f.grant({ purpose: 'tenancy', categories: ['accounts'], mode: 'view_once' })
      const wide = await f.grant({
        purpose: 'tenancy',
        categories: ['accounts', 'inquiries'],
        mode: 'view_once',
      })
      const before = (await inquiryRows()).length
      const body = { ...alice, purpose: 'tenancy' }
      const answers = await Promise.all([ask('bankA', body), ask('bankA', body), ask('bankA', body)])
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 200, 404])
      // Each answer is the one its consent allows: the inquiry, the categories and the read event name it.
      const served = answers.filter((a) => a.statusCode === 200).map((a) => a.json<LenderReport>())
      const byConsent = new Map(served.map((r) => [r.consent!.id, r]))
      assert.deepEqual([...byConsent.keys()].sort(), [narrow, wide].sort())
      assert.deepEqual(byConsent.get(narrow)!.categories, ['accounts'])
      assert.deepEqual([...byConsent.get(wide)!.categories].sort(), ['accounts', 'inquiries'])
      const rows = (await inquiryRows()).slice(before)
      assert.deepEqual(rows.map((q) => q.consent_id).sort(), [narrow, wide].sort())
      assert.deepEqual(await usesOf(narrow), [{ uses: 1 }])
      assert.deepEqual(await usesOf(wide), [{ uses: 1 }])
      // The third was refused for want of a usable consent, not for the one it never presented.
      const reason = (await lastRefusal()).reason!
      assert.ok(!reason.includes(narrow) && !reason.includes(wide), reason)
    })
  })

  it('lets reports under one consent take turns in one process: none loses a race and spends again', async () => {
    await underProfile('CN-PBOC', async () => {
      const consentId = await f.grant({ purpose: 'account_review', categories: ['accounts'] })
      const one = apiProcess()
      const outcomes = await Promise.all([1, 2, 3, 4].map(() => one.report(consentId)))
      assert.deepEqual(
        outcomes.map((o) => o.ok),
        [true, true, true, true],
      )
      assert.equal(one.counted.again, 0)
      assert.deepEqual(await usesOf(consentId), [{ uses: 4 }])
    })
  })

  it('serves reports that race for one consent from two processes, each recording the use count it left', async () => {
    await underProfile('CN-PBOC', async () => {
      const consentId = await f.grant({ purpose: 'account_review', categories: ['accounts'] })
      const [a, b] = [apiProcess(), apiProcess()]
      const outcomes = await Promise.all([
        a.report(consentId),
        b.report(consentId),
        a.report(consentId),
        b.report(consentId),
      ])
      assert.deepEqual(
        outcomes.map((o) => o.ok),
        [true, true, true, true],
      )
      // The processes raced: one of them lost at least once and made its use again as the consent stood.
      assert.ok(a.counted.again + b.counted.again >= 1)
      assert.deepEqual(await usesOf(consentId), [{ uses: 4 }])
      const checks = (await f.events('consent.checked')).filter((e) => e.target === consentId)
      assert.deepEqual(checks.map((e) => e.details['uses']).sort(), [1, 2, 3, 4])
      const reads = (await f.events('report.read')).filter((e) => e.details['consentId'] === consentId)
      assert.equal(reads.length, 4)
    })
  })

  it('serves a view-once consent to one report of two processes that race for it', async () => {
    await underProfile('CN-PBOC', async () => {
      const consentId = await f.grant({
        purpose: 'account_review',
        categories: ['accounts'],
        mode: 'view_once',
      })
      const before = (await inquiryRows()).length
      const outcomes = await Promise.all([apiProcess().report(consentId), apiProcess().report(consentId)])
      assert.deepEqual(outcomes.map((o) => o.ok).sort(), [false, true])
      assert.equal((await inquiryRows()).length, before + 1)
      assert.deepEqual(await usesOf(consentId), [{ uses: 1 }])
      assert.match((await lastRefusal()).reason!, /has no uses left|spent by a concurrent read/)
    })
  })
})
