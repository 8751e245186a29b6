// A file is read for as long as its sender keeps sending: minutes for a large file or a slow line. The furnisher
// may be suspended, or the key that sends it revoked, meanwhile (found by probing: such a file was applied 14 s
// after its key's revocation had answered). So before the file's transaction commits, the furnisher and the key
// are read again, FOR SHARE: a suspension or revocation that has answered is seen, and one still running waits
// for this commit (members.store.ts takes member rows FOR NO KEY UPDATE, which FOR SHARE blocks), as a lender's
// report confirms its key with its reads (report.service.ts).
import { sql } from 'kysely'
import type { Tx } from '../platform/db.ts'
import { AppError } from '../platform/errors.ts'

/** Why the sender may no longer furnish this file, as the AppError to answer; undefined when it still may. */
export async function lapsedSender(
  tx: Tx,
  furnisherId: string,
  keyId: string | undefined,
): Promise<AppError | undefined> {
  const member = await sql<{ status: string }>`
    select status from members where member_id = ${furnisherId} for share`.execute(tx.kysely)
  if (member.rows[0]?.status !== 'active')
    return new AppError(
      'forbidden',
      `furnisher "${furnisherId}" was suspended while its file was read; nothing from this file was applied`,
    )
  if (keyId === undefined) return undefined
  const key = await sql<{ revoked: boolean }>`
    select revoked_at is not null as revoked from api_keys where key_id = ${keyId} for share`.execute(
    tx.kysely,
  )
  if (key.rows[0]?.revoked !== false)
    return new AppError(
      'unauthenticated',
      'the API key that sent this file was revoked while it was read; nothing from this file was applied',
    )
  return undefined
}
