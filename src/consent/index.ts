// The consent module's public surface: consent artefacts, their lifecycle and enforcement, the jurisdiction
// profiles (read by reports, scoring and rights), the JWS verification lenders use, routes and CLI.
import type { JurisdictionCode, Secrets } from '../config.ts'
import type { Db } from '../platform/db.ts'
import type { RoutePlugin } from '../platform/http/index.ts'
import { createConsentSigner } from './consent-jws.ts'
import { consentRoutes } from './consent.routes.ts'
import { createConsentService, type ConsentDeps, type ConsentService } from './consent.service.ts'
import { createConsentStore } from './consent.store.ts'

export * from './jurisdiction.ts'
export {
  CATEGORIES,
  CONSENT_MODES,
  CONSENT_STATUSES,
  categorySchema,
  consentSchema,
  consentStatusSchema,
  effectiveStatus,
  transition,
  type Category,
  type Consent,
  type ConsentAction,
  type ConsentActionType,
  type ConsentActor,
  type ConsentMode,
  type ConsentStatus,
  type TransitionResult,
  unusableReason,
} from './consent.model.ts'
export {
  claimsOf,
  consentClaimsSchema,
  jwksSchema,
  jwkThumbprint,
  verifyConsentJws,
  type ConsentClaims,
  type Jwks,
  type VerifyResult,
} from './consent-jws.ts'
export {
  allowedBy,
  CONSENT_UNUSABLE,
  isConsentUnusable,
  refusedEvent,
  ruleOn,
  type Allowed,
  type AuthoriseInput,
  type AuthoriseResult,
  type Ruling,
} from './consent-check.ts'
export { afterOneUse, type ConsentUse } from './consent-spend.store.ts'
export type { ConsentAuditAction, ConsentAuditEvent } from './consent-audit-event.ts'
export type { ConsentService, ListQuery } from './consent.service.ts'
export type { RequestReceipt } from './request-consent.ts'
export { consentRequestSchema, type ConsentRequest } from './consent-terms.ts'
export type { CurrentProfile } from './profile-settings.ts'
export { consentRoutes } from './consent.routes.ts'
export { registerProfileCommands, renderProfile, type ProfileCliIo } from './consent.cli.ts'

export interface ConsentModuleDeps extends Pick<
  ConsentDeps,
  'findConsumer' | 'record' | 'clock' | 'answerFloorMs'
> {
  secrets: Pick<Secrets, 'signingKey'>
  /** config.jurisdiction: the profile until the operator sets another. */
  jurisdiction: JurisdictionCode
}

export interface ConsentModule extends ConsentService {
  /** The HTTP routes, for the server to register. */
  readonly routes: RoutePlugin
}

export function createConsentModule(db: Db, deps: ConsentModuleDeps): ConsentModule {
  const service = createConsentService({
    db,
    store: createConsentStore(),
    signer: createConsentSigner(deps.secrets.signingKey),
    defaultJurisdiction: deps.jurisdiction,
    findConsumer: deps.findConsumer,
    ...(deps.record === undefined ? {} : { record: deps.record }),
    ...(deps.clock === undefined ? {} : { clock: deps.clock }),
    answerFloorMs: deps.answerFloorMs,
  })
  return { ...service, routes: consentRoutes(service) }
}
