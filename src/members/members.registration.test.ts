// What a probe of registration found: roles that DESIGN.md's roles table keeps apart were granted together (a
// supervisor that could read an individual's report, an operator whose user role could never be used), and names
// of only invisible characters passed the check for a visible one.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { testApp } from '../app.fixture.ts'
import { createModules, type Modules } from '../modules.ts'
import { AppError } from '../platform/errors.ts'
import type { HttpServer } from '../platform/http/index.ts'
import { openTestDb, type TestDb } from '../platform/testing.ts'
import { buildServer } from '../server.ts'
import type { Role } from './members.model.ts'

describe('registering a member', () => {
  let db: TestDb
  let mods: Modules
  let server: HttpServer
  let operatorKey: string
  before(async () => {
    db = await openTestDb()
    mods = createModules(testApp(db))
    await mods.members.add({
      id: 'bureau',
      name: 'Bureau',
      kind: 'bureau',
      roles: ['operator'],
      metro2Ids: [],
    })
    operatorKey = (await mods.members.createApiKey('bureau')).key
    server = await buildServer(testApp(db), mods, { rateLimit: false, logRequests: false })
  })
  after(async () => {
    await server.close()
    await mods.close()
    await db.dispose()
  })

  const register = (id: string, roles: Role[], name = id, kind = 'bank') =>
    server.inject({
      method: 'POST',
      url: '/v1/members',
      headers: { authorization: `Bearer ${operatorKey}` },
      payload: { id, name, kind, roles },
    })

  /** The field problems of a 400, as `path: message`. */
  const problems = (res: { json: <T>() => T }) =>
    res
      .json<{ error: { details: { path: string; message: string }[] } }>()
      .error.details.map((d) => `${d.path}: ${d.message}`)
      .join('; ')

  it('refuses a supervisor that is also a user or furnisher, naming the roles and why', async () => {
    for (const roles of [
      ['supervisor', 'user', 'furnisher'],
      ['supervisor', 'user'],
      ['furnisher', 'supervisor'],
    ] as Role[][]) {
      const res = await register('regulator-x', roles, 'Regulator', 'regulator')
      assert.equal(res.statusCode, 400, `${roles.join(',')}: ${res.body}`)
      const message = problems(res)
      assert.match(message, /body.roles: the supervisor role cannot be held with (user|furnisher)/)
      assert.match(message, /never an individual's file/)
    }
    await assert.rejects(mods.members.get('regulator-x'), /no member/)
  })

  it('refuses an operator that is also a user or furnisher, saying that role could never be used', async () => {
    for (const roles of [
      ['operator', 'user'],
      ['operator', 'furnisher'],
      ['operator', 'supervisor', 'user'],
    ] as Role[][]) {
      await assert.rejects(
        mods.members.add({ id: 'ops-x', name: 'Ops', kind: 'bureau', roles, metro2Ids: [] }),
        (e: Error) =>
          e instanceof AppError &&
          e.code === 'invalid_input' &&
          /roles: (.*; )?the operator role cannot be held with (user|furnisher)/.test(e.message) &&
          /could never be used/.test(e.message),
        roles.join(','),
      )
    }
    await assert.rejects(mods.members.get('ops-x'), /no member/)
  })

  it('registers the roles that go together', async () => {
    for (const [id, roles] of [
      ['lender', ['furnisher', 'user']],
      ['regulator', ['supervisor']],
      ['ops-audit', ['operator', 'supervisor']],
    ] as [string, Role[]][]) {
      const res = await register(id, roles)
      assert.equal(res.statusCode, 201, `${id}: ${res.body}`)
    }
  })

  it('refuses a name of only invisible characters as it refuses U+200B', async () => {
    const refusal = async (name: string) => {
      const res = await register('blank-bank', ['user'], name)
      return [res.statusCode, problems(res)]
    }
    const zeroWidth = await refusal('\u200b')
    assert.deepEqual(zeroWidth, [
      400,
      'body.name: a name needs a visible character, not only spaces or zero-width ones',
    ])
    // The Braille blank, the Hangul fillers, the combining grapheme joiner, a combining mark alone, and mixes.
    for (const name of [
      '\u2800',
      '\u3164',
      '\uffa0',
      '\u115f',
      '\u1160',
      '\u034f',
      '\u0301',
      ' \u3164\u0301 ',
      '\u2800\u200b',
    ]) {
      assert.deepEqual(await refusal(name), zeroWidth, `U+${name.trim().codePointAt(0)!.toString(16)}`)
    }
    await assert.rejects(mods.members.get('blank-bank'), /no member/)
  })

  it('registers real names in any script', async () => {
    const names = [
      'Ærø Bank',
      '招商银行',
      'Banca Popolare dell’Emilia',
      'Ōtsuka',
      'O\u0304tsuka',
      '국민은행',
      'भारतीय स्टेट बैंक',
      'بانک\u200cملی',
      '1st',
    ]
    for (const [i, name] of names.entries()) {
      const res = await register(`real-${i}`, ['user'], name)
      assert.equal(res.statusCode, 201, `${name}: ${res.body}`)
      assert.equal(res.json<{ name: string }>().name, name)
    }
  })
})
