import type { Secrets } from '../config.ts'
import type { Db } from '../platform/db.ts'
import { createIdentityService, type IdentityDeps } from './identity.service.ts'
import { createIdentityStore } from './identity.store.ts'

export * from './identity.model.ts'
export {
  NATIONAL_ID_TYPES,
  birthDateContradicts,
  cnRidCheckCharacter,
  huTaxBirthDate,
  huTaxCheckDigit,
  isNationalIdType,
  nationalIdToken,
  parseNationalId,
  type NationalId,
  type NationalIdProblem,
  type NationalIdType,
  type ParsedNationalId,
} from './national-id.ts'
export { nationalIdRefusal } from './national-id-refusal.ts'
export { holdAgainstShred } from './shred-lock.ts'
export type { IdentityEvent, IdentityService } from './identity.service.ts'
export type { SealedValueLabel } from './pii-crypto.ts'
export type { IdentityLookup, IdentityResolver, ResolvedChunk } from './resolve-identities.ts'

export function createIdentityModule(
  db: Db,
  secrets: Pick<Secrets, 'tokenKey' | 'masterKey'>,
  deps: Pick<IdentityDeps, 'record' | 'forget' | 'sealOffThreadFrom'> = {},
) {
  return createIdentityService({ ...deps, secrets, store: createIdentityStore(db) })
}
