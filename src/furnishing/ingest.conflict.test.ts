// A furnisher's first file does not look for its accounts: none can be stored before it (file-applier.ts,
// firstFile). An account that another file of the same furnisher commits while this one is applied still meets
// the account's unique key; the file is then refused whole, with a message that says to send it again. A
// furnisher's own files take turns (a lock per furnisher), so that each is checked against the one before it.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import pg from 'pg'
import { AppError } from '../platform/errors.ts'
import { testingOnServer } from '../platform/testing.ts'
import { tradelineId } from './index.ts'
import { metro2File, openIngestTestbed, singleRecord, type IngestTestbed } from './ingest.fixture.ts'

const count = async (t: IngestTestbed, table: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db.kysely)).rows[0]!
    .n

describe('Ingestion against a concurrent file of the same furnisher', () => {
  let t: IngestTestbed
  before(async () => (t = await openIngestTestbed('2024-04-02')))
  after(() => t.db.dispose())

  it('refuses the whole file (conflict) when a new account of it was stored meanwhile, and applies nothing', async () => {
    // What a concurrent first file of this furnisher commits after this one began: the account's row, while
    // no applied file of the furnisher is on record yet.
    await sql`
      insert into account_index (tradeline_id, furnisher_id, account_number, consumers, last_as_of, last_status,
                                 last_history, last_batch_id)
      values (${tradelineId('first-bank', 'B-2')}, 'first-bank', 'B-2', '[]', '2024-03-31', '11', '0',
              gen_random_uuid())`.execute(t.db.kysely)
    await assert.rejects(
      t.furnishing.ingest.ingest({
        source: metro2File([singleRecord('B-1'), singleRecord('B-2')], '2024-03-31'),
      }),
      (e: unknown) =>
        e instanceof AppError &&
        e.code === 'conflict' &&
        /another file stored some of these national IDs, consumers of the same name, birth date and postcode, or furnisher "first-bank"'s accounts.*send it again/.test(
          e.message,
        ),
    )
    assert.equal(await count(t, 'tradelines'), 0)
    assert.equal(await count(t, 'consumers'), 0)
    assert.equal(await count(t, 'account_index'), 1)
    const batches = await sql<{ n: number }>`
      select count(*)::int as n from batches where status = 'applied'`.execute(t.db.kysely)
    assert.equal(batches.rows[0]!.n, 0)
  })

  it('fails the same way when the chunk that meets it is one of many in flight (one record a chunk)', async () => {
    const records = ['C-1', 'C-2', 'B-2', 'C-3', 'C-4', 'C-5', 'C-6'].map((a) => singleRecord(a))
    await assert.rejects(
      t.furnishing.ingest.ingest({ source: metro2File(records, '2024-03-31'), chunkRecords: 1 }),
      (e: unknown) => e instanceof AppError && e.code === 'conflict',
    )
    assert.equal(await count(t, 'tradelines'), 0)
    assert.equal(await count(t, 'consumers'), 0)
  })

  it(
    'waits while another file of the same furnisher is being applied, in any process',
    { skip: !testingOnServer && 'in process one connection applies one file at a time anyway' },
    async () => {
      await sql`delete from account_index`.execute(t.db.kysely)
      const other = new pg.Client({ connectionString: t.db.url! })
      await other.connect()
      try {
        await other.query('begin')
        await other.query(
          `select pg_advisory_xact_lock(hashtextextended('openbureau.furnishing.files:' || $1, 0))`,
          ['first-bank'],
        )
        let done = false
        const applying = t.ingest([singleRecord('W-1')], '2024-03-31').finally(() => (done = true))
        await new Promise((resolve) => setTimeout(resolve, 300))
        assert.equal(done, false, 'it waits for the file in progress')
        await other.query('commit')
        assert.equal((await applying).counts.newAccounts, 1)
      } finally {
        await other.end()
      }
    },
  )

  it('applies the file when nothing stands in its way; the next file looks its accounts up and updates them', async () => {
    await sql`delete from account_index`.execute(t.db.kysely)
    const first = await t.ingest([singleRecord('B-1'), singleRecord('B-2')], '2024-03-31')
    assert.equal(first.counts.newAccounts, 2)
    const again = await t.ingest([singleRecord('B-2'), singleRecord('B-3')], '2024-03-31')
    assert.deepEqual([again.counts.newAccounts, again.counts.updatedAccounts], [1, 1])
  })
})
