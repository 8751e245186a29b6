// A sign-in that overlaps a change of password: sign-in checks the password against the hash it read before its
// transaction (scrypt takes ~100 ms), and a change may commit in between. The overlap is made the same on every
// run: the sessions under test are given a db whose next transaction first lets a whole change of password commit,
// exactly between the sign-in's scrypt and its transaction.
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { after, before, describe, it } from 'node:test'
import type { Db } from '../platform/db.ts'
import type { Principal } from '../platform/http/index.ts'
import { openConsumersFixture, type ConsumersFixture } from './consumers.fixture.ts'
import type { SessionsEnded } from './consumers.model.ts'
import { createConsumersStore } from './consumers.store.ts'
import {
  DEFAULT_SCRYPT,
  hashPassword,
  needsRehash,
  verifyPassword,
  type ScryptParams,
} from './password-hash.ts'
import { createSessions, type Sessions } from './sessions.service.ts'

const PASSWORD = 'my own long passphrase'
const NEW_PASSWORD = 'another passphrase, longer still'
/** The parameters of an older release: a hash made with them is upgraded at the next sign-in. */
const OLD_SCRYPT: ScryptParams = { ln: 14, r: 8, p: 1 }
const REFUSED = { code: 'unauthenticated', message: /^wrong login or password/ }

describe('a sign-in that overlaps a change of password', () => {
  let f: ConsumersFixture
  let jane: Principal
  let token: string
  let racing: Sessions
  /** Run, once, before the next transaction of `racing` begins. */
  let beforeTransaction: (() => Promise<void>) | undefined

  const storedHash = async () =>
    (
      await sql<{ password_hash: string }>`select password_hash from consumer_accounts
        where consumer_key = ${f.keys.jane}`.execute(f.db.kysely)
    ).rows[0]!.password_hash
  const sessionCount = async () =>
    (
      await sql<{ n: number }>`select count(*)::int as n from consumer_sessions
        where consumer_key = ${f.keys.jane}`.execute(f.db.kysely)
    ).rows[0]!.n
  const lastRefusal = async () =>
    (await f.audit.eventsForConsumer(f.keys.jane, { limit: 500 }))
      .filter((e) => e.action === 'consumer.session_refused')
      .sort((a, b) => b.seq - a.seq)[0]

  /** Jane's password is PASSWORD again, hashed with `params`, with no failure counted and no other session. */
  const reset = async (params: ScryptParams) => {
    const hash = await hashPassword(PASSWORD, params)
    await sql`update consumer_accounts set password_hash = ${hash}, failed_logins = 0, locked_until = null
      where consumer_key = ${f.keys.jane}`.execute(f.db.kysely)
    await f.consumers.endOtherSessions(jane, token)
  }

  /** Signs in with `password` while Jane changes PASSWORD to NEW_PASSWORD: the sign-in's token or its error. */
  const signInDuringChange = async (password: string) => {
    let ended: SessionsEnded | undefined
    beforeTransaction = async () => {
      ended = await f.consumers.changePassword(jane, token, {
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
      })
    }
    const signedIn = await racing.signIn({ login: 'jane', password }).then(
      (s) => ({ token: s.token }),
      (error: unknown) => ({ error }),
    )
    assert.deepEqual(ended, { sessionsEnded: 0 }, 'the change committed first, with no other session to end')
    return signedIn
  }

  before(async () => {
    f = await openConsumersFixture()
    token = await f.enrolJane('jane', PASSWORD)
    jane = { kind: 'consumer', id: f.keys.jane, roles: ['consumer'] }
    const login = await sql<{ login_hash: Uint8Array }>`select login_hash from consumer_logins
      where consumer_key = ${f.keys.jane}`.execute(f.db.kysely)
    const loginHash = Buffer.from(login.rows[0]!.login_hash)
    const db: Db = {
      ...f.db,
      async transaction(fn) {
        const first = beforeTransaction
        beforeTransaction = undefined
        if (first !== undefined) await first()
        return f.db.transaction(fn)
      },
    }
    racing = createSessions({
      db,
      store: createConsumersStore(f.db.kysely),
      hashes: { loginHash: () => loginHash },
      record: async (tx, event) => {
        await (tx === undefined ? f.audit.appendNow(event) : f.audit.append(tx, event))
      },
      clock: () => f.clock.now,
    })
  })
  after(() => f.dispose())

  it('refuses the old password, as any wrong one, and leaves no session the change did not end', async () => {
    await reset(DEFAULT_SCRYPT)
    const signedIn = await signInDuringChange(PASSWORD)
    assert.ok('error' in signedIn, 'the old password opened a session after the change')
    assert.equal(await sessionCount(), 1, 'only the session that changed the password')
    const refusal = await lastRefusal()
    assert.deepEqual([refusal?.actor.id, refusal?.reason], ['anonymous', 'wrong password'])
    const wrong = await racing.signIn({ login: 'jane', password: 'plainly wrong' }).catch((e: unknown) => e)
    assert.deepEqual(
      signedIn.error,
      wrong,
      'the answer of a wrong password: nothing tells that a change happened',
    )
    await assert.rejects(f.consumers.signIn({ login: 'jane', password: PASSWORD }), REFUSED)
  })

  it('does not bring the old password back by upgrading the hash it was checked against', async () => {
    await reset(OLD_SCRYPT)
    const signedIn = await signInDuringChange(PASSWORD)
    const hash = await storedHash()
    assert.equal(await verifyPassword(NEW_PASSWORD, hash), true, 'the new password was overwritten')
    assert.equal(await verifyPassword(PASSWORD, hash), false, 'the old password is back')
    assert.ok(await f.consumers.signIn({ login: 'jane', password: NEW_PASSWORD }))
    await assert.rejects(f.consumers.signIn({ login: 'jane', password: PASSWORD }), REFUSED)
    assert.ok('error' in signedIn, 'the old password opened a session after the change')
  })

  it('opens the account to the new password typed while the change was in flight, counting no failure', async () => {
    await reset(DEFAULT_SCRYPT)
    const signedIn = await signInDuringChange(NEW_PASSWORD)
    assert.ok('token' in signedIn, 'the new password was refused')
    assert.ok(await f.consumers.authenticateSession(signedIn.token))
    const failed = await sql<{ failed_logins: number }>`select failed_logins from consumer_accounts
      where consumer_key = ${f.keys.jane}`.execute(f.db.kysely)
    assert.equal(failed.rows[0]?.failed_logins, 0)
  })

  it('still upgrades a hash of old parameters at a sign-in that nothing overlaps', async () => {
    await reset(OLD_SCRYPT)
    assert.ok(await racing.signIn({ login: 'jane', password: PASSWORD }))
    const hash = await storedHash()
    assert.equal(needsRehash(hash), false)
    assert.equal(await verifyPassword(PASSWORD, hash), true)
  })
})
