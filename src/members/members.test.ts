import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AppError } from '../platform/errors.ts'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { createMembersModule, type MemberEvent, type MembersService } from './index.ts'

describe('MembersService', () => {
  let db: TestDb
  let members: MembersService
  const events: MemberEvent[] = []
  before(async () => {
    db = await openTestDb()
    members = createMembersModule(db, { record: async (_tx, e) => void events.push(e) })
    await members.add({
      id: 'first-bank',
      name: 'First Bank',
      kind: 'bank',
      roles: ['furnisher', 'user'],
      metro2Ids: ['FB00001'],
    })
  })
  after(() => db.dispose())

  it('registers a member with its roles and Metro 2 numbers, and lists it', async () => {
    const all = await members.list()
    assert.deepEqual(
      all.map((m) => [m.id, m.kind, m.roles, m.status, m.metro2Ids]),
      [['first-bank', 'bank', ['furnisher', 'user'], 'active', ['FB00001']]],
    )
    // The audit log records what was granted: the roles (an operator's above all) and the Metro 2 numbers.
    assert.deepEqual(events[0], {
      action: 'member.added',
      memberId: 'first-bank',
      details: { kind: 'bank', roles: ['furnisher', 'user'], metro2Ids: ['FB00001'] },
    })
  })

  it('refuses a duplicate id and a Metro 2 number that another member holds, naming them', async () => {
    await assert.rejects(
      members.add({ id: 'first-bank', name: 'X', kind: 'bank', roles: ['user'], metro2Ids: [] }),
      /member "first-bank" already exists/,
    )
    await assert.rejects(
      members.add({ id: 'other', name: 'X', kind: 'bank', roles: ['furnisher'], metro2Ids: ['FB00001'] }),
      /"FB00001" already belongs to member "first-bank"/,
    )
    assert.equal((await members.list()).length, 1)
  })

  it('rejects bad input with the field named', async () => {
    await assert.rejects(
      members.add({ id: 'Bad Id', name: '', kind: 'bank', roles: ['user'], metro2Ids: ['000000'] }),
      // An AppError naming each field, so that the CLI prints one line and exits 2 (not a ZodError's stack).
      (e: Error) =>
        e instanceof AppError &&
        e.code === 'invalid_input' &&
        /id: a member id/.test(e.message) &&
        /name: /.test(e.message) &&
        /metro2Ids\.0: .*zero or nine filled/.test(e.message),
    )
  })

  it('finds the furnisher of a file by its identification numbers, or explains why not', async () => {
    assert.equal((await members.resolveFurnisher(undefined, ['', 'FB00001'])).id, 'first-bank')
    await assert.rejects(members.resolveFurnisher(undefined, ['NOPE1']), /no registered furnisher.*NOPE1/)
    await assert.rejects(members.resolveFurnisher('ghost', []), /no member "ghost"/)
  })

  it('keeps an active operator: the last one cannot be suspended, one of two can', async () => {
    const operator = (id: string) =>
      members.add({ id, name: id, kind: 'bureau', roles: ['operator'], metro2Ids: [] })
    await operator('ops-a')
    await assert.rejects(
      members.suspend('ops-a'),
      (e: Error) =>
        e instanceof AppError &&
        e.code === 'conflict' &&
        /"ops-a" is the last active operator/.test(e.message),
    )
    assert.equal((await members.get('ops-a')).status, 'active')
    await operator('ops-b')
    assert.equal((await members.suspend('ops-a')).status, 'suspended')
    await assert.rejects(members.suspend('ops-b'), /"ops-b" is the last active operator/)
    assert.equal((await members.reactivate('ops-a')).status, 'active')
  })

  it('refuses a name with a control character', async () => {
    await assert.rejects(
      members.add({ id: 'nul-bank', name: 'A\u0000B', kind: 'bank', roles: ['user'], metro2Ids: [] }),
      /name: a name holds no control characters/,
    )
    // A C1 line break, a terminal's escape, a direction override: each would forge or hide text in a table.
    for (const [name, found] of [
      ['Evil\u0085Bank', 'U+0085'],
      ['Evil\u009b31mRED', 'U+009B'],
      ['Bank \u202eknaB', 'U+202E'],
    ]) {
      await assert.rejects(
        members.add({ id: 'c1-bank', name: name!, kind: 'bank', roles: ['user'], metro2Ids: [] }),
        new RegExp(`name: a name holds no control characters .*: ${found!.replace('+', '\\+')} found`),
      )
    }
    assert.equal(
      (await members.list()).some((m) => m.id === 'c1-bank'),
      false,
    )
  })

  it('suspends and reactivates', async () => {
    assert.equal((await members.suspend('first-bank')).status, 'suspended')
    assert.equal((await members.reactivate('first-bank')).status, 'active')
    await assert.rejects(members.suspend('ghost'), /no member/)
  })

  it('issues an API key shown once, stores only its hash, authenticates it, and stops after revocation', async () => {
    const { key, info } = await members.createApiKey('first-bank', 'ci')
    assert.match(key, /^ob_[a-z0-9]{12}_/)
    assert.equal((await members.authenticate(key))?.id, 'first-bank')
    const stored = await db.kysely
      .selectFrom('api_keys' as never)
      .selectAll()
      .execute()
    assert.ok(!JSON.stringify(stored).includes(key.slice('ob_'.length + 12 + 1)))
    assert.equal(await members.authenticate(key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A')), undefined)
    assert.equal(await members.authenticate('garbage'), undefined)
    const rotated = await members.rotateApiKey(info.keyId)
    assert.equal(rotated.info.label, 'ci')
    assert.equal(await members.authenticate(key), undefined)
    assert.equal((await members.authenticate(rotated.key))?.id, 'first-bank')
    await members.revokeApiKey(rotated.info.keyId)
    assert.equal(await members.authenticate(rotated.key), undefined)
    assert.deepEqual(
      events.filter((e) => e.action.startsWith('key.')).map((e) => e.action),
      ['key.created', 'key.created', 'key.revoked', 'key.revoked'],
    )
  })
})
