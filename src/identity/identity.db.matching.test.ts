// The identity service on the database, matching and learning: who a record names (by national ID, or by name,
// birth date and postcode when the ID is missing), what it teaches the file, when it refuses to guess or to name
// anyone, and look-ups that must find without creating. Runs for both sealing modes (identity.db.fixture.ts).
import assert from 'node:assert/strict'
import { before, it } from 'node:test'
import { AppError } from '../platform/errors.ts'
import { describeIdentityDb, ok, person } from './identity.db.fixture.ts'
import type { IdentityService } from './index.ts'

describeIdentityDb((fx) => {
  const { resolve, count } = fx
  let identity: IdentityService
  before(() => ({ identity } = fx))

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
    assert.deepEqual([name.firstSeen, name.lastSeen, name.source], ['2026-01-31', '2026-02-28', 'acme-bank'])
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

    // Without a national ID it is left unresolved, each time: a new consumer would make the key more
    // ambiguous still, and another would appear with every monthly file (found by probing).
    for (let month = 0; month < 2; month++) {
      const [noId] = await resolve([{ ...a, nationalId: undefined }])
      assert.deepEqual(noId?.ok === false && noId.reason, 'ambiguous')
    }
    const q = { surname: a.surname, firstName: a.firstName, birthDate: a.birthDate!, postcode: a.postcode }
    assert.deepEqual(await identity.findConsumerByDemographics(q), { match: 'ambiguous', candidates: 2 })
    const rc = ok((await resolve([{ ...person(), address: a.address }]))[0])
    assert.deepEqual(
      [rc.reason, rc.created],
      ['new_consumer_ambiguous', true],
      'a new national ID is a new person',
    )
  })

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
})
