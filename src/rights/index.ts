// The rights module's public surface: fraud alerts and the security freeze (FCRA §605A), their routes, and the
// read of the protections in force that the report makes inside its own transaction.
import type { Db } from '../platform/db.ts'
import type { RoutePlugin } from '../platform/http/index.ts'
import { rightsRoutes } from './rights.routes.ts'
import { createRightsService, type RightsDeps, type RightsService } from './rights.service.ts'
import { createRightsStore } from './rights.store.ts'

export {
  ALERT_KINDS,
  ALERT_NOTICE,
  ALERT_YEARS,
  alertExpiry,
  fraudAlertSchema,
  freezeSchema,
  placeAlertSchema,
  TEMPORARY_LIFT_MAX_DAYS,
  temporaryLiftSchema,
  type AlertKind,
  type FraudAlert,
  type Freeze,
  type PlaceAlert,
  type Protections,
  type RightsAuditEvent,
  type SealedAlert,
  type SealedProtections,
  type TemporaryLift,
} from './rights.model.ts'
export type { RightsService } from './rights.service.ts'

export interface RightsModule extends RightsService {
  /** The HTTP routes, for the server to register. */
  readonly routes: RoutePlugin
}

export function createRightsModule(
  db: Db,
  deps: Pick<RightsDeps, 'record' | 'seal' | 'open' | 'clock'> = {},
): RightsModule {
  const service = createRightsService({ db, store: createRightsStore(), ...deps })
  return { ...service, routes: rightsRoutes(service) }
}
