// Consumer use cases: enrol (start, complete), sign in and out, the session check the server's authenticate
// function calls, and the signed-in consumer's own account and file. Reading one's own file is free and
// unlimited, and every view is recorded (FCRA section 609 disclosure to the consumer; DESIGN.md principle 3).
import type { IdentityService } from '../identity/index.ts'
import type { MembersService } from '../members/index.ts'
import type { Db } from '../platform/db.ts'
import type { Tx } from '../platform/db.ts'
import { AppError } from '../platform/errors.ts'
import type { Principal } from '../platform/http/index.ts'
import type { ConsumerFile, FileService } from '../reports/index.ts'
import { createCompleteEnrolment } from './complete-enrolment.ts'
import { consumerActor, type RecordConsumerEvent } from './consumer-audit-event.ts'
import type { Me } from './consumers.model.ts'
import type { ConsumersStore } from './consumers.store.ts'
import type { KeyedHashes } from './keyed-hashes.ts'
import { createSessions } from './sessions.service.ts'
import { createStartEnrolment } from './start-enrolment.ts'

export interface ConsumersDeps {
  db: Db
  store: ConsumersStore
  hashes: KeyedHashes
  identity: Pick<IdentityService, 'findConsumerByNationalId' | 'readIdentity'>
  files: Pick<FileService, 'byConsumerKey'>
  /** The furnishers' names are the decoys of the lender question. */
  members: Pick<MembersService, 'list'>
  record: RecordConsumerEvent
  clock: () => Date
  /** The least time an enrolment start takes (start-enrolment.ts). */
  startFloorMs: number
}

/** The signed-in consumer; a member or operator has no file of their own here. */
function consumerOf(principal: Principal): string {
  if (principal.kind !== 'consumer') throw new AppError('forbidden', 'only a signed-in consumer has this')
  return principal.id
}

export function createConsumersService(deps: ConsumersDeps) {
  const { store, files, record } = deps
  const sessions = createSessions(deps)

  return {
    startEnrolment: createStartEnrolment({ ...deps, floorMs: deps.startFloorMs }),
    completeEnrolment: createCompleteEnrolment({ ...deps, sessions }),
    signIn: sessions.signIn,
    signOut: sessions.signOut,
    authenticateSession: sessions.authenticateSession,
    /** For the identity module's crypto-shredding, in its transaction: see ConsumersStore.forget. */
    forgetConsumer: (tx: Tx, consumerKey: string) => store.forget(tx, consumerKey),

    async me(principal: Principal): Promise<Me> {
      const account = await store.account(consumerOf(principal))
      if (account === undefined) throw new AppError('not_found', 'no account')
      return {
        consumerKey: account.consumerKey,
        login: account.login,
        enrolledAt: account.enrolledAt.toISOString(),
      }
    },

    /** The whole file; an enrolled consumer with no accounts gets an empty list. The view is recorded first. */
    async file(principal: Principal): Promise<ConsumerFile> {
      const consumerKey = consumerOf(principal)
      const file = await files.byConsumerKey(consumerKey)
      if (file === undefined) throw new AppError('not_found', 'no file')
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
      return file
    },
  }
}

export type ConsumersService = ReturnType<typeof createConsumersService>
