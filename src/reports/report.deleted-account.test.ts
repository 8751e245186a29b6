// An account its furnisher deleted (Account Status DA or DF, CRRG: delete the account) is no account of the
// consumer's: it is not shown, and it does not make its furnisher one the consumer "has an account with" for an
// account review or a collection (FCRA §604(a)(3)(A)), nor let that furnisher through a security freeze
// (§605A(i)(4)(A)). Ingestion now removes such accounts; rows stored before it did remain.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { openReportFixture, type ReportFixture } from './report.fixture.ts'
import { reportRequests } from './report.requests.fixture.ts'

describe('a deleted account left on file', () => {
  let f: ReportFixture
  before(async () => {
    f = await openReportFixture()
    // One of Alice's accounts as bank B would have furnished it, then deleted it as fraudulent (DF).
    await sql`create temporary table left_over as
      select * from tradelines where consumer_key = ${f.consumers.alice} limit 1`.execute(f.db.kysely)
    await sql`update left_over set tradeline_id = gen_random_uuid(), furnisher_id = 'bank-b',
      account_number = 'OLD-DF-1', account_status = 'DF'`.execute(f.db.kysely)
    await sql`insert into tradelines select * from left_over`.execute(f.db.kysely)
    await sql`drop table left_over`.execute(f.db.kysely)
  })
  after(() => f.dispose())

  const { ask, alice, lastRefusal } = reportRequests(() => f)

  it('does not let its furnisher make an account review of the file', async () => {
    const review = await ask('bankB', { ...alice, purpose: 'account_review' })
    assert.equal(review.statusCode, 404)
    assert.match((await lastRefusal()).reason!, /holds no account with bank-b/)
  })

  it('does not let its furnisher through a security freeze', async () => {
    const freeze = await f.app.inject({ method: 'POST', url: '/v1/me/freeze', headers: f.as('alice') })
    assert.equal(freeze.statusCode, 201, freeze.body)
    try {
      const review = await ask('bankB', { ...alice, purpose: 'account_review' })
      assert.equal(review.statusCode, 404)
      assert.match((await lastRefusal()).reason!, /^file frozen: .*holds no account with bank-b$/)
      // The furnisher of a live account still makes its review (§605A(i)(4)(A)).
      assert.equal((await ask('bankA', { ...alice, purpose: 'account_review' })).statusCode, 200)
    } finally {
      await f.app.inject({ method: 'DELETE', url: '/v1/me/freeze', headers: f.as('alice') })
    }
  })
})
