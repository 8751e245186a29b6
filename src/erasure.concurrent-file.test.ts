// A shred that runs while a furnisher's file naming the consumer is being applied (DESIGN.md principle 4: no later
// record links to a shredded consumer). Found by probing on PostgreSQL: the file had resolved the consumer before
// the shred, and its commit put back the shredded key's national-ID token, tradeline and lookup row, so a report
// by that SSN answered the erased key again. The shred now waits for the files in flight (identity's
// shred-lock.ts) and deletes what they wrote; a file that starts meanwhile resolves after it, to a new consumer.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { sampleBase, sampleHeader, writeMetro2, type DataRecord } from './metro2/index.ts'
import { testApp } from './app.fixture.ts'
import { createModules, type Modules } from './modules.ts'
import { eventually, openTestDb, testingOnServer, type TestDb } from './platform/testing.ts'

// Enough people after the consumer for the reader to tell the file's layout (DETECT_BYTES) before the pause.
const FILLERS = 240
/** Records a chunk: the file resolves a chunk's consumers once the next chunk is full (file-applier.ts). */
const CHUNK = 16
const PGLITE = 'PGlite has one connection: its transactions never overlap'

interface Person {
  surname: string
  ssn: string
}
const ROE: Person = { surname: 'ROE', ssn: '234-56-7890' }
const POE: Person = { surname: 'POE', ssn: '234-56-7891' }

/**
 * `who`'s account `account`, reported with their SSN or, `withoutSsn`, by name, birth date and postcode alone;
 * or, `who` a number, the account of one of the other people of the file.
 */
const record = (account: string, who: Person | number, withoutSsn = false): DataRecord => ({
  base: sampleBase({
    consumerAccountNumber: account,
    socialSecurityNumber: withoutSsn
      ? 0
      : typeof who === 'number'
        ? 345670001 + who
        : Number(who.ssn.replaceAll('-', '')),
    surname: typeof who === 'number' ? 'OTHER' : who.surname,
    firstName: 'RICHARD',
    dateBirth:
      typeof who === 'number'
        ? new Date(Date.UTC(1950, 0, 1 + who)).toISOString().slice(0, 10)
        : '1970-01-01',
    dateAccountInformation: '2024-03-31',
  }),
  j1: [],
  j2: [],
})

const metro2 = (records: DataRecord[]): Uint8Array =>
  writeMetro2({ header: sampleHeader('2024-03-31'), data: records }, { format: 'fixed', lineBreaks: true })

async function* whole(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes
}

/** `bytes` in two parts: up to the end of line `lines` (counting the header), then the rest once `gate` opens. */
async function* pausedAfter(
  bytes: Uint8Array,
  lines: number,
  gate: Promise<void>,
): AsyncGenerator<Uint8Array> {
  let end = 0
  for (let seen = 0; seen < lines; end++) if (bytes[end] === 0x0a) seen++
  yield bytes.subarray(0, end)
  await gate
  yield bytes.subarray(end)
}

