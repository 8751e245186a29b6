// Consumer sign-in, sessions, sign-out, and the ending of a consumer's other sessions. A session token is `cs_`
// and 32 random bytes (base64url); only its SHA-256 is stored. The prefix keeps a session apart from a member API
// key (`ob_...`), which the server's authenticate function tells apart by prefix, and lets secret scanners
// recognise a leaked token.
//
// A wrong login and a wrong password get the same answer after the same scrypt work (burnPasswordWork), and
// so does a locked account, so the answer does not reveal which logins exist. Five wrong passwords in a row
// lock the account for 15 minutes; attempts during a lockout are refused without being counted, so an
// attacker who knows a login can keep its owner out for as long as they keep trying, but cannot extend a
// lockout beyond 15 minutes after their last fifth failure (the trade-off every per-account lockout makes).
import { createHash, randomBytes } from 'node:crypto'
import type { Db, Tx } from '../platform/db.ts'
import { AppError } from '../platform/errors.ts'
import type { Principal } from '../platform/http/index.ts'
import { ANONYMOUS, consumerActor, type RecordConsumerEvent } from './consumer-audit-event.ts'
import {
  afterWrongPassword,
  credentialsSchema,
  LIMITS,
  type Session,
  type SessionsEnded,
} from './consumers.model.ts'
import type { ConsumersStore, SessionRow } from './consumers.store.ts'
import type { KeyedHashes } from './keyed-hashes.ts'
import { parseInput } from '../platform/parse-input.ts'
import { burnPasswordWork, hashPassword, needsRehash, verifyPassword } from './password-hash.ts'
import { signedInConsumer } from './signed-in-consumer.ts'

export const SESSION_TOKEN_PREFIX = 'cs_'
const SESSION_TOKEN = /^cs_[A-Za-z0-9_-]{43}$/

const tokenHash = (token: string): Buffer => createHash('sha256').update(token).digest()

/** A session neither past its absolute end nor unused for the idle time, at `now` (ms). */
const live = (s: Pick<SessionRow, 'lastUsedAt' | 'expiresAt'>, now: number): boolean =>
  s.expiresAt.getTime() > now && s.lastUsedAt.getTime() + LIMITS.sessionIdleMs > now

export interface SessionsDeps {
  db: Db
  store: ConsumersStore
  hashes: Pick<KeyedHashes, 'loginHash'>
  record: RecordConsumerEvent
  clock: () => Date
}

const SIGN_IN_REFUSED =
  'wrong login or password, or the account is locked for 15 minutes after 5 failed attempts'

