// Who is acting, for the audit log: the CLI's operator, or the authenticated caller of the current HTTP
// request (carried by AsyncLocalStorage so that services need not pass it through every call).
import { AsyncLocalStorage } from 'node:async_hooks'

export interface Actor {
  kind: 'operator' | 'member' | 'consumer' | 'system'
  id: string
}

const current = new AsyncLocalStorage<Actor>()

export const runAs = <T>(actor: Actor, fn: () => T): T => current.run(actor, fn)
export const enterActor = (actor: Actor): void => current.enterWith(actor)
export const currentActor = (fallback: Actor): Actor => current.getStore() ?? fallback
