// A match key (name, birth date and postcode) that names many consumers, each under a national ID of their own:
// resolution needs to know only none, one or several of its owners, so the chunk's lookup brings two of them at
// most, not every owner with its PII (found by probing: 60,000 such people in one file took five minutes).
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { sql } from 'kysely'
import { describeIdentityDb, ok, person } from './identity.db.fixture.ts'
import { createIdentityStore } from './identity.store.ts'

describeIdentityDb((fx) => {
  it('looks up two owners of a key that names six, and still resolves each record as before', async () => {
    const first = person()
    const same = { surname: first.surname, firstName: first.firstName, birthDate: first.birthDate }
    const people = [
      first,
      ...Array.from({ length: 5 }, () => ({ ...person(), ...same, address: first.address })),
    ]
    const created = (await fx.resolve(people)).map(ok)
    assert.equal(new Set(created.map((r) => r.consumerKey)).size, 6)
    const { rows } = await sql<{ match_key: Uint8Array }>`
      select match_key from match_keys group by match_key having count(*) = 6`.execute(fx.db.kysely)
    assert.equal(rows.length, 1)
    const key = Buffer.from(rows[0]!.match_key)

    const found = await fx.db.transaction((tx) =>
      createIdentityStore(fx.db).lookupForResolution(tx, [], [key]),
    )
    assert.equal(found.matchKeys.length, 2)
    assert.equal(found.consumers.length, 2)

    const [noId, newId, known] = await fx.resolve([
      { ...people[2]!, nationalId: undefined },
      { ...person(), ...same, address: first.address },
      people[3]!,
    ])
    assert.deepEqual(noId?.ok === false && noId.reason, 'ambiguous')
    assert.deepEqual([ok(newId).reason, ok(newId).created], ['new_consumer_ambiguous', true])
    assert.deepEqual(ok(known), {
      ok: true,
      consumerKey: created[3]!.consumerKey,
      reason: 'id_token',
      created: false,
    })
    const owners = await fx.count('match_keys', sql`match_key = ${key}`)
    assert.equal(owners, 7, 'the new person joins the key, the known one is not stored twice')
  })
})
