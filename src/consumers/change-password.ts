// A signed-in consumer changes their password: the current one and the new one in (OWASP ASVS 4.0 V2.1.5, V2.1.6).
// The new one meets the rules of enrolment (NIST SP 800-63B §5.1.1.2: length; not common, repetitive or
// sequential; not the login nor the national ID). The current one proves that the holder of the session is the
// consumer, so a wrong one counts toward the lockout of sign-in (LIMITS.maxFailedLogins in a row lock the account
// for LIMITS.lockoutMs) and is recorded; while the account is locked no change is made, whatever the password. On
// success every other session ends (ASVS V3.3.3: a new credential ends the sessions someone else may hold); the
// one of this request stays.
import { NATIONAL_ID_TYPES, parseNationalId, type IdentityService } from '../identity/index.ts'
import type { Db } from '../platform/db.ts'
import { AppError } from '../platform/errors.ts'
import type { Principal } from '../platform/http/index.ts'
import { parseInput } from '../platform/parse-input.ts'
import { consumerActor, type RecordConsumerEvent } from './consumer-audit-event.ts'
import {
  afterWrongPassword,
  LIMITS,
  nationalIdWindows,
  passwordChangeSchema,
  type SessionsEnded,
} from './consumers.model.ts'
import type { ConsumersStore } from './consumers.store.ts'
import { fieldRefusal } from './field-refusal.ts'
import { hashPassword, verifyPassword } from './password-hash.ts'
import { HOLDS_NATIONAL_ID, passwordProblem } from './password-policy.ts'
import type { Sessions } from './sessions.service.ts'
import { signedInConsumer } from './signed-in-consumer.ts'

export interface ChangePasswordDeps {
  db: Db
  store: Pick<ConsumersStore, 'account' | 'setLoginState'>
  identity: Pick<IdentityService, 'findConsumerByNationalId'>
  sessions: Pick<Sessions, 'endOtherSessionsIn'>
  record: RecordConsumerEvent
  clock: () => Date
}

export const WRONG_CURRENT_PASSWORD = 'the current password is wrong'

type Outcome = { ok: true; ended: SessionsEnded } | { ok: false; error: AppError }

export function createChangePassword({ db, store, identity, sessions, record, clock }: ChangePasswordDeps) {
  /**
   * Whether `password` spells the consumer's own national ID, of any type, in any spelling: each run that parses
   * as a national ID is looked up by its token (the identity module's lookup, one row each), since the consumers
   * module keeps no national ID of an account. Most passwords hold no such run and cost no lookup.
   */
  async function holdsOwnNationalId(password: string, consumerKey: string): Promise<boolean> {
    const asked = new Set<string>()
    for (const window of nationalIdWindows(password)) {
      for (const type of NATIONAL_ID_TYPES) {
        const id = parseNationalId(type, window)
        if (!id.ok || asked.has(`${id.type}:${id.normalised}`)) continue
        asked.add(`${id.type}:${id.normalised}`)
        if ((await identity.findConsumerByNationalId(id.type, id.normalised)) === consumerKey) return true
      }
    }
    return false
  }

  const newPasswordRefusal = (problem: string) =>
    fieldRefusal(problem, { path: 'body.newPassword', message: problem })

  /**
   * Changes the signed-in consumer's password; how many of their other sessions ended. The rules are checked first
   * and burn no attempt, then the current password.
   */
  return async function changePassword(
    principal: Principal,
    token: string,
    input: unknown,
  ): Promise<SessionsEnded> {
    const consumerKey = signedInConsumer(principal)
    const body = parseInput(passwordChangeSchema, input, 'password change')
    const account = await store.account(consumerKey)
    if (account === undefined) throw new AppError('not_found', 'no account')
    const problem = passwordProblem(body.newPassword, account.login)
    if (problem !== undefined) throw newPasswordRefusal(problem)
    if (await holdsOwnNationalId(body.newPassword, consumerKey)) throw newPasswordRefusal(HOLDS_NATIONAL_ID)
    // scrypt before the transaction, as at sign-in: no row lock (nor PGlite's one connection) waits on it.
    const right = await verifyPassword(body.currentPassword, account.passwordHash)
    const newHash = right ? await hashPassword(body.newPassword) : undefined
    const now = clock()
    const actor = consumerActor(consumerKey)

    const outcome = await db.transaction(async (tx): Promise<Outcome> => {
      const locked = await store.account(consumerKey, tx)
      if (locked === undefined) return { ok: false, error: new AppError('not_found', 'no account') }
      // Returned, not thrown: the count of wrong passwords and the event must commit.
      const refuse = async (reason: string, error: AppError, failedLogins?: number): Promise<Outcome> => {
        await record(tx, {
          actor,
          action: 'consumer.password_change_refused',
          consumerKey,
          outcome: 'refused',
          reason,
          ...(failedLogins === undefined ? {} : { details: { failedLogins } }),
        })
        return { ok: false, error }
      }
      if (locked.lockedUntil !== null && locked.lockedUntil > now) {
        // Whole seconds, rounded up, as Retry-After takes them (RFC 9110 §10.2.3); the route sets the header.
        const retryAfterSeconds = Math.ceil((locked.lockedUntil.getTime() - now.getTime()) / 1000)
        const until = locked.lockedUntil.toISOString()
        return refuse(
          `account locked until ${until}`,
          new AppError(
            'too_many_requests',
            `the account is locked until ${until} after ${LIMITS.maxFailedLogins} wrong passwords in a row: try again then`,
            { retryAfterSeconds },
          ),
        )
      }
      // Another change committed since the current password was checked: it was checked against a stale hash.
      if (locked.passwordHash !== account.passwordHash)
        return { ok: false, error: new AppError('conflict', 'the password was changed meanwhile: try again') }
      if (newHash === undefined) {
        const wrong = afterWrongPassword(locked.failedLogins, now)
        await store.setLoginState(tx, consumerKey, wrong.state)
        const message = wrong.locks
          ? `${WRONG_CURRENT_PASSWORD}, the ${LIMITS.maxFailedLogins}th in a row: the account is locked for ${LIMITS.lockoutMs / 60_000} minutes`
          : WRONG_CURRENT_PASSWORD
        return refuse(
          wrong.locks ? 'wrong password: account locked' : 'wrong password',
          fieldRefusal(message, { path: 'body.currentPassword', message }),
          wrong.failed,
        )
      }
      await store.setLoginState(tx, consumerKey, {
        failedLogins: 0,
        lockedUntil: null,
        passwordHash: newHash,
      })
      const sessionsEnded = await sessions.endOtherSessionsIn(tx, consumerKey, token, now)
      await record(tx, {
        actor,
        action: 'consumer.password_changed',
        consumerKey,
        outcome: 'done',
        details: { sessionsEnded },
      })
      return { ok: true, ended: { sessionsEnded } }
    })
    if (!outcome.ok) throw outcome.error
    return outcome.ended
  }
}
