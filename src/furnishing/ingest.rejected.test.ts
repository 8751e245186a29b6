// A record that ingestion rejects changes nothing, its consumers' identities included (found by probing: a
// re-aged record's new name and address were stored, and a duplicate copy of an account with a new SSN created a
// consumer with no account). These are the rejections decided against the stored account or the rest of the file.
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { DataRecord } from '../metro2/index.ts'
import { CHUNK_RECORDS } from './file-applier.ts'
import { later, metro2File, openIngestTestbed, singleRecord, type IngestTestbed } from './ingest.fixture.ts'
import { validJ1 } from './validation/fixtures.ts'

/** Every row of the identity tables, as text. */
async function identities(t: IngestTestbed): Promise<string[]> {
  const r = await sql<{ row: string }>`
    select 'consumer ' || consumer_key as row from consumers
    union all select 'pii ' || consumer_key || ' ' || kind || ' ' || encode(value_hash, 'hex') || ' ' ||
                     first_seen || ' ' || last_seen from consumer_pii
    union all select 'token ' || encode(id_token, 'hex') || ' ' || consumer_key from id_tokens
    union all select 'match ' || encode(match_key, 'hex') || ' ' || consumer_key from match_keys
    order by 1`.execute(t.db.kysely)
  return r.rows.map((x) => x.row)
}

const consumerOf = async (t: IngestTestbed, account: string) =>
  (
    await sql<{
      consumer_key: string
    }>`select consumer_key from tradelines where account_number = ${account}`.execute(t.db.kysely)
  ).rows.map((x) => x.consumer_key)

/** The record with its base consumer and address replaced. */
const movedTo = (r: DataRecord, who: Partial<DataRecord['base']>): DataRecord => ({
  ...r,
  base: { ...r.base, firstLineAddress: '9 ELSEWHERE RD', zipCode: '606010000', ...who },
})

const POE = { socialSecurityNumber: 345678901, surname: 'POE', firstName: 'EDGAR', dateBirth: '1980-01-19' }

describe('a rejected record', () => {
  let t: IngestTestbed
  beforeEach(async () => (t = await openIngestTestbed('2024-06-15T12:00:00Z')))
  afterEach(() => t.db.dispose())

  it('rejected by the month-over-month checks writes no identity, and a consumer it shares is created once', async () => {
    const [r1, r2] = [singleRecord('R-1'), singleRecord('R-2')]
    await t.ingest([r1, r2], '2024-03-31')
    const late = later(r1, 1, '2024-04-30')
    late.base = { ...late.base, accountStatus: '71', amountPastDue: 450, dateFirstDelinquency: '2024-04-05' }
    const april = await t.ingest([late, later(r2, 1, '2024-04-30')], '2024-04-30')
    assert.equal(april.counts.accepted, 2, JSON.stringify(april.issues))
    const before = await identities(t)

    // R-1 re-aged under a new surname and address; R-2 sent for April again, naming a new consumer (POE) at one
    // address; a new account of POE at another address.
    const reaged = later(late, 1, '2024-05-31')
    reaged.base = {
      ...reaged.base,
      accountStatus: '78',
      amountPastDue: 900,
      dateFirstDelinquency: '2024-05-05',
      paymentHistoryProfile: '1' + late.base.paymentHistoryProfile.slice(0, 23),
    }
    const may = await t.ingest(
      [
        movedTo(reaged, { surname: 'SMITH' }),
        movedTo(later(r2, 1, '2024-04-15'), POE),
        { ...singleRecord('N-1'), base: { ...singleRecord('N-1').base, ...POE } },
      ],
      '2024-05-31',
    )
    assert.deepEqual(
      may.issues.filter((i) => i.severity === 'error').map((i) => `${i.account} ${i.rule}`),
      ['R-1 mom.reaging', 'R-2 mom.doai_regressed'],
    )
    assert.deepEqual([may.counts.accepted, may.counts.consumersCreated], [1, 1])
    const [poe] = await consumerOf(t, 'N-1')
    assert.ok(poe)
    const after = await identities(t)
    assert.deepEqual(
      after.filter((x) => !x.includes(poe)),
      before,
      'nothing changed for the consumers on file',
    )
    assert.equal(after.filter((x) => x.startsWith(`pii ${poe} address`)).length, 1, "only N-1's address")
    const file = await t.reports.files.byNationalId('us-ssn', '234-56-7890')
    assert.deepEqual(
      file.identity.names.map((n) => n.readable && n.value.surname),
      ['ROE'],
    )
  })

  for (const chunkRecords of [CHUNK_RECORDS, 1]) {
    it(`rejected as a duplicate creates no consumer (chunks of ${chunkRecords})`, async () => {
      const d = singleRecord('D-1')
      const copy = movedTo(d, { ...POE, currentBalance: 18000 })
      const r = await t.furnishing.ingest.ingest({
        source: metro2File([d, singleRecord('D-2'), copy], '2024-03-31'),
        chunkRecords,
      })
      assert.equal(r.status, 'applied')
      if (r.status !== 'applied') return
      assert.deepEqual(
        r.issues.map((i) => `${i.account} ${i.rule}`),
        ['D-1 file.duplicate_account'],
      )
      assert.deepEqual([r.counts.accepted, r.counts.consumersCreated], [2, 1])
      const alone = await sql<{ n: number }>`
        select count(*)::int as n from consumers c
         where not exists (select 1 from tradelines t where t.consumer_key = c.consumer_key)`.execute(
        t.db.kysely,
      )
      assert.equal(alone.rows[0]?.n, 0, 'no consumer without an account')
      const tokens = await sql<{ n: number }>`select count(*)::int as n from id_tokens`.execute(t.db.kysely)
      assert.equal(tokens.rows[0]?.n, 1, "the copy's SSN is not stored")
    })

    it(`rejects a report whose consumer cannot be identified before it takes the account or creates its J1 (chunks of ${chunkRecords})`, async () => {
      // Decided from what the record carries, before the duplicate check and before identities are resolved.
      const d = singleRecord('U-1')
      const unknown = movedTo(d, { socialSecurityNumber: 123456, dateBirth: null })
      unknown.j1 = [validJ1({ socialSecurityNumber: 456789012, surname: 'JOINT' })]
      const r = await t.furnishing.ingest.ingest({
        source: metro2File([unknown, singleRecord('U-2'), d], '2024-03-31'),
        chunkRecords,
      })
      assert.equal(r.status, 'applied')
      if (r.status !== 'applied') return
      assert.deepEqual(
        r.issues.filter((i) => i.severity === 'error').map((i) => `${i.recordNo} ${i.rule}`),
        ['1 identity.unresolved'],
      )
      assert.deepEqual([r.counts.accepted, r.counts.consumersCreated], [2, 1])
      const tokens = await sql<{ n: number }>`select count(*)::int as n from id_tokens`.execute(t.db.kysely)
      assert.equal(tokens.rows[0]?.n, 1, "the rejected record's J1 is not stored")
    })
  }
})
