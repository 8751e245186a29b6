// The audit module's public surface (DESIGN.md principle 3). Other modules record their events through
// createAuditModule(db).append(tx, event) inside the transaction that does the work, as its last statement.
import type { Db } from '../platform/db.ts'
import { createAuditService, type AuditService } from './audit.service.ts'
import { chainMacKey, createChainMac } from './chain-mac.ts'
import { createPendingSeal } from './pending-seal.ts'

export type AuditModule = AuditService

/**
 * `pendingKey`: the audit module's key, the same for every server of the bureau (pendingSealKey of the master
 * key). The seal on pending audit events is made with it, and the MAC of every event (chain-mac.ts) with a key
 * derived from it. Without it, pending sets are sealed with a key of this process only, and events carry no MAC.
 */
export function createAuditModule(db: Db, options: { pendingKey?: Uint8Array } = {}): AuditModule {
  const { pendingKey } = options
  if (pendingKey === undefined) return createAuditService(db)
  const mac = createChainMac(chainMacKey(pendingKey))
  return createAuditService(db, undefined, undefined, createPendingSeal(pendingKey), mac)
}

export { pendingSealKey } from './pending-seal.ts'

export { type PageOptions } from './audit.service.ts'
export { verifyAuditLog } from './verify-log.ts'
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
