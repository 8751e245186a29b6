import type { AnyKysely } from '../platform/db.ts'
import { createMembersService, type MembersDeps } from './members.service.ts'
import { createMembersStore } from './members.store.ts'

export * from './members.model.ts'
export type { MembersService, MemberEvent } from './members.service.ts'
export { registerMembersCommands } from './members.cli.ts'
export { membersRoutes, requireOperator } from './members.routes.ts'

export function createMembersModule(db: AnyKysely, deps: Omit<MembersDeps, 'store'> = {}) {
  return createMembersService({ ...deps, store: createMembersStore(db) })
}
