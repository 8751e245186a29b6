// The identity service on the database, chunks and transactions: one person twice in a chunk, chunks that see
// the ones before them (written or not yet), a rollback that leaves nothing behind, a concurrent registration of
// the same national ID, and a chunk of thousands. Runs for both sealing modes (identity.db.fixture.ts).
import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import { sql } from 'kysely'
import { AppError } from '../platform/errors.ts'
import { testingOnServer, type TestDb } from '../platform/testing.ts'
import { describeIdentityDb, IDENTITY_TABLES, ok, person } from './identity.db.fixture.ts'
import type { IdentityService } from './index.ts'

describeIdentityDb((fx) => {
  const { resolve, count } = fx
  let db: TestDb
  let identity: IdentityService
  before(() => ({ db, identity } = fx))

  it('keeps one person twice in a chunk as one consumer, by ID and by name', async () => {
    const p = person()
    const q = { ...person(), nationalId: undefined }
    const rs = (
      await resolve([
        p,
        q,
        { ...p, phone: '217-555-0199' },
        q,
        { ...q, nationalId: p.nationalId, address: q.address },
      ])
    ).map(ok)
    assert.deepEqual(
      rs.map((r) => [r.reason, r.created]),
      [
        ['new_consumer', true],
        ['new_consumer', true],
        ['id_token', false],
        ['name_birth_postcode', false],
        ['id_token', false],
      ],
    )
    assert.equal(new Set([rs[0]!.consumerKey, rs[2]!.consumerKey, rs[4]!.consumerKey]).size, 1)
    assert.equal(rs[1]!.consumerKey, rs[3]!.consumerKey)
    assert.equal(await count('id_tokens', sql`consumer_key = ${rs[0]!.consumerKey}::uuid`), 1)
    assert.equal(
      await count('consumer_pii', sql`consumer_key = ${rs[0]!.consumerKey}::uuid and kind = 'phone'`),
      2,
    )
    assert.equal(
      await count('consumer_pii', sql`consumer_key = ${rs[1]!.consumerKey}::uuid and kind = 'name'`),
      1,
    )
  })

  it('sees earlier chunks of the same transaction', async () => {
    const p = person()
    const [first, second] = await db.transaction(
      async (tx) =>
        [
          await identity.resolveIdentities(tx, [p], '2026-01-31', 'acme-bank'),
          await identity.resolveIdentities(
            tx,
            [p, { ...p, nationalId: undefined }],
            '2026-01-31',
            'acme-bank',
          ),
        ] as const,
    )
    const key = ok(first[0]).consumerKey
    assert.deepEqual(
      second.map((r) => ok(r)).map((r) => [r.consumerKey, r.reason]),
      [
        [key, 'id_token'],
        [key, 'name_birth_postcode'],
      ],
    )
  })

  it('sees the two chunks before, even when their rows have not reached the database yet', async () => {
    const p = person()
    const moved = { ...p, address: { ...p.address!, line1: '3 Other Street' } }
    const later = person({ nationalId: undefined, surname: 'Unrelated' })
    const [a, b, c] = await db.transaction(async (tx) => {
      const resolver = identity.resolver(tx, 'acme-bank')
      // All three lookups are answered before any chunk has written a row, as in ingestion's pipeline.
      const lookups = [
        await resolver.lookup([p]),
        await resolver.lookup([{ ...p, nationalId: undefined }, moved]),
        await resolver.lookup([later, p]),
      ]
      const chunks = []
      for (const [i, l] of lookups.entries()) chunks.push(await resolver.resolve(l, `2026-0${i + 1}-28`))
      for (const chunk of chunks) await chunk.write()
      return chunks.map((x) => x.resolutions.map((r) => ok(r)))
    })
    const key = a![0]!.consumerKey
    assert.deepEqual(
      [...b!, c![1]!].map((r) => [r.consumerKey, r.reason, r.created]),
      [
        [key, 'name_birth_postcode', false],
        [key, 'id_token', false],
        [key, 'id_token', false],
      ],
    )
    assert.equal(c![0]!.created, true)
    // One row per value, however many chunks repeated it, with the dates of every chunk that named it.
    const where = sql`consumer_key = ${key}::uuid`
    assert.equal(await count('consumers', where), 1)
    assert.equal(await count('id_tokens', where), 1)
    assert.equal(await count('consumer_pii', sql`${where} and kind = 'address'`), 2)
    const name = await sql<{ first_seen: string; last_seen: string }>`
    select first_seen::text, last_seen::text from consumer_pii where ${where} and kind = 'name'`.execute(
      db.kysely,
    )
    assert.deepEqual(name.rows, [{ first_seen: '2026-01-28', last_seen: '2026-03-28' }])
  })

  it('leaves nothing behind when the transaction rolls back', async () => {
    const before = await Promise.all(IDENTITY_TABLES.map((t) => count(t)))
    await assert.rejects(
      db.transaction(async (tx) => {
        await identity.resolveIdentities(
          tx,
          [person(), person({ nationalId: undefined })],
          '2026-01-31',
          'acme-bank',
        )
        throw new Error('the file failed later')
      }),
      /the file failed later/,
    )
    assert.deepEqual(await Promise.all(IDENTITY_TABLES.map((t) => count(t))), before)
  })

  it(
    'refuses to register a national ID that a concurrent transaction registered first',
    { skip: !testingOnServer },
    async () => {
      const p = person()
      let commitFirst!: () => void
      const firstMayCommit = new Promise<void>((r) => (commitFirst = r))
      let firstResolved!: () => void
      const firstHasResolved = new Promise<void>((r) => (firstResolved = r))
      const first = db.transaction(async (tx) => {
        const r = await identity.resolveIdentities(tx, [p], '2026-01-31', 'acme-bank')
        firstResolved()
        await firstMayCommit
        return r
      })
      await firstHasResolved
      const second = db
        .transaction((tx) => identity.resolveIdentities(tx, [p], '2026-01-31', 'rival-bank'))
        .then(
          () => undefined,
          (e: unknown) => e,
        )
      // The second transaction now waits on the first one's uncommitted token row.
      await new Promise((r) => setTimeout(r, 200))
      commitFirst()
      const key = ok((await first)[0]).consumerKey
      const refused = await second
      assert.ok(refused instanceof AppError && refused.code === 'conflict', String(refused))
      assert.equal(await identity.findConsumerByNationalId('us-ssn', p.ssn), key)
      assert.equal(await count('consumer_pii', sql`source = 'rival-bank'`), 0)
    },
  )

  it('resolves a chunk of thousands in one call with the same answers as one by one', async () => {
    const people = Array.from({ length: 3000 }, () => person())
    const doubled = [...people, ...people.slice(0, 500).map((p) => ({ ...p, nationalId: undefined }))]
    const rs = (await resolve(doubled)).map(ok)
    assert.equal(new Set(rs.map((r) => r.consumerKey)).size, 3000)
    assert.equal(rs.filter((r) => r.created).length, 3000)
    assert.deepEqual(
      rs.slice(3000).map((r) => r.consumerKey),
      rs.slice(0, 500).map((r) => r.consumerKey),
    )
    const again = (await resolve(people.slice(0, 10), '2026-03-31')).map(ok)
    assert.deepEqual(
      again.map((r) => r.consumerKey),
      rs.slice(0, 10).map((r) => r.consumerKey),
    )
  })
})
