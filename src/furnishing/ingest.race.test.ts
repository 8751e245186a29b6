// Two furnishers' files take no turns: each is applied in its own transaction, and neither sees what the other has
// not committed. When both name the same new person, the second to store them is refused whole and sent again, as
// it is for a national ID, whether the records carry one or only a name, birth date and postcode (match-key claims,
// resolve-identities.ts): else the person would be two consumers, and every later record of theirs without a
// national ID would be refused as ambiguous (FCRA section 607(b)).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { generateSecrets } from '../config.ts'
import { createIdentityModule, matchKey } from '../identity/index.ts'
import { createMembersModule } from '../members/index.ts'
import { sampleHeader, writeMetro2, type DataRecord } from '../metro2/index.ts'
import { AppError } from '../platform/errors.ts'
import { eventually, openTestDb, testingOnServer, type TestDb } from '../platform/testing.ts'
import { createFurnishingModule } from './index.ts'
import { later } from './ingest.fixture.ts'
import { validBase } from './validation/fixtures.ts'

type Furnisher = 'first-bank' | 'second-bank'
const ID_NUMBER: Record<Furnisher, string> = { 'first-bank': 'FURNISHER01', 'second-bank': 'FURNISHER02' }

/** One account of the person `firstName` (born 1980-01-15, ZIP 62701) at `by`, with or without an SSN (0). */
const account = (by: Furnisher, firstName: string, ssn: number): DataRecord => ({
  base: validBase({
    identificationNumber: ID_NUMBER[by],
    consumerAccountNumber: `${by}-${firstName}`,
    socialSecurityNumber: ssn,
    surname: 'PARKER',
    firstName,
    dateBirth: '1980-01-15',
    zipCode: '62701',
  }),
  j1: [],
  j2: [],
})

const file = (records: DataRecord[], activityDate: string) =>
  (async function* () {
    yield writeMetro2(
      { header: sampleHeader(activityDate), data: records },
      { format: 'fixed', lineBreaks: true },
    )
  })()

const secrets = generateSecrets()
const CONFLICT =
  /consumers of the same name, birth date and postcode.*nothing from this file was applied: send it again/

describe('Ingestion of two furnishers’ files that name the same new person', () => {
  let db: TestDb
  let furnishing: ReturnType<typeof createFurnishingModule>
  /** When set, the next applied file of first-bank waits here, written but not committed. */
  let hold: { reached: () => void; release: Promise<void> } | undefined
  const ingest = async (by: Furnisher, records: DataRecord[], activityDate = '2024-03-31') => {
    const r = await furnishing.ingest.ingest({ source: file(records, activityDate), furnisher: by })
    assert.equal(r.status, 'applied')
    return r.status === 'applied' ? r : assert.fail()
  }

  before(async () => {
    db = await openTestDb()
    const members = createMembersModule(db)
    for (const [id, metro2Id] of Object.entries(ID_NUMBER))
      await members.add({ id, name: id, kind: 'bank', roles: ['furnisher'], metro2Ids: [metro2Id] })
    const identity = createIdentityModule(db, secrets)
    furnishing = createFurnishingModule(db, {
      identity,
      members,
      clock: () => new Date('2024-05-02T12:00:00Z'),
      audit: async (_tx, event) => {
        const h = hold
        if (h === undefined || event.furnisherId !== 'first-bank') return
        hold = undefined
        h.reached()
        await h.release
      },
    })
  })
  after(() => db.dispose())

  it('creates the person once when the files come one after the other, and matches them later', async () => {
    const first = await ingest('first-bank', [account('first-bank', 'ANNA', 0)])
    const second = await ingest('second-bank', [account('second-bank', 'ANNA', 0)])
    assert.deepEqual([first.counts.consumersCreated, second.counts.consumersCreated], [1, 0])
    assert.equal(second.counts.accepted, 1, JSON.stringify(second.issues))
  })

  it('refuses the whole file when another file created the person after this one looked them up', async () => {
    // What a concurrent file commits after this one looked the person up and found no one: its claim of the
    // person's match key (its consumer's match_keys row, committed with it, is left out so that the lookup here
    // still finds no one).
    const q = { surname: 'PARKER', firstName: 'ERIN', birthDate: '1980-01-15', postcode: '62701' }
    await sql`insert into match_key_claims (match_key) values (${matchKey(secrets.tokenKey, q)!})`.execute(
      db.kysely,
    )
    const tradelines = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from tradelines`.execute(db.kysely)).rows[0]!.n
    const before = await tradelines()
    await assert.rejects(
      furnishing.ingest.ingest({
        source: file([account('second-bank', 'FIONA', 0), account('second-bank', 'ERIN', 0)], '2024-03-31'),
        furnisher: 'second-bank',
      }),
      (e: unknown) => e instanceof AppError && e.code === 'conflict' && CONFLICT.test(e.message),
    )
    assert.equal(await tradelines(), before, 'nothing from the file is applied')
  })

  for (const [what, firstSsn, secondSsn, name] of [
    ['neither record has an SSN', 0, 0, 'BELLA'],
    ["only the first file's record has an SSN", 512340101, 0, 'CLARA'],
    ["only the second file's record has an SSN", 0, 512340102, 'DORA'],
  ] as const)
    it(
      `refuses the second of two concurrent files whole, and keeps the person one consumer (${what})`,
      { skip: !testingOnServer && 'PGlite has one connection: its transactions never overlap' },
      async () => {
        let release!: () => void
        const released = new Promise<void>((r) => (release = r))
        const written = new Promise<void>((reached) => (hold = { reached, release: released }))
        const first = ingest('first-bank', [account('first-bank', name, firstSsn)])
        await written
        const second = ingest('second-bank', [account('second-bank', name, secondSsn)]).then(
          () => undefined,
          (e: unknown) => e,
        )
        // The second file now waits on the first one's uncommitted claim of the person's match key.
        const waits = await eventually(async () => {
          const r = await sql<{ n: number }>`
            select count(*)::int as n from pg_stat_activity
             where datname = current_database() and wait_event_type = 'Lock'`.execute(db.kysely)
          return r.rows[0]!.n > 0
        }, 3000)
        release()
        assert.equal((await first).counts.consumersCreated, 1)
        const refused = await second
        assert.ok(waits, 'the second file waits for the first')
        assert.ok(
          refused instanceof AppError && refused.code === 'conflict' && CONFLICT.test(refused.message),
          String(refused),
        )
        const again = await ingest('second-bank', [account('second-bank', name, secondSsn)])
        assert.deepEqual([again.counts.accepted, again.counts.consumersCreated], [1, 0])
        // A month later, the person without an SSN is still one consumer to match, not several.
        const april = later(account('first-bank', name, 0), 1, '2024-04-30')
        const next = await ingest('first-bank', [april], '2024-04-30')
        assert.equal(next.counts.accepted, 1, JSON.stringify(next.issues))
        const consumers = await sql<{ n: number }>`
          select count(distinct consumer_key)::int as n from tradelines
           where account_number in (${`first-bank-${name}`}, ${`second-bank-${name}`})`.execute(db.kysely)
        assert.equal(consumers.rows[0]!.n, 1)
      },
    )
})
