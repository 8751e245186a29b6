// Re-aging of an account last reported paid or closed (13) or transferred (05) with a late Payment Rating (CRRG
// field 17B: 1-6, G, L): its Date of First Delinquency was required then (CRRG field 25, hierarchy rule 2) and may
// not move later while the account is not brought current (FCRA §623(a)(5)). Found by probing: a June report of
// 13, rating 1, DOFD 2024-06-05, then July's with the DOFD moved to 2024-07-05, was accepted.
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { BaseSegment, DataRecord } from '../metro2/index.ts'
import { openIngestTestbed, singleRecord, type Applied, type IngestTestbed } from './ingest.fixture.ts'

const errors = (r: Applied) => r.issues.filter((i) => i.severity === 'error').map((i) => i.rule)

/** Account Y, closed in June with a balance of 0, bent by `base`. */
const y = (base: Partial<BaseSegment>): DataRecord => {
  const r = singleRecord('RA-Y')
  return {
    ...r,
    base: {
      ...r.base,
      dateAccountInformation: '2024-06-30',
      dateLastPayment: '2024-06-20',
      dateClosed: '2024-06-20',
      currentBalance: 0,
      scheduledMonthlyPaymentAmount: 0,
      paymentHistoryProfile: '0000000000000BBBBBBBBBBB',
      ...base,
    },
  }
}

describe('the DOFD of an account last reported 05 or 13 with a late Payment Rating', () => {
  let t: IngestTestbed
  beforeEach(async () => (t = await openIngestTestbed('2024-08-15T12:00:00Z')))
  afterEach(() => t.db.dispose())

  const july = (status: string, rating: string, dofd: string) =>
    y({
      accountStatus: status,
      paymentRating: rating,
      dateFirstDelinquency: dofd,
      dateAccountInformation: '2024-07-31',
      paymentHistoryProfile: '10000000000000BBBBBBBBBB',
    })

  for (const status of ['13', '05']) {
    it(`may not move later the month after (status ${status}, rating 1)`, async () => {
      const june = await t.ingest(
        [y({ accountStatus: status, paymentRating: '1', dateFirstDelinquency: '2024-06-05' })],
        '2024-06-30',
      )
      assert.deepEqual(errors(june), [])
      const next = await t.ingest([july(status, '1', '2024-07-05')], '2024-07-31')
      assert.deepEqual(errors(next), ['mom.reaging'])
      const same = await t.ingest([july(status, '1', '2024-06-05')], '2024-07-31')
      assert.deepEqual(errors(same), [])
    })
  }

  it('may start over after a report rated current (0): the account was brought current', async () => {
    // Paid current in June after an earlier delinquency, whose DOFD it still carries; late again in July.
    const june = await t.ingest(
      [y({ accountStatus: '13', paymentRating: '0', dateFirstDelinquency: '2024-04-05' })],
      '2024-06-30',
    )
    assert.deepEqual(errors(june), [])
    const again = july('13', '1', '2024-07-05')
    const next = await t.ingest(
      [{ ...again, base: { ...again.base, paymentHistoryProfile: '00000000000000BBBBBBBBBB' } }],
      '2024-07-31',
    )
    assert.deepEqual(errors(next), [])
  })
})
