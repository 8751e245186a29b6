// Match-key claims (migration 0018, resolve-identities.ts): the consumer created for a name, birth date and
// postcode that named no one claims that key, so that two transactions creating the same new person at once end
// with one consumer and the other refused (to be sent again), as with a national ID; FCRA section 607(b).
import assert from 'node:assert/strict'
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { generateSecrets } from '../config.ts'
import { AppError } from '../platform/errors.ts'
import { MIGRATIONS_DIR, migrate } from '../platform/migrations.ts'
import { eventually, openTestDb, testingOnServer, type TestDb } from '../platform/testing.ts'
import { ok, person } from './identity.db.fixture.ts'
import { createIdentityModule, matchKey, type IdentityInput, type IdentityService } from './index.ts'

const secrets = generateSecrets()
const query = (p: IdentityInput) => ({
  surname: p.surname,
  firstName: p.firstName,
  birthDate: p.birthDate!,
  postcode: p.address!.postcode,
})
const keyOf = (p: IdentityInput) => matchKey(secrets.tokenKey, query(p))!
const noId = (p: IdentityInput): IdentityInput => ({ ...p, nationalId: undefined })
const isConflict = (e: unknown) =>
  e instanceof AppError && e.code === 'conflict' && /send it again/.test(e.message)

describe('IdentityService on the database, match-key claims', () => {
  let db: TestDb
  let identity: IdentityService
  const resolve = (items: IdentityInput[], source = 'acme-bank') =>
    db.transaction((tx) => identity.resolveIdentities(tx, items, '2026-01-31', source))
  const count = async (table: string, where = sql`true`) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(
        db.kysely,
      )
    ).rows[0]!.n
  const claims = (p: IdentityInput) => count('match_key_claims', sql`match_key = ${keyOf(p)}`)
  const owners = (p: IdentityInput) => count('match_keys', sql`match_key = ${keyOf(p)}`)

  before(async () => {
    db = await openTestDb()
    identity = createIdentityModule(db, secrets)
  })
  after(() => db.dispose())

  it('claims the key of a consumer created for a key that names no one, once; a second person claims nothing', async () => {
    const p = person()
    const [created, same] = (await resolve([noId(p), noId(p)])).map(ok)
    assert.deepEqual(
      [created!.created, same!.reason, same!.consumerKey],
      [true, 'name_birth_postcode', created!.consumerKey],
    )
    assert.equal(await claims(p), 1)
    // Another person of the same name, birth date and postcode, told apart by another SSN: a consumer of their
    // own, and the key, which names someone already, is not claimed again (no unique violation).
    const twin = { ...p, nationalId: { type: 'us-ssn' as const, normalised: '512999999' } }
    const [first, second] = (await resolve([p, twin])).map(ok)
    assert.deepEqual([first!.consumerKey, first!.created], [created!.consumerKey, false])
    assert.deepEqual([second!.reason, second!.created], ['new_consumer_id_conflict', true])
    assert.deepEqual([await claims(p), await owners(p)], [1, 2])
  })

  it('refuses, whole, a new consumer for a key that another transaction claimed after the lookup', async () => {
    // What a concurrent transaction commits after this one looked the key up and found no one: its claim. (Its
    // consumer's match_keys row, committed with it, is left out so that the lookup still finds no one.)
    const p = person()
    const other = person()
    await sql`insert into match_key_claims (match_key) values (${keyOf(p)})`.execute(db.kysely)
    const before = await count('consumers')
    await assert.rejects(resolve([other, noId(p)]), isConflict)
    assert.equal(await count('consumers'), before, 'nothing of the chunk is stored')
    await assert.rejects(resolve([p]), isConflict, 'with a national ID the same')
  })

  it('frees the keys of a shredded consumer, so that the next person of that name is created', async () => {
    const p = person()
    const gone = ok((await resolve([noId(p)]))[0])
    await identity.shredConsumer(gone.consumerKey)
    assert.equal(await claims(p), 0)
    const next = ok((await resolve([noId(p)]))[0])
    assert.deepEqual([next.created, next.consumerKey === gone.consumerKey], [true, false])
    assert.equal(await claims(p), 1)
  })

  // Two transactions on two connections create the same new person at the same time: the second's lookup cannot
  // see the first's uncommitted consumer. With or without national IDs, one consumer remains; sent again, the
  // refused one ends as it would have after the first (sequentially it matches by name, birth date, postcode).
  for (const [what, firstOf, secondOf] of [
    ['neither has a national ID', noId, noId],
    ['only the first has a national ID', (p: IdentityInput) => p, noId],
    ['only the second has a national ID', noId, (p: IdentityInput) => p],
  ] as const)
    it(
      `keeps a person created by two concurrent transactions as one consumer (${what})`,
      { skip: !testingOnServer && 'PGlite has one connection: its transactions never overlap' },
      async () => {
        const p = person()
        let commitFirst!: () => void
        const firstMayCommit = new Promise<void>((r) => (commitFirst = r))
        let firstWritten!: () => void
        const firstHasWritten = new Promise<void>((r) => (firstWritten = r))
        const first = db.transaction(async (tx) => {
          const r = await identity.resolveIdentities(tx, [firstOf(p)], '2026-01-31', 'acme-bank')
          firstWritten()
          await firstMayCommit
          return r
        })
        await firstHasWritten
        const second = resolve([secondOf(p)], 'rival-bank').then(
          () => undefined,
          (e: unknown) => e,
        )
        // The second transaction now waits on the first one's uncommitted claim.
        const waits = await eventually(async () => {
          const r = await sql<{ n: number }>`
            select count(*)::int as n from pg_stat_activity
             where datname = current_database() and wait_event_type = 'Lock'`.execute(db.kysely)
          return r.rows[0]!.n > 0
        }, 3000)
        commitFirst()
        const kept = ok((await first)[0]).consumerKey
        const refused = await second
        assert.ok(waits, 'the second transaction waits for the first')
        assert.ok(isConflict(refused), String(refused))
        assert.deepEqual(await identity.findConsumerByDemographics(query(p)), {
          match: 'unique',
          consumerKey: kept,
        })
        const again = ok((await resolve([secondOf(p)], 'rival-bank'))[0])
        assert.deepEqual([again.consumerKey, again.created], [kept, false])
        assert.equal(ok((await resolve([noId(p)], 'third-bank'))[0]).consumerKey, kept)
      },
    )

  it(
    'refuses one of two transactions that claim two keys in opposite orders (a deadlock), and keeps the other',
    { skip: !testingOnServer && 'PGlite has one connection: its transactions never overlap' },
    async () => {
      const [p1, p2] = [person(), person()].map(noId)
      const signal = () => {
        let done!: () => void
        const when = new Promise<void>((r) => (done = r))
        return { done, when }
      }
      const [aClaimed, bClaimed] = [signal(), signal()]
      // Each claims one key, then the other's: each waits for the other, and PostgreSQL ends one of them (40P01).
      const a = db.transaction(async (tx) => {
        await identity.resolveIdentities(tx, [p1!], '2026-01-31', 'acme-bank')
        aClaimed.done()
        await bClaimed.when
        await identity.resolveIdentities(tx, [p2!], '2026-01-31', 'acme-bank')
      })
      const b = db.transaction(async (tx) => {
        await aClaimed.when
        await identity.resolveIdentities(tx, [p2!], '2026-01-31', 'rival-bank')
        bClaimed.done()
        await identity.resolveIdentities(tx, [p1!], '2026-01-31', 'rival-bank')
      })
      const outcomes = await Promise.allSettled([a, b])
      const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => o.reason as unknown)
      assert.equal(refused.length, 1)
      assert.ok(isConflict(refused[0]), String(refused[0]))
      for (const p of [p1!, p2!]) assert.equal(await owners(p), 1)
    },
  )
})

describe('migration 0018_match_key_claims on a database that holds consumers', () => {
  it('claims every match key that names a consumer, once', async () => {
    const db = await openTestDb({ migrate: false })
    const earlier = mkdtempSync(join(tmpdir(), 'ob-migrations-'))
    try {
      for (const f of readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql') && !f.startsWith('0018_')))
        copyFileSync(join(MIGRATIONS_DIR, f), join(earlier, f))
      await migrate(db, earlier)
      const [shared, single] = [person(), person()].map(keyOf)
      await sql`
        insert into match_keys (match_key, consumer_key)
        values (${shared}, gen_random_uuid()), (${shared}, gen_random_uuid()), (${single}, gen_random_uuid())`.execute(
        db.kysely,
      )
      assert.deepEqual((await migrate(db)).applied, ['0018_match_key_claims'])
      const r = await sql<{ k: string }>`
        select encode(match_key, 'hex') as k from match_key_claims order by 1`.execute(db.kysely)
      assert.deepEqual(
        r.rows.map((x) => x.k),
        [shared!.toString('hex'), single!.toString('hex')].sort(),
      )
    } finally {
      rmSync(earlier, { recursive: true, force: true })
      await db.dispose()
    }
  })
})
