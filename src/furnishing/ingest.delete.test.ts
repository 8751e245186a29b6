// Account Status DA and DF (CRRG: delete entire account; DF when it is a confirmed fraud): the account goes from
// every consumer's file with its whole history, and is not missed as vanished afterwards.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { DataRecord } from '../metro2/index.ts'
import { jointRecord, later, openIngestTestbed, singleRecord, type IngestTestbed } from './ingest.fixture.ts'
import { validJ1 } from './validation/fixtures.ts'

const deleted = (r: DataRecord, status: 'DA' | 'DF'): DataRecord => ({
  ...r,
  base: { ...r.base, accountStatus: status, paymentRating: '' },
})

/** An account of someone on no file yet. */
const stranger = (account: string): DataRecord => {
  const r = singleRecord(account)
  return { ...r, base: { ...r.base, socialSecurityNumber: 456789012, surname: 'NEWMAN', firstName: 'NORA' } }
}

describe('ingesting a DA or DF account status', () => {
  let db: IngestTestbed['db']
  let reports: IngestTestbed['reports']
  let ingest: IngestTestbed['ingest']
  /** Each table's account numbers, for every consumer. */
  const onFile = async () => {
    const q = async (table: string) =>
      (
        await sql<{ a: string }>`select t.account_number as a from ${sql.table(table)} x
          join tradelines t using (consumer_key, tradeline_id) order by 1`.execute(db.kysely)
      ).rows.map((r) => r.a)
    const index = await sql<{ a: string }>`select account_number as a from account_index order by 1`.execute(
      db.kysely,
    )
    return { tradelines: await q('tradelines'), index: index.rows.map((r) => r.a) }
  }
  const consumers = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from consumers`.execute(db.kysely)).rows[0]!.n
  const snapshots = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from tradeline_snapshots`.execute(db.kysely)).rows[0]!
      .n

  before(async () => {
    ;({ db, reports, ingest } = await openIngestTestbed('2024-06-15T12:00:00Z'))
    const march = await ingest([jointRecord('D-1'), singleRecord('D-2'), singleRecord('D-3')], '2024-03-31')
    assert.equal(march.counts.accepted, 3, JSON.stringify(march.issues))
    assert.equal(await snapshots(), 4)
  })
  after(() => db.dispose())

  it('deletes the account, every consumer on it and all its months; an unknown account deletes nothing', async () => {
    const consumersBefore = await consumers()
    const april = await ingest(
      [
        // Not shifted a month: a deletion is not held to the history it deletes.
        deleted(jointRecord('D-1'), 'DA'),
        later(singleRecord('D-2'), 1, '2024-04-30'),
        deleted(later(singleRecord('D-3'), 1, '2024-04-30'), 'DF'),
        deleted(later(stranger('D-9'), 1, '2024-04-30'), 'DA'),
      ],
      '2024-04-30',
    )
    assert.deepEqual(
      [
        april.counts.accepted,
        april.counts.errors,
        april.counts.deletedAccounts,
        april.counts.updatedAccounts,
      ],
      [4, 0, 2, 1],
      JSON.stringify(april.issues),
    )
    assert.equal(april.counts.newAccounts, 0, 'a DA of an account never on file stores nothing')
    assert.equal(await consumers(), consumersBefore, 'not even its consumer')
    assert.deepEqual(await onFile(), { tradelines: ['D-2'], index: ['D-2'] })
    assert.equal(await snapshots(), 2, "D-2's March and April; nothing of D-1, D-3 or D-9")
    for (const ssn of ['123-45-6781', '123-45-6780']) {
      const f = await reports.files.byNationalId('us-ssn', ssn)
      assert.deepEqual(f.tradelines, [], `the joint account is gone from ${ssn}'s file`)
    }
  })

  it('does not miss a deleted account as vanished in the next file', async () => {
    const may = await ingest([later(singleRecord('D-2'), 2, '2024-05-31')], '2024-05-31')
    assert.deepEqual([may.counts.accepted, may.counts.vanished], [1, 0], JSON.stringify(may.issues))
  })

  it('starts afresh when a deleted account is reported again', async () => {
    const june = await ingest(
      [later(singleRecord('D-2'), 3, '2024-06-14'), later(singleRecord('D-3'), 3, '2024-06-14')],
      '2024-06-14',
    )
    assert.deepEqual(
      [june.counts.newAccounts, june.counts.updatedAccounts],
      [1, 1],
      JSON.stringify(june.issues),
    )
    assert.deepEqual((await onFile()).index, ['D-2', 'D-3'])
  })
})

