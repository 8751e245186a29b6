// Who can still run the register over HTTP. Only an active operator's key acts as the operator (server.ts), and
// only the operator reactivates a member or issues a key over the API (members.routes.ts, requireOperator): with
// no active operator that holds an unrevoked key, no one can administer the register until someone with a shell
// runs `openbureau members reactivate` or `keys create`. Found by probing: the last operator's last key could be
// revoked (DELETE /v1/keys/{own key id} answered 204), and an operator with a key could be suspended while the
// only other active operator had none.
//
// Both rules read under the active operators' rows, locked until the change commits (lockActiveOperators): two
// changes at once take turns, and the later one sees the earlier (operatorsWithKeys reads after the lock).
import type { Tx } from '../platform/db.ts'
import { AppError } from '../platform/errors.ts'
import type { MembersStore } from './members.store.ts'

type Store = Pick<MembersStore, 'lockActiveOperators' | 'operatorsWithKeys'>

/** Refuses to suspend `id` when no other active operator would remain, or none with a key. */
export async function keepAnOperator(store: Store, tx: Tx, id: string): Promise<void> {
  const operators = await store.lockActiveOperators(tx)
  if (!operators.includes(id)) return
  if (operators.length === 1) {
    throw new AppError(
      'conflict',
      `member "${id}" is the last active operator: suspending it would leave no one to run the register; add or reactivate another operator first`,
    )
  }
  const keyed = await store.operatorsWithKeys(tx, operators)
  if (keyed.length === 1 && keyed[0] === id) {
    throw new AppError(
      'conflict',
      `member "${id}" is the last active operator with an API key: suspending it would leave no one to administer the register over HTTP; issue a key to another active operator first`,
    )
  }
}

/**
 * Refuses to revoke `keyId`, a key of `memberId` whose row the caller has locked (lockActiveKey), when it is the
 * last unrevoked key of any active operator. A rotation replaces a key and needs no such check.
 */
export async function keepAnOperatorKey(
  store: Store,
  tx: Tx,
  memberId: string,
  keyId: string,
): Promise<void> {
  const operators = await store.lockActiveOperators(tx)
  if (!operators.includes(memberId)) return
  if ((await store.operatorsWithKeys(tx, operators, keyId)).length > 0) return
  throw new AppError(
    'conflict',
    `key "${keyId}" is the last key of an active operator ("${memberId}"): revoking it would leave no one to administer the register over HTTP; issue a key to an active operator first, or rotate this one (keys rotate) to replace it`,
  )
}
