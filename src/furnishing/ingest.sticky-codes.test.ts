// Codes that stay on an account until they are removed: the Compliance Condition Code (CRRG base field 20,
// Exhibit 8) and the Consumer Information Indicator (base field 38, J1/J2 field 10, Exhibit 11). A blank leaves
// the code reported before in place; a removal value (XR; Q, S, U) takes it away and is never shown itself
// (found by probing: a blank month erased a consumer's dispute notice, and XR was shown as a condition).
import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { DataRecord } from '../metro2/index.ts'
import {
  jointRecord,
  later,
  openIngestTestbed,
  renumbered,
  type Applied,
  type IngestTestbed,
} from './ingest.fixture.ts'

const PRIMARY = '123-45-6781'
const MONTHS = ['2024-03-31', '2024-04-30', '2024-05-31', '2024-06-30'] as const

/** The joint account `account` for month `m` (0 is March), its base and J1 segments bent as given. */
function month(
  account: string,
  m: number,
  codes: { compliance?: string; base?: string; j1?: string } = {},
): DataRecord {
  const r = later(jointRecord(account), m, MONTHS[m]!)
  return {
    ...r,
    base: {
      ...r.base,
      complianceConditionCode: codes.compliance ?? '',
      consumerInformationIndicator: codes.base ?? '',
    },
    j1: r.j1.map((j) => ({ ...j, consumerInformationIndicator: codes.j1 ?? '' })),
  }
}

interface Stored {
  account: string
  ecoa: string
  compliance: string
  consumerInfo: string
}

