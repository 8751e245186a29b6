// A consent must still be valid when its use is made and the data released, not only when the request came in:
// a report that waits (for the pool, for the report ahead of it under the same consent) past the consent's
// valid_to is refused, and its use is made at the time it is made.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { AppError } from '../platform/errors.ts'
import { createReportsModule } from './index.ts'
import { openReportFixture, type ReportFixture } from './report.fixture.ts'
import { reportRequests } from './report.requests.fixture.ts'

describe('a report whose consent runs out while it is answered', () => {
  let f: ReportFixture
  before(async () => {
    f = await openReportFixture()
  })
  after(() => f.dispose())

  const { alice, inquiryRows, lastRefusal, underProfile } = reportRequests(() => f)
  const consentRow = async (consentId: string) =>
    (
      await sql<{ uses: number; valid_to: Date; updated_at: Date }>`
        select uses, valid_to, updated_at from consents where consent_id = ${consentId}`.execute(f.db.kysely)
    ).rows[0]!

  /** A report service whose clock reads `first` when the request comes in and `later` at every reading after. */
  const reportsAt = (first: Date, later: Date) => {
    let readings = 0
    return createReportsModule(f.db, {
      ...f.reportDeps,
      clock: () => (readings++ === 0 ? first : later),
      refusalFloorMs: 0,
    }).reports
  }

  it('refuses a report whose consent expired between the request and the use, and records nothing of it', async () => {
    await underProfile('CN-PBOC', async () => {
      const consentId = await f.grant({ purpose: 'account_review', categories: ['accounts'] })
      const { valid_to: validTo } = await consentRow(consentId)
      const reports = reportsAt(new Date(validTo.getTime() - 1_000), new Date(validTo.getTime() + 1))
      const before = (await inquiryRows()).length
      await assert.rejects(
        reports.request(f.principals.bankA, { ...alice, purpose: 'account_review', consentId }),
        (e: unknown) => e instanceof AppError && e.code === 'not_found',
      )
      assert.equal((await inquiryRows()).length, before)
      assert.equal((await consentRow(consentId)).uses, 0)
      assert.equal((await lastRefusal()).reason, `consent ${consentId} expired on ${validTo.toISOString()}`)
    })
  })

  it('makes the use, and records it, at the time it is made', async () => {
    await underProfile('CN-PBOC', async () => {
      const consentId = await f.grant({ purpose: 'account_review', categories: ['accounts'] })
      const { valid_to: validTo } = await consentRow(consentId)
      const usedAt = new Date(validTo.getTime() - 1_000)
      const reports = reportsAt(new Date(validTo.getTime() - 5_000), usedAt)
      await reports.request(f.principals.bankA, { ...alice, purpose: 'account_review', consentId })
      const row = await consentRow(consentId)
      assert.equal(row.uses, 1)
      assert.equal(row.updated_at.toISOString(), usedAt.toISOString())
      const { rows: events } = await sql<{ at: Date }>`
        select at from consent_events where consent_id = ${consentId} and action = 'use'`.execute(f.db.kysely)
      assert.deepEqual(
        events.map((e) => e.at.toISOString()),
        [usedAt.toISOString()],
      )
    })
  })
})
