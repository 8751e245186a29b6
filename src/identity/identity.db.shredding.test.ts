// The identity service on the database, crypto-shredding and no PII in clear: a shredded consumer's values stay
// unreadable and the person unlinkable, a value moved onto another consumer does not decrypt, and no identity
// table holds a national ID, name, birth date, address or phone in clear. Runs for both sealing modes
// (identity.db.fixture.ts).
import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import { sql } from 'kysely'
import type { TestDb } from '../platform/testing.ts'
import { describeIdentityDb, IDENTITY_TABLES, ok, person } from './identity.db.fixture.ts'
import type { IdentityService } from './index.ts'

describeIdentityDb((fx) => {
  const { shredded, resolve, count } = fx
  let db: TestDb
  let identity: IdentityService
  before(() => ({ db, identity } = fx))

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
})
