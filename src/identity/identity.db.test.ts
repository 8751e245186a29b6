import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { generateSecrets } from '../config.ts'
import { AppError } from '../platform/errors.ts'
import { openTestDb, testingOnServer, type TestDb } from '../platform/testing.ts'
import { createIdentityModule, type IdentityInput, type IdentityService, type Resolution } from './index.ts'

const IDENTITY_TABLES = ['consumers', 'consumer_keys', 'consumer_pii', 'id_tokens', 'match_keys']

// Every test uses people of its own (SSN serial and postcode from a counter), so tests share one database.
let n = 0
function person(over: Partial<IdentityInput> = {}): IdentityInput & { ssn: string; postcode: string } {
  n++
  const ssn = `512-34-${String(n).padStart(4, '0')}`
  const postcode = String(60000 + n)
  return {
    ssn,
    postcode,
    nationalId: { type: 'us-ssn', normalised: ssn.replace(/-/g, '') },
    surname: 'Whitcombe',
    firstName: 'Ottoline',
    middleName: 'Q',
    birthDate: '1971-03-14',
    address: {
      line1: '12 Quillfeather Lane',
      line2: '',
      city: 'Springfield',
      state: 'IL',
      postcode,
      country: 'US',
    },
    phone: '217-555-0134',
    ...over,
  }
}

const ok = (r: Resolution | undefined) => {
  assert.ok(r?.ok, `expected a resolution, got ${JSON.stringify(r)}`)
  return r
}