describe('ingesting ECOA Z (delete the consumer from the account)', () => {
  let db: IngestTestbed['db']
  let reports: IngestTestbed['reports']
  let ingest: IngestTestbed['ingest']
  const dropJ1 = (r: DataRecord, j1 = r.j1[0]!): DataRecord => ({ ...r, j1: [{ ...j1, ecoaCode: 'Z' }] })
  const dropBase = (r: DataRecord): DataRecord => ({ ...r, base: { ...r.base, ecoaCode: 'Z' } })
  const accountsOf = async (ssn: string) =>
    (await reports.files.byNationalId('us-ssn', ssn)).tradelines.map((t) => t.accountNumber).sort()
  const consumersOf = async () =>
    (
      await sql<{
        a: string
        n: number
      }>`select account_number as a, jsonb_array_length(consumers::jsonb)::int as n
        from account_index order by 1`.execute(db.kysely)
    ).rows.map((r) => `${r.a}:${r.n}`)

  before(async () => {
    ;({ db, reports, ingest } = await openIngestTestbed('2024-06-15T12:00:00Z'))
    const march = await ingest([jointRecord('E-1'), singleRecord('E-2'), jointRecord('E-3')], '2024-03-31')
    assert.equal(march.counts.accepted, 3, JSON.stringify(march.issues))
  })
  after(() => db.dispose())

  it('drops a Z consumer with their history, deletes an account left with no one, and ignores a stranger', async () => {
    const stranger = validJ1({ socialSecurityNumber: 345678901, surname: 'NOBODY', firstName: 'NEVER' })
    const consumersBefore = await sql<{ n: number }>`select count(*)::int as n from consumers`.execute(
      db.kysely,
    )
    const april = await ingest(
      [
        dropJ1(later(jointRecord('E-1'), 1, '2024-04-30')),
        dropBase(later(singleRecord('E-2'), 1, '2024-04-30')),
        dropJ1(later(jointRecord('E-3'), 1, '2024-04-30'), stranger),
      ],
      '2024-04-30',
    )
    assert.deepEqual(
      [
        april.counts.accepted,
        april.counts.errors,
        april.counts.droppedConsumers,
        april.counts.deletedAccounts,
      ],
      [3, 0, 1, 1],
      JSON.stringify(april.issues),
    )
    const consumersAfter = await sql<{ n: number }>`select count(*)::int as n from consumers`.execute(
      db.kysely,
    )
    assert.equal(consumersAfter.rows[0]!.n, consumersBefore.rows[0]!.n, 'a consumer to drop is never created')
    // Masked in the file: **1 is E-1, **3 is E-3.
    assert.deepEqual(await accountsOf('123-45-6780'), ['**3'], 'the J1 consumer keeps only E-3')
    assert.deepEqual(await accountsOf('123-45-6781'), ['**1', '**3'])
    assert.deepEqual(await accountsOf('234-56-7890'), [], 'E-2 had no one left')
    assert.deepEqual(await consumersOf(), ['E-1:1', 'E-3:2'])
  })

  it('deletes a DA account for every consumer still on it, named by the last record or not', async () => {
    const may = await ingest(
      [dropJ1(later(jointRecord('E-1'), 2, '2024-05-31')), deleted(singleRecord('E-3'), 'DA')],
      '2024-05-31',
    )
    assert.deepEqual(
      [may.counts.deletedAccounts, may.counts.droppedConsumers, may.counts.errors],
      [1, 0, 0],
      JSON.stringify(may.issues),
    )
    assert.deepEqual(await accountsOf('123-45-6780'), [])
    assert.deepEqual(await accountsOf('123-45-6781'), ['**1'])
  })
})
