// The consumers module's public surface: enrolment by questions from the consumer's own file, accounts with
// scrypt-hashed passwords the consumer can change, sessions, the signed-in consumer's view of their file, and the
// operator's command that unlocks a national ID's enrolment. The server composes authenticateSession with API-key
// authentication: a Bearer token starting `ob_` is a member's API key, one starting `cs_` (SESSION_TOKEN_PREFIX) a
// consumer session.
import type { Secrets } from '../config.ts'
import type { Db } from '../platform/db.ts'
import type { RoutePlugin } from '../platform/http/index.ts'
import { consumersRoutes } from './consumers.routes.ts'
import { createConsumersService, type ConsumersDeps, type ConsumersService } from './consumers.service.ts'
import { createConsumersStore } from './consumers.store.ts'
import { createKeyedHashes } from './keyed-hashes.ts'

export type { ConsumerAuditAction, ConsumerAuditEvent, RecordConsumerEvent } from './consumer-audit-event.ts'
export type { ConsumersService } from './consumers.service.ts'
export type { ConsumerFileView } from './consumer-file.schema.ts'
export { registerConsumersCommands } from './consumers.cli.ts'
export {
  CHOICE_IDS,
  LIMITS,
  QUESTION_IDS,
  type Answers,
  type ChoiceId,
  type Enrolled,
  type Enrolment,
  type Me,
  type PasswordChange,
  type Question,
  type QuestionId,
  type Session,
  type SessionsEnded,
} from './consumers.model.ts'
export { BALANCE_RANGES } from './questions.ts'
export { SESSION_TOKEN_PREFIX } from './sessions.service.ts'
export { consumersRoutes } from './consumers.routes.ts'

export interface ConsumersModuleDeps extends Pick<
  ConsumersDeps,
  'identity' | 'files' | 'rights' | 'members' | 'record'
> {
  /** The national-ID token key; the module derives its own key for its keyed hashes from it. */
  secrets: Pick<Secrets, 'tokenKey'>
  clock?: () => Date
  /** The least time an enrolment start takes, so that its timing does not tell who is on file. Default 250 ms. */
  startFloorMs?: number
}

export interface ConsumersModule extends ConsumersService {
  /** The HTTP routes, for the server to register. */
  readonly routes: RoutePlugin
}

export function createConsumersModule(db: Db, deps: ConsumersModuleDeps): ConsumersModule {
  const service = createConsumersService({
    db,
    store: createConsumersStore(db.kysely),
    hashes: createKeyedHashes(deps.secrets.tokenKey),
    identity: deps.identity,
    files: deps.files,
    rights: deps.rights,
    members: deps.members,
    record: deps.record,
    clock: deps.clock ?? (() => new Date()),
    startFloorMs: deps.startFloorMs ?? 250,
  })
  return { ...service, routes: consumersRoutes(service) }
}
