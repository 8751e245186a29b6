// A file is read for as long as its sender keeps sending: minutes for a large file or a slow line. The furnisher
// may be suspended, or the key that sends it revoked, meanwhile (found by probing: such a file was applied 14 s
// after its key's revocation had answered). So before the file's transaction commits, the furnisher and the
// sender's key are read again, FOR SHARE (members keyStandingRead, as the lender report confirms its key): a
// suspension or revocation that has answered is seen, and one still running waits for this commit
// (members.store.ts takes member rows FOR NO KEY UPDATE, which FOR SHARE blocks).
import { keyStandingRead } from '../members/index.ts'
import type { Tx } from '../platform/db.ts'
import { AppError } from '../platform/errors.ts'
import { runOn } from '../platform/planned.ts'

/** Who sends a file over HTTP: the member behind the API key (the furnisher, or an operator for it) and the key. */
export interface Sender {
  memberId: string
  keyId: string | undefined
}

const NOTHING_APPLIED = 'nothing from this file was applied'

/** Why the file may no longer be applied, as the AppError to answer; undefined when it still may. */
export async function lapsedSender(
  tx: Tx,
  furnisherId: string,
  sender: Sender | undefined,
): Promise<AppError | undefined> {
  const read = (memberId: string, keyId: string | undefined) =>
    runOn(tx.kysely, keyStandingRead(memberId, keyId, { forShare: true }))
  const own = sender?.memberId === furnisherId
  const furnisher = await read(furnisherId, own ? sender.keyId : undefined)
  const by = own ? furnisher : sender === undefined ? 'active' : await read(sender.memberId, sender.keyId)
  if (furnisher === 'suspended')
    return new AppError(
      'forbidden',
      `furnisher "${furnisherId}" was suspended while its file was read; ${NOTHING_APPLIED}`,
    )
  if (by === 'revoked')
    return new AppError(
      'unauthenticated',
      `the API key that sent this file was revoked while it was read; ${NOTHING_APPLIED}`,
    )
  if (by === 'suspended')
    return new AppError(
      'forbidden',
      `member "${sender?.memberId ?? ''}" was suspended while its file was read; ${NOTHING_APPLIED}`,
    )
  return undefined
}