// Every test twice: new consumers sealed in this thread (chunks under SEAL_OFF_THREAD_FROM) and on the worker
// thread (from one new consumer up), which must store exactly the same.
for (const [where, sealOffThreadFrom] of [
  ['in this thread', undefined],
  ['on the worker thread', 0],
] as const)
  describe(`IdentityService on the database, new consumers sealed ${where}`, () => {
    let db: TestDb
    let identity: IdentityService
    const secrets = generateSecrets()
    const shredded: string[] = []

    before(async () => {
      db = await openTestDb()
      identity = createIdentityModule(db, secrets, {
        record: async (e) => void shredded.push(e.consumerKey),
        sealOffThreadFrom,
      })
    })
    after(() => db.dispose())

    const resolve = (items: IdentityInput[], asOf = '2026-01-31', source = 'acme-bank') =>
      db.transaction((tx) => identity.resolveIdentities(tx, items, asOf, source))

    const count = async (table: string, where = sql`true`) =>
      (
        await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(
          db.kysely,
        )
      ).rows[0]!.n

    it('creates a consumer, then finds them by national ID in a later file and records what is new', async () => {
      const p = person()
      const first = ok((await resolve([p], '2026-01-31'))[0])
      assert.deepEqual(
        { reason: first.reason, created: first.created },
        { reason: 'new_consumer', created: true },
      )

      const moved = {
        ...p,
        address: { ...p.address!, line1: '9 Larkspur Court' },
        surname: 'WHITCOMBE',
        firstName: 'OTTOLINE',
      }
      const again = ok((await resolve([moved], '2026-02-28', 'other-bank'))[0])
      assert.deepEqual(again, {
        ok: true,
        consumerKey: first.consumerKey,
        reason: 'id_token',
        created: false,
      })

      const id = (await identity.readIdentity(first.consumerKey))!
      assert.equal(id.shredded, false)
      const name = id.names[0]
      assert.equal(id.names.length, 1, 'the same name in capitals is the same value')
      assert.ok(name?.readable)
      assert.deepEqual(name.value, {
        surname: 'Whitcombe',
        firstName: 'Ottoline',
        middleName: 'Q',
        generation: '',
      })
      assert.deepEqual(
        [name.firstSeen, name.lastSeen, name.source],
        ['2026-01-31', '2026-02-28', 'acme-bank'],
      )
      assert.deepEqual(
        id.addresses.map((a) =>
          a.readable ? [a.value.line1, a.firstSeen, a.lastSeen, a.source] : 'unreadable',
        ),
        [
          ['9 Larkspur Court', '2026-02-28', '2026-02-28', 'other-bank'],
          ['12 Quillfeather Lane', '2026-01-31', '2026-01-31', 'acme-bank'],
        ],
      )
      assert.deepEqual(
        id.birthDates.map((b) => b.readable && b.value),
        ['1971-03-14'],
      )
      assert.deepEqual(
        id.phones.map((b) => b.readable && b.value),
        ['2175550134'],
      )
      assert.equal(
        await identity.findConsumerByNationalId('us-ssn', p.ssn.replace(/-/g, ' ')),
        first.consumerKey,
      )
    })

    it('matches by name, birth date and postcode when the national ID is missing, and learns a new ID that way', async () => {
      const p = person()
      const first = ok((await resolve([{ ...p, nationalId: undefined }]))[0])
      assert.equal(first.reason, 'new_consumer')

      const spelled = {
        ...p,
        surname: 'whitcombe',
        firstName: 'Ottoline.',
        address: { ...p.address!, postcode: `${p.postcode}1234` },
      }
      const byName = ok((await resolve([spelled]))[0])
      assert.deepEqual(byName, {
        ok: true,
        consumerKey: first.consumerKey,
        reason: 'name_birth_postcode',
        created: false,
      })
      assert.equal(await identity.findConsumerByNationalId('us-ssn', p.ssn), first.consumerKey)

      const byId = ok((await resolve([{ ...p, address: { ...p.address!, postcode: '99999' } }]))[0])
      assert.deepEqual([byId.consumerKey, byId.reason], [first.consumerKey, 'id_token'])
      assert.deepEqual(
        await identity.findConsumerByDemographics({
          surname: 'WHITCOMBE',
          firstName: 'OTTOLINE',
          birthDate: '1971-03-14',
          postcode: '99999',
        }),
        { match: 'unique', consumerKey: first.consumerKey },
      )
    })

    it('does not guess when the name key belongs to several consumers, and says so', async () => {
      const a = person()
      const b = { ...person(), address: a.address } // same name, birth date and postcode, another SSN
      const rs = (await resolve([a, b])).map(ok)
      const [ra, rb] = [rs[0]!, rs[1]!]
      assert.equal(rb.reason, 'new_consumer_id_conflict')
      assert.equal(rb.created, true)
      assert.notEqual(ra.consumerKey, rb.consumerKey)

      const noId = ok((await resolve([{ ...a, nationalId: undefined }]))[0])
      assert.equal(noId.reason, 'new_consumer_ambiguous')
      assert.equal(noId.created, true)
      assert.ok(![ra.consumerKey, rb.consumerKey].includes(noId.consumerKey))
      const q = { surname: a.surname, firstName: a.firstName, birthDate: a.birthDate!, postcode: a.postcode }
      assert.deepEqual(await identity.findConsumerByDemographics(q), { match: 'ambiguous', candidates: 3 })
    })

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

    it('answers a record that names no one with a reason, in its place among the others', async () => {
      const good = person()
      const rs = await resolve([
        { ...person(), nationalId: undefined, address: undefined },
        good,
        { ...person(), nationalId: { type: 'us-ssn', normalised: '666123456' } },
        { ...person(), birthDate: '1971-02-30' },
        { ...person(), nationalId: undefined, birthDate: null },
      ])
      assert.deepEqual(
        rs.map((r) => r.reason),
        [
          'insufficient_identity',
          'new_consumer',
          'invalid_national_id',
          'invalid_birth_date',
          'insufficient_identity',
        ],
      )
      assert.ok(rs.every((r) => r.ok || r.message.length > 10))
    })

    it('only looks for a consumer who is to be found, never creating one or learning from them', async () => {
      const known = person()
      const first = ok((await resolve([known]))[0])
      const [before, values] = [await count('consumers'), await count('consumer_pii')]
      const rs = await resolve([
        { ...known, phone: '217-555-0199', findOnly: true },
        { ...known, nationalId: undefined, findOnly: true },
        { ...person(), findOnly: true },
      ])
      assert.deepEqual(
        rs.map((r) => (r.ok ? [r.consumerKey, r.reason, r.created] : r.reason)),
        [
          [first.consumerKey, 'id_token', false],
          [first.consumerKey, 'name_birth_postcode', false],
          'not_on_file',
        ],
      )
      assert.deepEqual([await count('consumers'), await count('consumer_pii')], [before, values])
    })

    it('refuses a malformed national ID in a look-up, and finds nothing for an unknown one', async () => {
      await assert.rejects(
        identity.findConsumerByNationalId('us-ssn', '078-05-1120'),
        (e: unknown) => e instanceof AppError && e.code === 'invalid_input',
      )
      assert.equal(await identity.findConsumerByNationalId('hu-tax', '8450017777'), undefined)
      assert.equal(await identity.readIdentity('00000000-0000-4000-8000-000000000000'), undefined)
      assert.equal(await identity.readIdentity('not-a-key'), undefined)
    })

    it('links national IDs of every type to one consumer', async () => {
      const p = person()
      const key = ok((await resolve([p]))[0]).consumerKey
      const rs = await resolve([
        { ...p, nationalId: { type: 'hu-tax', normalised: '8071592153' } },
        { ...p, nationalId: { type: 'cn-rid', normalised: '11010519491231002X' } },
      ])
      assert.deepEqual(
        rs.map((r) => ok(r).consumerKey),
        [key, key],
      )
      assert.equal(await identity.findConsumerByNationalId('cn-rid', '11010519491231002x'), key)
      assert.equal(await identity.findConsumerByNationalId('hu-tax', '8071592153'), key)
    })

    it('crypto-shreds a consumer: PII unreadable, ID and name keys gone, the person unlinkable', async () => {
      const p = person()
      const key = ok((await resolve([p]))[0]).consumerKey
      const stored = await count('consumer_pii', sql`consumer_key = ${key}::uuid`)

      const done = await identity.shredConsumer(key.toUpperCase())
      assert.deepEqual(done, {
        status: 'shredded',
        consumerKey: key,
        idTokensDeleted: 1,
        matchKeysDeleted: 1,
      })
      assert.ok(shredded.includes(key))

      const id = (await identity.readIdentity(key))!
      assert.equal(id.shredded, true)
      const all = [...id.names, ...id.birthDates, ...id.addresses, ...id.phones]
      assert.equal(all.length, stored)
      assert.ok(all.every((e) => !e.readable && e.firstSeen === '2026-01-31'))
      assert.equal(await identity.findConsumerByNationalId('us-ssn', p.ssn), undefined)
      const q = { surname: p.surname, firstName: p.firstName, birthDate: p.birthDate!, postcode: p.postcode }
      assert.deepEqual(await identity.findConsumerByDemographics(q), { match: 'none' })
      assert.equal(await count('match_keys', sql`consumer_key = ${key}::uuid`), 0)

      assert.equal((await identity.shredConsumer(key)).status, 'already_shredded')
      assert.equal((await identity.shredConsumer('00000000-0000-4000-8000-000000000000')).status, 'not_found')
      const back = ok((await resolve([p]))[0])
      assert.equal(back.created, true)
      assert.notEqual(back.consumerKey, key)
    })

    it('does not decrypt a value moved onto another consumer', async () => {
      const rs = (await resolve([person(), person({ surname: 'Abernethy' })])).map(ok)
      const [a, b] = [rs[0]!, rs[1]!]
      await sql`
      update consumer_pii
         set ciphertext = (select ciphertext from consumer_pii where consumer_key = ${a.consumerKey}::uuid and kind = 'name')
       where consumer_key = ${b.consumerKey}::uuid and kind = 'name'`.execute(db.kysely)
      const id = (await identity.readIdentity(b.consumerKey))!
      assert.equal(id.shredded, false)
      assert.deepEqual(
        id.names.map((e) => e.readable),
        [false],
      )
      assert.ok(id.addresses.every((e) => e.readable))
    })

    it('stores no national ID, name, birth date, address or phone in clear in any identity table', async () => {
      const people = [
        person({ surname: 'Zebulonsky', firstName: 'Perpetua' }),
        person({
          surname: 'Kovács',
          firstName: 'Erzsébet',
          nationalId: { type: 'hu-tax', normalised: '8428720010' },
        }),
        person({
          surname: '欧阳',
          firstName: '娜娜',
          nationalId: { type: 'cn-rid', normalised: '510107198207041237' },
        }),
      ]
      await resolve(people)
      const clear = people.flatMap((p) => [
        p.nationalId!.normalised,
        p.ssn,
        p.surname,
        p.surname.toUpperCase(),
        p.firstName,
        p.firstName.toUpperCase(),
        '1971-03-14',
        '19710314',
        'Quillfeather',
        'QUILLFEATHER',
        '2175550134',
      ])
      const columns = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select table_name, column_name, data_type from information_schema.columns
       where table_schema = current_schema() and table_name in (${sql.join(IDENTITY_TABLES)})
         and data_type in ('text', 'bytea', 'character varying', 'jsonb', 'json')`.execute(db.kysely)
      assert.ok(columns.rows.length >= 7, 'every text and bytea column is scanned')
      let scanned = 0
      for (const c of columns.rows) {
        const values = await sql<{
          v: string | Uint8Array | null
        }>`select ${sql.ref(c.column_name)} as v from ${sql.table(c.table_name)}`.execute(db.kysely)
        for (const { v } of values.rows) {
          if (v === null) continue
          scanned++
          const bytes = Buffer.from(v)
          for (const s of clear) {
            assert.equal(
              bytes.includes(Buffer.from(s)),
              false,
              `${c.table_name}.${c.column_name} holds "${s}" in clear`,
            )
          }
        }
      }
      assert.ok(scanned > 20)
    })

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
