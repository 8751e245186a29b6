// K1-K4 segments kept on the tradeline and shown in the consumer file, from JSON Lines and Metro 2 alike; a later
// month without them restates the account without them.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { IngestResult } from './index.ts'
import { jointRecord, later, openIngestTestbed, type IngestTestbed } from './ingest.fixture.ts'
import { line, text } from './jsonl.fixture.ts'

const K1 = { originalCreditorName: 'ORIG BANK', creditorClassification: 2 }
const K4 = { specializedPaymentIndicator: 1, balloonPaymentDueDate: '2025-01-01', balloonPaymentAmount: 1000 }
const FUNDERS = [
  { funder: 'bank-a', share: 0.7 },
  { funder: 'bank-b', share: 0.3 },
]

describe('K segments on the tradeline', () => {
  let t: IngestTestbed
  before(async () => {
    t = await openIngestTestbed('2024-05-10T00:00:00Z', ['FURNISHER01', 'PAYPLAT01'])
  })
  after(() => t.db.dispose())

  const jsonl = async (s: string) => {
    const r = await t.furnishing.ingest.ingest({ source: text(s + '\n'), furnisher: 'first-bank' })
    const applied = r as Extract<IngestResult, { status: 'applied' }>
    assert.equal(applied.counts.accepted, 1, JSON.stringify(applied.issues))
  }

  it('keeps a JSON Lines K1 and K4 beside the funders, and shows them in the consumer file', async () => {
    await jsonl(line({ k1: K1, k4: K4 }))
    const f = await t.reports.files.byNationalId('cn-rid', '11010519491231002X')
    assert.deepEqual(f.tradelines[0]?.extra, {
      originalCreditor: { name: 'ORIG BANK', classification: 2 },
      specializedPayment: {
        indicator: 1,
        deferredStart: null,
        balloonDue: '2025-01-01',
        balloonAmount: 1000,
      },
      funders: FUNDERS,
    })
  })

  it("replaces them with a later month's record that has none, as it replaces the rest of the account", async () => {
    await jsonl(
      line({}, { dateAccountInformation: '2024-04-30', paymentHistoryProfile: '000' + 'B'.repeat(21) }),
    )
    const f = await t.reports.files.byNationalId('cn-rid', '11010519491231002X')
    assert.deepEqual(f.tradelines[0]?.extra, { funders: FUNDERS })
  })

  it('keeps Metro 2 K1 and K2 segments, which it read and validated, on every consumer of the account', async () => {
    const r = {
      ...jointRecord('K-SEG-1'),
      k1: { segmentIdentifier: 'K1' as const, ...K1 },
      k2: { segmentIdentifier: 'K2' as const, purchasedIndicator: 1, purchasedName: 'SELLER BANK' },
    }
    const applied = await t.ingest([r], '2024-03-31')
    assert.equal(applied.counts.accepted, 1, JSON.stringify(applied.issues))
    for (const ssn of ['123456781', '123456780']) {
      const f = await t.reports.files.byNationalId('us-ssn', ssn)
      assert.deepEqual(f.tradelines[0]?.extra, {
        originalCreditor: { name: 'ORIG BANK', classification: 2 },
        purchasedSold: { indicator: 1, name: 'SELLER BANK' },
      })
    }
    await t.ingest([later(jointRecord('K-SEG-1'), 1, '2024-04-30')], '2024-04-30')
    const f = await t.reports.files.byNationalId('us-ssn', '123456781')
    assert.equal(f.tradelines[0]?.extra, null)
  })

  it('keeps nothing of a K2 with indicator 9, which removes the one reported before (CRRG K2 field 2)', async () => {
    const r = {
      ...later(jointRecord('K-SEG-1'), 2, '2024-05-05'),
      k1: { segmentIdentifier: 'K1' as const, ...K1 },
      k2: { segmentIdentifier: 'K2' as const, purchasedIndicator: 9, purchasedName: '' },
    }
    const applied = await t.ingest([r], '2024-05-05')
    assert.equal(applied.counts.accepted, 1, JSON.stringify(applied.issues))
    const f = await t.reports.files.byNationalId('us-ssn', '123456781')
    assert.deepEqual(f.tradelines[0]?.extra, { originalCreditor: { name: 'ORIG BANK', classification: 2 } })
  })
})