/** A promise and the function that fulfils it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {}
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { opened, open }
}

describe('erasure of a consumer while a file naming them is applied', () => {
  let db: TestDb
  let mods: Modules
  const rows = async (table: string, consumerKey: string) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}
        where consumer_key = ${consumerKey}::uuid`.execute(db.kysely)
    ).rows[0]!.n
  const listed = async (consumerKey: string) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from account_index
        where consumers @> ${JSON.stringify([{ consumerKey }])}::jsonb`.execute(db.kysely)
    ).rows[0]!.n
  /** Some transaction waits for a lock of `type` (PostgreSQL 15 docs §28.2.7, pg_locks). */
  const waitingFor = async (type: 'advisory' | 'transactionid') =>
    (
      await sql<{ n: number }>`select count(*)::int as n from pg_locks
        where locktype = ${type} and not granted`.execute(db.kysely)
    ).rows[0]!.n > 0
  /** Files `who` by name, birth date and postcode alone (no national ID yet): their consumer key. */
  const onFile = async (who: Person, account: string) => {
    const r = await mods.furnishing.ingest.ingest({ source: whole(metro2([record(account, who, true)])) })
    assert.ok(r.status === 'applied' && r.counts.rejected === 0, JSON.stringify(r))
    const found = await sql<{ consumer_key: string }>`select consumer_key from tradelines
      where account_number = ${account}`.execute(db.kysely)
    assert.ok(found.rows[0] !== undefined)
    return found.rows[0].consumer_key
  }
  /** Nothing leads to `shredded` any more, and what is left of them cannot be read. */
  const erased = async (shredded: string) => {
    for (const table of ['id_tokens', 'match_keys', 'consumer_keys', 'tradelines', 'tradeline_snapshots'])
      assert.equal(await rows(table, shredded), 0, table)
    assert.equal(await listed(shredded), 0, 'account_index')
    // PII rows sealed with the shredded data key stay, unreadable, as DESIGN.md principle 4 has it.
    const held = await mods.identity.readIdentity(shredded)
    assert.equal(held?.shredded, true)
    const entries = [...held.names, ...held.birthDates, ...held.addresses, ...held.phones]
    assert.ok(
      entries.every((e) => !e.readable),
      'readable PII',
    )
  }

  before(async () => {
    db = await openTestDb()
    mods = createModules(testApp(db, { OPENBUREAU_JURISDICTION: 'HU-KHR' }))
    await mods.members.add({
      id: 'first-bank',
      name: 'First Bank',
      kind: 'bank',
      roles: ['furnisher'],
      metro2Ids: ['FURNISHER01'],
    })
  })
  after(async () => {
    await mods.close()
    await db.dispose()
  })

  it(
    'waits for a file that resolved the consumer to commit, then deletes what it wrote: the SSN leads to no one',
    { skip: !testingOnServer && PGLITE },
    async () => {
      const shredded = await onFile(ROE, 'R-1')
      // The file's first record names the consumer, now with their SSN, on a new account; the file stops after the
      // others until the shred has started, holding its transaction open with the consumer resolved.
      const rest = gate()
      const records = [record('R-2', ROE), ...Array.from({ length: FILLERS }, (_, i) => record(`F-${i}`, i))]
      let applied = 0
      const file = mods.furnishing.ingest.ingest({
        source: pausedAfter(metro2(records), 1 + records.length, rest.opened),
        chunkRecords: CHUNK,
        onProgress: (p) => (applied = p.records),
      })
      file.catch(() => {})
      assert.ok(await eventually(() => applied >= 3 * CHUNK, 10_000), 'the file resolved the consumer')

      let settled = false
      const shred = mods.identity.shredConsumer(shredded).finally(() => (settled = true))
      shred.catch(() => {})
      assert.ok(await eventually(async () => settled || (await waitingFor('advisory')), 10_000))
      const shredWaited = !settled
      rest.open()

      const applying = await file
      // Every record applied, and the consumer's linked to them (by name, birth date and postcode), not to a new one.
      assert.ok(applying.status === 'applied' && applying.counts.rejected === 0, JSON.stringify(applying))
      assert.equal(applying.counts.consumersCreated, FILLERS)
      assert.equal((await shred).status, 'shredded')
      await erased(shredded)
      assert.equal(
        await mods.identity.findConsumerByNationalId('us-ssn', ROE.ssn),
        undefined,
        'lookup by SSN',
      )
      await assert.rejects(mods.reports.files.byNationalId('us-ssn', ROE.ssn))
      assert.ok(shredWaited, 'the shred waited for the file')
    },
  )

  it(
    'makes a file that starts during a shred wait for it, so its record is a new consumer',
    { skip: !testingOnServer && PGLITE },
    async () => {
      const shredded = await onFile(POE, 'P-1')
      // A row of the consumer's held elsewhere keeps the shred in its transaction, its deletes not yet committed.
      const shredding = gate()
      const holder = db.transaction(async (tx) => {
        await sql`select 1 from tradelines where consumer_key = ${shredded}::uuid for update`.execute(
          tx.kysely,
        )
        await shredding.opened
      })
      holder.catch(() => {})
      const shred = mods.identity.shredConsumer(shredded)
      shred.catch(() => {})
      const file = (async () => {
        try {
          assert.ok(await eventually(() => waitingFor('transactionid'), 10_000), 'the shred is under way')
          const started = mods.furnishing.ingest.ingest({ source: whole(metro2([record('P-2', POE)])) })
          started.catch(() => {})
          // Given the time to resolve the record against what the shred has not yet committed, if it could.
          await eventually(() => waitingFor('advisory'), 2_000)
          return started
        } finally {
          shredding.open()
        }
      })()
      file.catch(() => {})
      await holder
      assert.equal((await shred).status, 'shredded')

      const applied = await file
      assert.ok(applied.status === 'applied' && applied.counts.rejected === 0, JSON.stringify(applied))
      assert.equal(applied.counts.consumersCreated, 1)
      await erased(shredded)
      const now = await mods.identity.findConsumerByNationalId('us-ssn', POE.ssn)
      assert.ok(now !== undefined && now !== shredded, 'a new consumer')
      assert.equal((await mods.reports.files.byNationalId('us-ssn', POE.ssn)).tradelines.length, 1)
    },
  )
})
