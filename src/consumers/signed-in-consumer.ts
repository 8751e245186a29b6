// The one check that a caller is a signed-in consumer, shared by every route of the consumers module: a member's
// or the operator's API key holds no consumer's account, file or sessions, and every such route says so alike
// (403), where signing out with one answered 404 "no such session" (found by probing).
import { AppError } from '../platform/errors.ts'
import type { Principal } from '../platform/http/index.ts'

/** The consumer key of a signed-in consumer; forbidden for a member or the operator. */
export function signedInConsumer(principal: Principal): string {
  if (principal.kind !== 'consumer') throw new AppError('forbidden', 'only a signed-in consumer has this')
  return principal.id
}
