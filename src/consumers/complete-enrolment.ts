// Enrolment, step two: the answers, a login and a password in; an account and a session out.
//
// All three answers must be right. NIST SP 800-63A (rev. 3) section 5.3.2 requires every KBV question to be
// answered correctly (and at least four of them; the issue fixes three). With five choices a question, a
// guesser passes 3 of 3 once in 125 tries; "2 of 3" would pass 13 in 125, over 10 %, for the key to a whole
// credit file. One submission per enrolment: a wrong one burns it. The same section allows "no more than three
// attempts to complete the KBV": the third wrong submission for a national ID, over any time, locks its online
// enrolment until an operator clears it (a sliding window of starts alone let a probe through the 125
// combinations in 20 days). Every refusal (unknown id, used, expired, wrong answers, a person not on file) is the
// same answer, and failures count alike for a national ID on file or not, so that neither the refusal nor the
// lock tells anything about who is on file.
//
// Checks that depend only on what the caller sent (password policy) come first and burn nothing. A login that
// is taken is told only after the answers are right, so that the enrolment cannot be used to probe logins,
// and it does not burn the enrolment either: the caller proved who they are and may pick another login.
import { z } from 'zod'
import { parseNationalId } from '../identity/index.ts'
import type { Db } from '../platform/db.ts'
import { AppError } from '../platform/errors.ts'
import { ANONYMOUS, consumerActor, type RecordConsumerEvent } from './consumer-audit-event.ts'
import { fieldRefusal } from './field-refusal.ts'
import { enrolmentAnswersSchema, LIMITS, nationalIdWindows, type Enrolled } from './consumers.model.ts'
import type { ConsumersStore, EnrolmentRow } from './consumers.store.ts'
import type { KeyedHashes } from './keyed-hashes.ts'
import { parseInput } from '../platform/parse-input.ts'
import { hashPassword } from './password-hash.ts'
import { HOLDS_NATIONAL_ID, passwordProblem } from './password-policy.ts'
import type { Sessions } from './sessions.service.ts'

export interface CompleteEnrolmentDeps {
  db: Db
  store: Pick<
    ConsumersStore,
    | 'lockEnrolment'
    | 'finishEnrolment'
    | 'lockFailures'
    | 'countFailure'
    | 'hasAccount'
    | 'claimLogin'
    | 'insertAccount'
  >
  hashes: Pick<KeyedHashes, 'attemptKey' | 'answerMac' | 'loginHash' | 'same'>
  sessions: Pick<Sessions, 'issueSession'>
  record: RecordConsumerEvent
  clock: () => Date
}

export const ENROLMENT_REFUSED =
  'enrolment refused: the answers do not match, or the enrolment has expired or was already used; start again'

/** The answer once a national ID has failed LIMITS.enrolmentFailures times, from the failure that locks it on. */
export const ENROLMENT_LOCKED =
  'enrolment refused: online enrolment is locked for this national ID after three failed attempts; contact the bureau to verify your identity another way'

/** A new password that breaks a rule, named as the schema names a field (README: the same {path, message}). */
const passwordRefusal = (problem: string) =>
  fieldRefusal(problem, { path: 'body.password', message: problem })

type Outcome = { ok: true; enrolled: Enrolled } | { ok: false; error: AppError }

const uuid = z.uuid()

