// Consumer use cases: enrol (start, complete), sign in and out, the session check the server's authenticate
// function calls, the signed-in consumer's own account and file, their change of password and ending of their other
// sessions, and the operator's unlocking of an enrolment.
// Reading one's own file is free and unlimited, and every view is recorded (FCRA section 609 disclosure to the
// consumer; DESIGN.md principle 3).
import { nationalIdRefusal, parseNationalId, type IdentityService } from '../identity/index.ts'
import type { MembersService } from '../members/index.ts'
import type { Db } from '../platform/db.ts'
import type { Tx } from '../platform/db.ts'
import { AppError } from '../platform/errors.ts'
import type { Principal } from '../platform/http/index.ts'
import type { FileService } from '../reports/index.ts'
import type { RightsService } from '../rights/index.ts'
import { createChangePassword } from './change-password.ts'
import { createCompleteEnrolment } from './complete-enrolment.ts'
import { consumerActor, type RecordConsumerEvent } from './consumer-audit-event.ts'
import type { ConsumerFileView } from './consumer-file.schema.ts'
import { LIMITS, type Me } from './consumers.model.ts'
import type { ConsumersStore } from './consumers.store.ts'
import type { KeyedHashes } from './keyed-hashes.ts'
import { createSessions } from './sessions.service.ts'
import { signedInConsumer } from './signed-in-consumer.ts'
import { createStartEnrolment } from './start-enrolment.ts'

export interface ConsumersDeps {
  db: Db
  store: ConsumersStore
  hashes: KeyedHashes
  identity: Pick<IdentityService, 'findConsumerByNationalId' | 'readIdentity'>
  files: Pick<FileService, 'byConsumerKey'>
  /** The freeze and the fraud alerts, which the consumer's own file shows with the rest. */
  rights: Pick<RightsService, 'inForce'>
  /** The furnishers' names are the decoys of the lender question. */
  members: Pick<MembersService, 'list'>
  record: RecordConsumerEvent
  clock: () => Date
  /** The least time an enrolment start takes (start-enrolment.ts). */
  startFloorMs: number
}

export function createConsumersService(deps: ConsumersDeps) {
  const { db, store, hashes, identity, files, rights, record, clock } = deps
  const sessions = createSessions(deps)

  return {
    startEnrolment: createStartEnrolment({ ...deps, floorMs: deps.startFloorMs }),
    completeEnrolment: createCompleteEnrolment({ ...deps, sessions }),
    signIn: sessions.signIn,
    signOut: sessions.signOut,
    /** The signed-in consumer ends every session of theirs but the one of `token`, the request's own. */
    endOtherSessions: sessions.endOtherSessions,
    changePassword: createChangePassword({ ...deps, sessions }),
    authenticateSession: sessions.authenticateSession,
    /** For the identity module's crypto-shredding, in its transaction: see ConsumersStore.forget. */
    forgetConsumer: (tx: Tx, consumerKey: string) => store.forget(tx, consumerKey),

    async me(principal: Principal): Promise<Me> {
      const account = await store.account(signedInConsumer(principal))
      if (account === undefined) throw new AppError('not_found', 'no account')
      return {
        consumerKey: account.consumerKey,
        login: account.login,
        enrolledAt: account.enrolledAt.toISOString(),
      }
    },

    /**
     * The whole file: identity, accounts, and the freeze and fraud alerts in force (FCRA §609(a)(1), "all
     * information in the consumer's file"); an enrolled consumer with no accounts gets an empty list. The view is
     * recorded first.
     */
    async file(principal: Principal): Promise<ConsumerFileView> {
      const consumerKey = signedInConsumer(principal)
      const file = await files.byConsumerKey(consumerKey)
      if (file === undefined) throw new AppError('not_found', 'no file')
      const { freeze, alerts } = await rights.inForce(consumerKey)
      // Recorded before the answer leaves: if the log cannot take the event, the consumer sees an error, and
      // no view goes unrecorded.
      await record(undefined, {
        actor: consumerActor(consumerKey),
        action: 'file.self_access',
        consumerKey,
        purpose: 'self_access',
        outcome: 'allowed',
        details: { tradelines: file.tradelines.length },
      })
      return { ...file, freeze, alerts }
    },

    /**
     * Clears the failed enrolment answers and the starts of a national ID, so that online enrolment takes it
     * again at once: for an operator who has verified the consumer's identity another way, as the lock's message
     * asks (NIST SP 800-63A 5.3.2). Recorded whether or not there was anything to clear. Locked: by failed
     * answers, or by the starts of the last 24 hours.
     */
    async unlockEnrolment(
      nationalId: { type: string; value: string },
      operator: string,
    ): Promise<{ failedAttempts: number; startsCleared: number; wasLocked: boolean }> {
      const id = parseNationalId(nationalId.type, nationalId.value)
      if (!id.ok) throw nationalIdRefusal(id, 'nationalId')
      const consumerKey = (await identity.findConsumerByNationalId(id.type, id.normalised)) ?? null
      const since = new Date(clock().getTime() - LIMITS.enrolmentWindowMs)
      const cleared = await db.transaction(async (tx) => {
        const cleared = await store.clearAttempts(tx, hashes.attemptKey(id.type, id.normalised), since)
        await record(tx, {
          actor: { kind: 'operator', id: operator },
          action: 'consumer.enrolment_unlocked',
          consumerKey,
          target: null,
          outcome: 'done',
          details: { failedAttempts: cleared.failed, startsCleared: cleared.starts },
        })
        return cleared
      })
      return {
        failedAttempts: cleared.failed,
        startsCleared: cleared.starts,
        wasLocked: cleared.failed >= LIMITS.enrolmentFailures || cleared.starts >= LIMITS.enrolmentsPerDay,
      }
    },
  }
}

export type ConsumersService = ReturnType<typeof createConsumersService>
