// What the report tests ask and read back over a ReportFixture: a report through the route (every 200 checked
// against the published schema, since the route writes its report unchecked: typedSuccess), Alice's
// identifiers, her inquiries, the last refusal, and a profile in force for the length of a test.
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import type { JurisdictionCode } from '../config.ts'
import { SSN, type ReportFixture } from './report.fixture.ts'
import { lenderReportSchema } from './report.model.ts'

export function reportRequests(fixture: () => ReportFixture) {
  const ask = async (who: Parameters<ReportFixture['as']>[0], body: object) => {
    const f = fixture()
    const res = await f.app.inject({ method: 'POST', url: '/v1/reports', headers: f.as(who), payload: body })
    if (res.statusCode === 200) {
      const report: unknown = res.json()
      assert.deepEqual(lenderReportSchema.parse(report), report)
    }
    return res
  }
  const inquiryRows = async () => {
    const f = fixture()
    return (
      await sql<{ member_id: string; purpose: string; hard: boolean; consent_id: string | null }>`
        select member_id, purpose, hard, consent_id from inquiries where consumer_key = ${f.consumers.alice}
        order by at, inquiry_id`.execute(f.db.kysely)
    ).rows
  }
  return {
    ask,
    alice: { nationalId: { type: 'us-ssn', value: SSN.alice } },
    lastRefusal: async () => (await fixture().events('report.refused'))[0]!,
    inquiryRows,
    /** Runs `test` under the jurisdiction profile `code`, then puts US-FCRA back whatever happened. */
    underProfile: async (code: JurisdictionCode, test: () => Promise<void>): Promise<void> => {
      await fixture().setProfile(code)
      try {
        await test()
      } finally {
        await fixture().setProfile('US-FCRA')
      }
    },
  }
}
