// What a probe of the register found: a Metro 2 number named twice broke the insert, a key label could forge
// rows of `keys list`, two operators suspending each other at once both succeeded, and a change whose audit
// event failed was stored anyway. Each change now commits with its event, or not at all.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AppError } from '../platform/errors.ts'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { createMembersModule, type MemberEvent, type MembersService } from './index.ts'

describe('MembersService integrity', () => {
  let db: TestDb
  let members: MembersService
  const events: MemberEvent[] = []
  let auditDown = false
  const operator = (id: string) =>
    members.add({ id, name: id, kind: 'bureau', roles: ['operator'], metro2Ids: [] })

  before(async () => {
    db = await openTestDb()
    members = createMembersModule(db, {
      record: async (_tx, e) => {
        if (auditDown) throw new Error('the audit log cannot be written')
        events.push(e)
      },
    })
    await members.add({ id: 'bank', name: 'Bank', kind: 'bank', roles: ['furnisher'], metro2Ids: [] })
  })
  after(() => db.dispose())

  it('registers a Metro 2 number named twice once, as a role named twice', async () => {
    const m = await members.add({
      id: 'twice',
      name: 'Twice',
      kind: 'bank',
      roles: ['furnisher', 'furnisher'],
      metro2Ids: ['TW001', 'TW001'],
    })
    assert.deepEqual([m.roles, m.metro2Ids], [['furnisher'], ['TW001']])
  })

  it('refuses a key label with a control character or over 200 characters, and issues no key', async () => {
    for (const label of ['ci\nkey id  label\n----  forged', 'x'.repeat(201), '  ']) {
      await assert.rejects(
        members.createApiKey('bank', label),
        (e: Error) =>
          e instanceof AppError && e.code === 'invalid_input' && /^invalid key: label: /.test(e.message),
        JSON.stringify(label.slice(0, 20)),
      )
    }
    assert.deepEqual(await members.apiKeys('bank'), [])
    const { info } = await members.createApiKey('bank', '  nightly upload  ')
    assert.equal(info.label, 'nightly upload')
  })

  it('records a change of status once: suspending a suspended member records nothing', async () => {
    const before = events.length
    await members.suspend('twice')
    await members.suspend('twice')
    await members.reactivate('twice')
    await members.reactivate('twice')
    assert.deepEqual(
      events.slice(before).map((e) => e.action),
      ['member.suspended', 'member.reactivated'],
    )
  })

  it('lets only one of two operators suspending each other at once succeed', async () => {
    await operator('ops-a')
    await operator('ops-b')
    const results = await Promise.allSettled([members.suspend('ops-a'), members.suspend('ops-b')])
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected'])
    const refused = results.find((r) => r.status === 'rejected')
    assert.match(String(refused?.reason), /the last active operator/)
    const active = (await members.list()).filter((m) => m.roles.includes('operator') && m.status === 'active')
    assert.equal(active.length, 1)
  })

  it('stores no member, key, suspension or revocation whose audit event cannot be recorded', async () => {
    const { info } = await members.createApiKey('bank', 'kept')
    const keysBefore = await members.apiKeys('bank')
    auditDown = true
    try {
      const down = /the audit log cannot be written/
      await assert.rejects(
        members.add({ id: 'unrecorded', name: 'U', kind: 'bank', roles: ['user'], metro2Ids: ['UN001'] }),
        down,
      )
      await assert.rejects(members.createApiKey('bank', 'unrecorded'), down)
      await assert.rejects(members.suspend('bank'), down)
      await assert.rejects(members.revokeApiKey(info.keyId), down)
      await assert.rejects(members.rotateApiKey(info.keyId), down)
    } finally {
      auditDown = false
    }
    await assert.rejects(members.get('unrecorded'), /no member/)
    assert.equal((await members.resolveFurnisher(undefined, ['UN001']).catch(() => undefined))?.id, undefined)
    assert.equal((await members.get('bank')).status, 'active')
    assert.deepEqual(await members.apiKeys('bank'), keysBefore)
  })
})
