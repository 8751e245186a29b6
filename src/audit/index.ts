// The audit module's public surface (DESIGN.md principle 3). Other modules record their events through
// createAuditModule(db).append(tx, event) inside the transaction that does the work, as its last statement.
import type { Db } from '../platform/db.ts'
import { createAuditService, type AuditService } from './audit.service.ts'
import { createPendingSeal } from './pending-seal.ts'

export type AuditModule = AuditService

/**
 * `pendingKey`: the key of the seal on pending audit events, the same for every server of the bureau (see
 * pendingSealKey); without it, a key of this process only.
 */
export function createAuditModule(db: Db, options: { pendingKey?: Uint8Array } = {}): AuditModule {
  const seal = options.pendingKey === undefined ? undefined : createPendingSeal(options.pendingKey)
  return createAuditService(db, undefined, undefined, seal)
}

export { pendingSealKey } from './pending-seal.ts'

export { verifyAuditLog, type PageOptions } from './audit.service.ts'
export {
  createAuditBatcher,
  type AuditBatcher,
  type AuditBatcherOptions,
  type RunBatch,
} from './audit.batcher.ts'
export { registerAuditCommands } from './audit.cli.ts'
export { canonicalEvent, hashEvent } from './audit.hash.ts'
export {
  ACTOR_KINDS,
  GENESIS_HASH,
  OUTCOMES,
  type ActorKind,
  type AuditDetails,
  type AuditDetailValue,
  type AuditEvent,
  type AuditProblem,
  type AuditProblemKind,
  type AuditRecord,
  type ChainHead,
  type Outcome,
  type VerifyOptions,
  type VerifyResult,
} from './audit.model.ts'
export { auditRoutes } from './audit.routes.ts'
