import type { AnyKysely, Db } from '../platform/db.ts'
import { createMembersService, type MembersDeps } from './members.service.ts'
import { createMembersStore } from './members.store.ts'

export * from './members.model.ts'
export type { MembersService, MemberEvent } from './members.service.ts'
export { registerMembersCommands } from './members.cli.ts'
export { membersRoutes, requireOperator } from './members.routes.ts'
export { keyStandingRead } from './members.store.ts'

/** `reads` (Db.reads) serves the key lookup of every request; without it, `db` does. */
export function createMembersModule(
  db: Db,
  { reads, ...deps }: Omit<MembersDeps, 'store'> & { reads?: AnyKysely } = {},
) {
  return createMembersService({ ...deps, store: createMembersStore(db, reads) })
}