export function createCompleteEnrolment({
  db,
  store,
  hashes,
  sessions,
  record,
  clock,
}: CompleteEnrolmentDeps) {
  /** The password spells the national ID the enrolment was started with (in any spelling, anywhere in it). */
  function holdsNationalId(password: string, e: EnrolmentRow): boolean {
    return nationalIdWindows(password).some((w) => {
      const id = parseNationalId(e.idType, w)
      return id.ok && hashes.same(hashes.attemptKey(id.type, id.normalised), e.attemptKey)
    })
  }

  return async function completeEnrolment(enrolmentId: string, input: unknown): Promise<Enrolled> {
    const body = parseInput(enrolmentAnswersSchema, input, 'enrolment answers')
    const problem = passwordProblem(body.password, body.login)
    if (problem !== undefined) throw passwordRefusal(problem)
    // scrypt before the transaction: no row lock (nor PGlite's one connection) waits on it, and right and
    // wrong answers cost the same time.
    const passwordHash = await hashPassword(body.password)
    const now = clock()

    const outcome = await db.transaction(async (tx): Promise<Outcome> => {
      const e = uuid.safeParse(enrolmentId).success ? await store.lockEnrolment(tx, enrolmentId) : undefined
      const refuse = async (reason: string, finish: boolean, failedAttempts?: number): Promise<Outcome> => {
        if (e !== undefined && finish) await store.finishEnrolment(tx, e.enrolmentId, now, 'refused')
        await record(tx, {
          actor: ANONYMOUS,
          action: 'consumer.enrolment_refused',
          consumerKey: e?.consumerKey ?? null,
          target: e?.enrolmentId ?? null,
          outcome: 'refused',
          reason,
          ...(failedAttempts === undefined ? {} : { details: { failedAttempts } }),
        })
        const locked = failedAttempts !== undefined && failedAttempts >= LIMITS.enrolmentFailures
        return {
          ok: false,
          error: locked
            ? new AppError('unprocessable', ENROLMENT_LOCKED, { reason: 'enrolment_locked' })
            : new AppError('unprocessable', ENROLMENT_REFUSED),
        }
      }
      if (e === undefined) return refuse('no such enrolment', false)
      if (e.finishedAt !== null) return refuse('enrolment already used', false)
      if (e.expiresAt <= now) return refuse('enrolment expired', true)
      if (holdsNationalId(body.password, e)) {
        return { ok: false, error: passwordRefusal(HOLDS_NATIONAL_ID) }
      }
      // Locked before the answers are looked at: once locked, even the right ones do not pass.
      const failed = await store.lockFailures(tx, e.attemptKey)
      if (failed >= LIMITS.enrolmentFailures)
        return refuse('online enrolment locked after three failed attempts', true, failed)
      const right = hashes.same(hashes.answerMac(e.enrolmentId, body.answers), e.answerMac)
      const consumerKey = e.consumerKey
      if (!right || consumerKey === null) {
        return refuse(
          consumerKey === null ? 'the person is not on file or did not match it' : 'wrong answers',
          true,
          await store.countFailure(tx, e.attemptKey),
        )
      }
      const actor = consumerActor(consumerKey)
      const base = { actor, consumerKey, target: e.enrolmentId }
      if (await store.hasAccount(tx, consumerKey)) {
        await store.finishEnrolment(tx, e.enrolmentId, now, 'refused')
        await record(tx, {
          ...base,
          action: 'consumer.enrolment_refused',
          outcome: 'refused',
          reason: 'already enrolled',
        })
        return {
          ok: false,
          error: new AppError('conflict', 'this consumer already has an account: sign in instead'),
        }
      }
      if (!(await store.claimLogin(tx, hashes.loginHash(body.login), consumerKey))) {
        await record(tx, {
          ...base,
          action: 'consumer.enrolment_refused',
          outcome: 'refused',
          reason: 'login taken',
        })
        return { ok: false, error: new AppError('conflict', 'that login is taken: choose another') }
      }
      if (
        !(await store.insertAccount(tx, { consumerKey, login: body.login, passwordHash, enrolledAt: now }))
      ) {
        // A parallel enrolment of the same consumer committed since hasAccount: thrown, so the login claim rolls back.
        throw new AppError('conflict', 'this consumer already has an account: sign in instead')
      }
      await store.finishEnrolment(tx, e.enrolmentId, now, 'enrolled')
      await record(tx, { ...base, action: 'consumer.enrolled', outcome: 'done' })
      const session = await sessions.issueSession(tx, consumerKey, now)
      return { ok: true, enrolled: { consumerKey, login: body.login, session } }
    })
    if (!outcome.ok) throw outcome.error
    return outcome.enrolled
  }
}
