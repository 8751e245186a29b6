// Found by probing: a member's Metro 2 identification numbers could only be given at registration, so a furnisher
// that gained a number (a portfolio bought, an L1 change to a new number) could never furnish under it. They are
// now added with `members add-metro2-id` and POST /v1/members/{id}/metro2-ids, checked as at registration.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { testApp } from '../app.fixture.ts'
import { sampleBase, sampleHeader, writeMetro2 } from '../metro2/index.ts'
import { createModules, type Modules } from '../modules.ts'
import { AppError } from '../platform/errors.ts'
import type { HttpServer } from '../platform/http/index.ts'
import type { Listening } from '../platform/notifications.ts'
import { eventually, openTestDb, type TestDb } from '../platform/testing.ts'
import { buildServer } from '../server.ts'
import { createMembersModule, type MembersService } from './index.ts'

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes
}

/** A Metro 2 file of one account, furnished under `metro2Id`. */
const fileUnder = (metro2Id: string, account: string) =>
  writeMetro2(
    {
      header: sampleHeader('2024-05-31', { transUnionProgramIdentifier: metro2Id }),
      data: [
        {
          base: sampleBase({
            identificationNumber: metro2Id,
            consumerAccountNumber: account,
            socialSecurityNumber: 123456781,
            telephoneNumber: 0,
          }),
          j1: [],
          j2: [],
        },
      ],
    },
    { format: 'fixed', lineBreaks: true },
  )

describe('adding Metro 2 identification numbers to a member', () => {
  let db: TestDb
  let mods: Modules
  let server: HttpServer
  const keys: Record<string, string> = {}
  before(async () => {
    db = await openTestDb()
    mods = createModules(testApp(db))
    const add = (
      id: string,
      kind: 'bureau' | 'bank',
      roles: ('operator' | 'furnisher')[],
      metro2Ids: string[],
    ) => mods.members.add({ id, name: id, kind, roles, metro2Ids })
    await add('bureau', 'bureau', ['operator'], [])
    await add('bank', 'bank', ['furnisher'], ['BANK01'])
    await add('other', 'bank', ['furnisher'], ['OTHER01'])
    for (const id of ['bureau', 'bank']) keys[id] = (await mods.members.createApiKey(id)).key
    server = await buildServer(testApp(db), mods, { rateLimit: false, logRequests: false })
  })
  after(async () => {
    await server.close()
    await mods.close()
    await db.dispose()
  })

  const post = (as: string, id: string, payload: unknown) =>
    server.inject({
      method: 'POST',
      url: `/v1/members/${id}/metro2-ids`,
      headers: { authorization: `Bearer ${keys[as]}` },
      payload: payload as object,
    })
  const added = async () =>
    (await mods.audit.tail({ limit: 50 })).filter((e) => e.action === 'member.metro2_ids_added')

  it('lets a furnisher furnish under a number added after its registration', async () => {
    const under = (account: string) =>
      mods.furnishing.ingest.ingest({ source: once(fileUnder('BANK02', account)), furnisher: 'bank' })
    const refused = await under('ACCT-1')
    assert.ok(refused.status === 'applied', JSON.stringify(refused))
    assert.deepEqual(
      refused.issues.map((i) => i.rule),
      ['furnisher.identification_number'],
    )
    await assert.rejects(mods.members.resolveFurnisher(undefined, ['BANK02']), /no registered furnisher/)
    const res = await post('bureau', 'bank', { metro2Ids: ['BANK02', 'BANK02'] })
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(res.json<{ metro2Ids: string[] }>().metro2Ids, ['BANK01', 'BANK02'])
    const ingested = await under('ACCT-2')
    assert.ok(ingested.status === 'applied' && ingested.counts.rejected === 0, JSON.stringify(ingested))
    assert.equal((await mods.members.resolveFurnisher(undefined, ['BANK02'])).id, 'bank')
    // Recorded once, with the numbers added.
    const events = await added()
    assert.equal(events.length, 1)
    assert.equal(events[0]!.target, 'bank')
    assert.deepEqual(events[0]!.details, { memberId: 'bank', metro2Ids: ['BANK02'] })
  })

  it('keeps a number the member holds already, and records nothing when every one is held', async () => {
    const res = await post('bureau', 'bank', { metro2Ids: ['BANK01', 'BANK02'] })
    assert.equal(res.statusCode, 200, res.body)
    assert.deepEqual(res.json<{ metro2Ids: string[] }>().metro2Ids, ['BANK01', 'BANK02'])
    assert.equal((await added()).length, 1)
  })

  it("refuses another member's number as registration does, and adds none of the others", async () => {
    const res = await post('bureau', 'bank', { metro2Ids: ['BANK03', 'OTHER01'] })
    assert.equal(res.statusCode, 409, res.body)
    // The same answer as registration gives for the number: its owner named, nothing more.
    await assert.rejects(
      mods.members.add({
        id: 'third',
        name: 'T',
        kind: 'bank',
        roles: ['furnisher'],
        metro2Ids: ['OTHER01'],
      }),
      (e: Error) => e.message === res.json<{ error: { message: string } }>().error.message,
    )
    assert.deepEqual((await mods.members.get('bank')).metro2Ids, ['BANK01', 'BANK02'])
    assert.deepEqual((await mods.members.get('other')).metro2Ids, ['OTHER01'])
  })

  it('refuses a malformed number, an empty list, an unknown member and a caller that is not the operator', async () => {
    const bad = await post('bureau', 'bank', { metro2Ids: ['000000'] })
    assert.equal(bad.statusCode, 400, bad.body)
    assert.match(bad.body, /never zero or nine filled/)
    assert.equal((await post('bureau', 'bank', { metro2Ids: [] })).statusCode, 400)
    assert.equal((await post('bureau', 'bank', { metro2Ids: ['X1'], more: 1 })).statusCode, 400)
    assert.equal((await post('bureau', 'ghost', { metro2Ids: ['GHOST01'] })).statusCode, 404)
    assert.equal((await post('bank', 'bank', { metro2Ids: ['MINE01'] })).statusCode, 403)
    await assert.rejects(
      mods.members.addMetro2Ids('bank', ['bad id']),
      (e: Error) =>
        e instanceof AppError &&
        e.code === 'invalid_input' &&
        /metro2Ids\.0: .*letters and digits/.test(e.message),
    )
    assert.deepEqual((await mods.members.get('bank')).metro2Ids, ['BANK01', 'BANK02'])
  })
})

describe('a cached key holder after its member gains a number', () => {
  let db: TestDb
  let members: MembersService
  let elsewhere: MembersService
  let caching: Listening
  before(async () => {
    db = await openTestDb()
    members = createMembersModule(db)
    elsewhere = createMembersModule(db)
    caching = await members.cacheKeys(db.listen)
    await members.add({ id: 'bank', name: 'Bank', kind: 'bank', roles: ['furnisher'], metro2Ids: ['BANK01'] })
  })
  after(async () => {
    await caching.stop()
    await db.dispose()
  })

  it('serves the member with the number, in the process that added it and, by its notice, in another', async () => {
    const { key } = await members.createApiKey('bank')
    const numbers = async () => (await members.authenticate(key, { cached: true }))?.metro2Ids
    assert.deepEqual(await numbers(), ['BANK01'])
    await members.addMetro2Ids('bank', ['BANK02'])
    assert.deepEqual(await numbers(), ['BANK01', 'BANK02'])
    await elsewhere.addMetro2Ids('bank', ['BANK03'])
    assert.ok(
      await eventually(async () => (await numbers())?.length === 3, 2000),
      'the other process heard of the change',
    )
  })
})
