// Who is calling, in terms the platform understands without knowing any domain (DESIGN.md "platform/
// imports no domain"): the members module fills it from API keys, the consumer portal from sessions.
import type { FastifyRequest } from 'fastify'
import { AppError } from '../errors.ts'

export type PrincipalKind = 'operator' | 'member' | 'consumer'

export interface Principal {
  readonly kind: PrincipalKind
  readonly id: string
  readonly roles: readonly string[]
  /** Set for members: a suspended member still authenticates; each route decides what it may do. */
  readonly memberStatus?: 'active' | 'suspended'
  /**
   * Set for members: the id of the API key presented. A route whose principal may come from the members' key
   * cache confirms with it that the key is still unrevoked (`confirmsKey` below).
   */
  readonly keyId?: string
}

/** Resolves the credential of a request; `undefined` when it carries none or an invalid one. */
export type Authenticate = (request: FastifyRequest) => Promise<Principal | undefined>

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook; always defined on a route that is not public. */
    principal: Principal | undefined
  }
  interface FastifyContextConfig {
    /** The route answers without authentication (health, docs, OpenAPI document, JWKS). */
    public?: boolean
    /**
     * The handler confirms the caller's key and standing within a round trip it makes anyway (the lender report),
     * so its principal may be taken from a cache; every other route's is read afresh on each request.
     */
    confirmsKey?: boolean
  }
}

/** The authenticated caller of a protected route. */
export function requirePrincipal(request: FastifyRequest): Principal {
  if (request.principal === undefined) throw new AppError('unauthenticated', 'authentication required')
  return request.principal
}

/**
 * The caller, if it holds at least one of `roles`; forbidden otherwise. Whether a refused read should
 * rather look like "not found" (STYLE.md, Immich's access rule) is the domain's decision, not this one.
 */
export function requireRole(request: FastifyRequest, ...roles: readonly string[]): Principal {
  const principal = requirePrincipal(request)
  if (!roles.some((role) => principal.roles.includes(role))) {
    throw new AppError('forbidden', `requires one of the roles: ${roles.join(', ')}`)
  }
  return principal
}