describe('codes that stay until removed', () => {
  let t: IngestTestbed
  before(async () => (t = await openIngestTestbed('2024-07-15T12:00:00Z')))
  after(() => t.db.dispose())
  beforeEach(async () => {
    // Each case starts a furnisher's history afresh.
    await sql`delete from tradeline_snapshots`.execute(t.db.kysely)
    await sql`delete from tradelines`.execute(t.db.kysely)
    await sql`delete from account_index`.execute(t.db.kysely)
  })

  const ingest = async (records: DataRecord[], m: number): Promise<Applied> => {
    const r = await t.ingest(records, MONTHS[m]!)
    assert.deepEqual([r.counts.rejected, r.counts.errors], [0, 0], JSON.stringify(r.issues))
    return r
  }
  const stored = async (): Promise<Stored[]> =>
    (
      await sql<Stored>`select account_number as account, ecoa_code as ecoa, compliance_condition as compliance,
          consumer_info as "consumerInfo" from tradelines order by account_number, ecoa_code`.execute(
        t.db.kysely,
      )
    ).rows
  const compliance = async () => (await stored()).map((s) => s.compliance)
  const consumerInfo = async () => (await stored()).map((s) => s.consumerInfo)
  const snapshots = async () =>
    (
      await sql<{ c: string }>`select s.compliance_condition as c from tradeline_snapshots s
          join tradelines t using (consumer_key, tradeline_id)
         where t.ecoa_code = '1' order by s.as_of`.execute(t.db.kysely)
    ).rows.map((r) => r.c)
  const fileShows = async () => {
    const f = await t.reports.files.byNationalId('us-ssn', PRIMARY)
    return f.tradelines.map((x) => [x.complianceCondition, x.consumerInformationIndicator])
  }

  it('keeps a dispute (XB) through a blank month and removes it on XR', async () => {
    await ingest([month('C-1', 0, { compliance: 'XB' })], 0)
    assert.deepEqual(await compliance(), ['XB', 'XB'])
    await ingest([month('C-1', 1)], 1)
    assert.deepEqual(await compliance(), ['XB', 'XB'], 'a blank Compliance Condition Code is no change')
    assert.deepEqual(await fileShows(), [['XB', '']])
    await ingest([month('C-1', 2, { compliance: 'XR' })], 2)
    assert.deepEqual(await compliance(), ['', ''], 'XR removes the code and is not a condition itself')
    assert.deepEqual(await fileShows(), [['', '']])
    assert.deepEqual(await snapshots(), ['XB', 'XB', ''], 'each month keeps the code in effect')
    await ingest([month('C-1', 3)], 3)
    assert.deepEqual(await compliance(), ['', ''], 'nothing comes back after the removal')
  })

  it('replaces a code with the next one reported', async () => {
    await ingest([month('C-2', 0, { compliance: 'XB' })], 0)
    await ingest([month('C-2', 1, { compliance: 'XH' })], 1)
    assert.deepEqual(await compliance(), ['XH', 'XH'])
  })

  it('keeps no XR on an account new to the bureau, nor for a consumer new to an account', async () => {
    const alone = month('C-3', 0, { compliance: 'XB' })
    await ingest([{ ...alone, j1: [] }, month('C-4', 0, { compliance: 'XR' })], 0)
    assert.deepEqual(await compliance(), ['XB', '', ''])
    // The J1 consumer joins C-3 in the month its dispute is removed.
    await ingest([month('C-3', 1, { compliance: 'XR' }), month('C-4', 1)], 1)
    assert.deepEqual(await compliance(), ['', '', '', ''])
  })

  it('keeps the code in effect when the month is sent again', async () => {
    await ingest([month('C-5', 0, { compliance: 'XB' })], 0)
    await ingest([month('C-5', 1)], 1)
    const again = month('C-5', 1)
    await ingest([{ ...again, base: { ...again.base, currentBalance: 18990 } }], 1)
    assert.deepEqual(await compliance(), ['XB', 'XB'])
    assert.deepEqual(await snapshots(), ['XB', 'XB'])
    await ingest([month('C-5', 1, { compliance: 'XR' })], 1)
    assert.deepEqual(await compliance(), ['', ''])
    assert.deepEqual(await snapshots(), ['XB', ''])
  })

  it('keeps the code through an account number change (L1)', async () => {
    await ingest([month('C-6', 0, { compliance: 'XB', base: 'T', j1: 'T' })], 0)
    const moved = await ingest([renumbered(month('C-6', 1), 'C-7')], 1)
    assert.equal(moved.counts.renumberedAccounts, 1)
    assert.deepEqual(await stored(), [
      { account: 'C-7', ecoa: '1', compliance: 'XB', consumerInfo: 'T' },
      { account: 'C-7', ecoa: '2', compliance: 'XB', consumerInfo: 'T' },
    ])
  })

  it('still deletes a disputed account on DA', async () => {
    await ingest([month('C-8', 0, { compliance: 'XB' })], 0)
    const da = month('C-8', 1)
    await ingest([{ ...da, base: { ...da.base, accountStatus: 'DA' } }], 1)
    assert.deepEqual(await stored(), [])
  })

  it("keeps each consumer's Consumer Information Indicator through a blank month and removes it on Q or U", async () => {
    // T (cannot locate) on the primary, R (reaffirmation) on the J1: both stay until U and S remove them.
    await ingest([month('I-1', 0, { base: 'T', j1: 'R' })], 0)
    assert.deepEqual(await consumerInfo(), ['T', 'R'])
    await ingest([month('I-1', 1)], 1)
    assert.deepEqual(await consumerInfo(), ['T', 'R'], 'a blank indicator is no change')
    assert.deepEqual(await fileShows(), [['', 'T']])
    await ingest([month('I-1', 2, { base: 'U', j1: 'S' })], 2)
    assert.deepEqual(await consumerInfo(), ['', ''], 'U and S remove the indicator and are not shown')
    assert.deepEqual(await fileShows(), [['', '']])
  })

  it('removes a bankruptcy indicator on Q, and replaces a petition with its discharge', async () => {
    const bankrupt = (m: number, base: string): DataRecord => {
      const r = month('I-2', m, { base })
      return { ...r, base: { ...r.base, dateFirstDelinquency: '2024-02-01' } }
    }
    await ingest([bankrupt(0, 'A')], 0)
    await ingest([bankrupt(1, 'E')], 1)
    assert.deepEqual(await consumerInfo(), ['E', ''])
    await ingest([bankrupt(2, '')], 2)
    assert.deepEqual(await consumerInfo(), ['E', ''])
    await ingest([bankrupt(3, 'Q')], 3)
    assert.deepEqual(await consumerInfo(), ['', ''])
  })

  it('keeps no removal value on an account new to the bureau', async () => {
    await ingest([month('I-3', 0, { base: 'Q', j1: 'U' })], 0)
    assert.deepEqual(await consumerInfo(), ['', ''])
  })
})