export function createSessions({ db, store, hashes, record, clock }: SessionsDeps) {
  /** Opens a session for the consumer in the caller's transaction and returns its token, shown only here. */
  async function issueSession(tx: Tx, consumerKey: string, now: Date): Promise<Session> {
    const token = SESSION_TOKEN_PREFIX + randomBytes(32).toString('base64url')
    const expiresAt = new Date(now.getTime() + LIMITS.sessionAbsoluteMs)
    await store.insertSession(tx, { tokenHash: tokenHash(token), consumerKey, createdAt: now, expiresAt })
    await record(tx, {
      actor: consumerActor(consumerKey),
      action: 'consumer.session_started',
      consumerKey,
      outcome: 'done',
    })
    return {
      token,
      tokenType: 'Bearer',
      expiresAt: expiresAt.toISOString(),
      idleTimeoutSeconds: LIMITS.sessionIdleMs / 1000,
    }
  }

  /** Whether `password` is right for `stored`, and its new hash when `stored` has scrypt parameters now too weak. */
  async function checkPassword(password: string, stored: string) {
    const right = await verifyPassword(password, stored)
    return { right, rehash: right && needsRehash(stored) ? await hashPassword(password) : undefined }
  }

  async function signIn(input: unknown): Promise<Session> {
    const { login, password } = parseInput(credentialsSchema, input, 'credentials')
    const account = await store.accountByLogin(hashes.loginHash(login))
    // The slow work happens before the transaction, so that no row lock or PGlite's one connection waits on it.
    const checked =
      account === undefined
        ? { right: await burnPasswordWork(password), rehash: undefined }
        : await checkPassword(password, account.passwordHash)
    const now = clock()
    const session = await db.transaction(async (tx) => {
      // A refused sign-in was made by someone who did not prove who they are: the consumer is its subject, never
      // its actor, or their own log would say they tried a wrong password.
      const refuse = async (consumerKey: string | null, reason: string, failedLogins?: number) => {
        await record(tx, {
          actor: ANONYMOUS,
          action: 'consumer.session_refused',
          consumerKey,
          outcome: 'refused',
          reason,
          ...(failedLogins === undefined ? {} : { details: { failedLogins } }),
        })
        return undefined
      }
      if (account === undefined) return refuse(null, 'no account with that login')
      const key = account.consumerKey
      const locked = await store.account(key, tx)
      if (locked === undefined) return refuse(null, 'no account with that login')
      if (locked.lockedUntil !== null && locked.lockedUntil > now) {
        return refuse(key, `account locked until ${locked.lockedUntil.toISOString()}`)
      }
      // A change of password committed since the hash was read (change-password.ts): the sign-in is judged by the
      // password in force now, as its consumer expects. The old one no longer opens the account, nor wins a session
      // the change did not end; the new one does, though typed while the change was still in flight; a wrong one
      // counts as any wrong one, and the answer is the same, so nothing tells the caller that a change happened.
      // scrypt holds the row lock only in this race. The rehash of the old hash is dropped, and the one below is
      // written only over the hash it was made from, under the lock: it can never bring back an old password.
      const current =
        locked.passwordHash === account.passwordHash
          ? checked
          : { right: await verifyPassword(password, locked.passwordHash), rehash: undefined }
      if (!current.right) {
        const wrong = afterWrongPassword(locked.failedLogins, now)
        await store.setLoginState(tx, key, wrong.state)
        return refuse(
          key,
          wrong.locks ? 'wrong password: account locked for 15 minutes' : 'wrong password',
          wrong.failed,
        )
      }
      await store.setLoginState(tx, key, {
        failedLogins: 0,
        lockedUntil: null,
        ...(current.rehash === undefined ? {} : { passwordHash: current.rehash }),
      })
      return issueSession(tx, key, now)
    })
    if (session === undefined) throw new AppError('unauthenticated', SIGN_IN_REFUSED)
    return session
  }

  /** The consumer behind a session token, or undefined for a malformed, unknown, idle or expired one. */
  async function authenticateSession(token: string): Promise<Principal | undefined> {
    if (!SESSION_TOKEN.test(token)) return undefined
    const hash = tokenHash(token)
    const s = await store.session(hash)
    if (s === undefined) return undefined
    const now = clock().getTime()
    if (!live(s, now)) {
      await store.deleteSession(hash)
      return undefined
    }
    if (now - s.lastUsedAt.getTime() >= LIMITS.sessionTouchMs) await store.touchSession(hash, new Date(now))
    return { kind: 'consumer', id: s.consumerKey, roles: ['consumer'] }
  }

  /**
   * Ends the session of `token`, which must be the signed-in consumer's own; not found otherwise. A member's or the
   * operator's key is forbidden, as on every consumer route.
   */
  async function signOut(principal: Principal, token: string): Promise<void> {
    const consumerKey = signedInConsumer(principal)
    const ended = await db.transaction(async (tx) => {
      const owner = SESSION_TOKEN.test(token) ? await store.deleteSession(tokenHash(token), tx) : undefined
      if (owner === undefined) return false
      // Someone else's session (the caller signed in some other way): thrown, so the delete rolls back.
      if (owner !== consumerKey) throw new AppError('not_found', 'no such session')
      await record(tx, {
        actor: consumerActor(owner),
        action: 'consumer.session_ended',
        consumerKey: owner,
        outcome: 'done',
      })
      return true
    })
    if (!ended) throw new AppError('not_found', 'no such session')
  }

  /**
   * Ends in `tx` every session of the consumer but the one of `token`, the request's own (after a new password,
   * or at their asking: OWASP Session Management Cheat Sheet, "Renew the Session ID After Any Privilege Level
   * Change" and the ability to close other active sessions). Counts those that were live: the ones already idle or
   * past their end, which no one could use, are removed without being counted.
   */
  async function endOtherSessionsIn(tx: Tx, consumerKey: string, token: string, now: Date): Promise<number> {
    const ended = await store.deleteOtherSessions(tx, consumerKey, tokenHash(token))
    return ended.filter((s) => live(s, now.getTime())).length
  }

  /** Signs the consumer out everywhere but here; recorded when a live session ended. */
  async function endOtherSessions(principal: Principal, token: string): Promise<SessionsEnded> {
    const consumerKey = signedInConsumer(principal)
    const now = clock()
    return db.transaction(async (tx) => {
      const sessionsEnded = await endOtherSessionsIn(tx, consumerKey, token, now)
      if (sessionsEnded > 0)
        await record(tx, {
          actor: consumerActor(consumerKey),
          action: 'consumer.sessions_ended',
          consumerKey,
          outcome: 'done',
          details: { sessionsEnded },
        })
      return { sessionsEnded }
    })
  }

  return { issueSession, signIn, authenticateSession, signOut, endOtherSessionsIn, endOtherSessions }
}

export type Sessions = ReturnType<typeof createSessions>
