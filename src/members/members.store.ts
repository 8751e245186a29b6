// All SQL of the members module. "Missing" is undefined, never an exception.
import { sql } from 'kysely'
import type { AnyKysely, Db, Tx } from '../platform/db.ts'
import { planned, type Planned } from '../platform/planned.ts'
import type { ApiKeyInfo, KeyStanding, Member, MemberStatus, NewMember } from './members.model.ts'

interface MemberRow {
  member_id: string
  name: string
  kind: Member['kind']
  roles: Member['roles']
  status: MemberStatus
  created_at: Date
  metro2_ids: string[] | null
}

const toMember = (r: MemberRow): Member => ({
  id: r.member_id,
  name: r.name,
  kind: r.kind,
  roles: r.roles,
  status: r.status,
  metro2Ids: r.metro2_ids ?? [],
  createdAt: r.created_at.toISOString(),
})

const memberColumns = sql`m.member_id, m.name, m.kind, m.roles, m.status, m.created_at,
         (select array_agg(i.identification_number order by i.identification_number)
            from member_metro2_ids i where i.member_id = m.member_id) as metro2_ids`

const selectMembers = sql`select ${memberColumns} from members m`

/** Notified in the transaction of every change that can end a key's use: a revocation, a member's status. */
export const MEMBERS_CHANGED = 'openbureau_members_changed'
const noticeOfChange = sql`select pg_notify(${MEMBERS_CHANGED}, '')`

/**
 * Whether the member, and the key it presented when `keyId` is given, may still act now: planned, so that the
 * lender report sends it with its own reads and confirms a holder from the key cache without a round trip of its
 * own (key-cache.ts). An unknown key reads as revoked, an unknown member as suspended. `forShare` holds the rows
 * read until the transaction ends, so that a suspension or revocation still running waits for it (an upload's
 * last read before its file commits: furnishing/sender-standing.ts).
 */
export function keyStandingRead(
  memberId: string,
  keyId: string | undefined,
  { forShare = false }: { forShare?: boolean } = {},
): Planned<KeyStanding> {
  const lock = forShare ? sql` for share` : sql``
  const statement =
    keyId === undefined
      ? sql<{ revoked: boolean; status: MemberStatus }>`
          select false as revoked, status from members where member_id = ${memberId}${lock}`
      : sql<{ revoked: boolean; status: MemberStatus }>`
          select k.revoked_at is not null as revoked, m.status
            from api_keys k join members m on m.member_id = k.member_id
           where k.key_id = ${keyId} and k.member_id = ${memberId}${lock}`
  return planned(statement, (rows) => {
    const row = rows[0]
    if (row === undefined) return keyId === undefined ? 'suspended' : 'revoked'
    return row.revoked ? 'revoked' : row.status
  })
}

/**
 * `reads` serves the lookups on every request's path (shared-batches.ts); `db` the rest. Every change runs in
 * the caller's transaction (`tx`), so that it commits with its audit event or not at all.
 */
export function createMembersStore(db: Db, reads: AnyKysely = db.kysely) {
  const q = db.kysely
  return {
    transaction: <T>(work: (tx: Tx) => Promise<T>): Promise<T> => db.transaction(work),

    async insert(tx: Tx, m: NewMember): Promise<void> {
      await sql`insert into members (member_id, name, kind, roles) values (${m.id}, ${m.name}, ${m.kind}, ${m.roles})`.execute(
        tx.kysely,
      )
      for (const id of m.metro2Ids) {
        await sql`insert into member_metro2_ids (identification_number, member_id) values (${id}, ${m.id})`.execute(
          tx.kysely,
        )
      }
    },

    /**
     * The numbers of `ids` now registered to the member that no member held: one that another transaction
     * registers at once is waited for and left out (ON CONFLICT DO NOTHING), for the caller to name its owner.
     * A cached member holds its numbers (key-cache.ts): the change is noticed as a status is.
     */
    async insertMetro2Ids(tx: Tx, memberId: string, ids: readonly string[]): Promise<string[]> {
      const r = await sql<{ identification_number: string }>`
        insert into member_metro2_ids (identification_number, member_id)
        select unnest(${ids}::text[]), ${memberId}
        on conflict (identification_number) do nothing
        returning identification_number`.execute(tx.kysely)
      await noticeOfChange.execute(tx.kysely)
      return r.rows.map((row) => row.identification_number)
    },

    async get(id: string, tx?: Tx): Promise<Member | undefined> {
      const r = await sql<MemberRow>`${selectMembers} where m.member_id = ${id}`.execute(tx?.kysely ?? q)
      return r.rows[0] && toMember(r.rows[0])
    },

    async list(): Promise<Member[]> {
      const r = await sql<MemberRow>`${selectMembers} order by m.member_id`.execute(q)
      return r.rows.map(toMember)
    },

    /**
     * The active operators, locked until `tx` ends: two operators suspending each other at once take turns, and
     * the second sees the first's change (PostgreSQL re-checks a locked row that changed, §13.2.1). FOR NO KEY
     * UPDATE, as every member row taken here: a foreign key to the member (an upload's batch row, a new key) holds
     * FOR KEY SHARE until its transaction ends, which FOR UPDATE would wait for (members.upload-lock.test.ts).
     */
    async lockActiveOperators(tx: Tx): Promise<string[]> {
      const r = await sql<{ member_id: string }>`
        select member_id from members where status = 'active' and 'operator' = any(roles)
         order by member_id for no key update`.execute(tx.kysely)
      return r.rows.map((row) => row.member_id)
    },

    /**
     * Which of `operators` hold an unrevoked key, `exceptKeyId` left out (the key being revoked). Read in a statement of its own after lockActiveOperators: a
     * statement sees what committed before it began, so a revocation that held the lock is seen once it is
     * released (the locking statement itself would still read the keys as they were when it began).
     */
    async operatorsWithKeys(tx: Tx, operators: readonly string[], exceptKeyId = ''): Promise<string[]> {
      if (operators.length === 0) return []
      const r = await sql<{ member_id: string }>`
        select distinct member_id from api_keys
         where revoked_at is null and member_id = any(${operators}::text[]) and key_id <> ${exceptKeyId}
         order by member_id`.execute(tx.kysely)
      return r.rows.map((row) => row.member_id)
    },

    /** The member's status before the change, or undefined for no such member. */
    async setStatus(tx: Tx, id: string, status: MemberStatus): Promise<MemberStatus | undefined> {
      const r = await sql<{ before: MemberStatus }>`
        update members m set status = ${status}, updated_at = now()
          from (select member_id, status from members where member_id = ${id} for no key update) old
         where m.member_id = old.member_id
        returning old.status as before`.execute(tx.kysely)
      await noticeOfChange.execute(tx.kysely)
      return r.rows[0]?.before
    },

    async ownersOfMetro2Ids(ids: readonly string[], tx?: Tx): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map()
      const r = await sql<{ identification_number: string; member_id: string }>`
        select identification_number, member_id from member_metro2_ids where identification_number = any(${ids})`.execute(
        tx?.kysely ?? q,
      )
      return new Map(r.rows.map((row) => [row.identification_number, row.member_id]))
    },

    /** Every registered Metro 2 identification number and its member. */
    async metro2IdOwners(): Promise<Map<string, string>> {
      const r = await sql<{ identification_number: string; member_id: string }>`
        select identification_number, member_id from member_metro2_ids`.execute(q)
      return new Map(r.rows.map((row) => [row.identification_number, row.member_id]))
    },

    async insertApiKey(
      tx: Tx,
      keyId: string,
      memberId: string,
      secretHash: Buffer,
      label: string | null,
    ): Promise<void> {
      await sql`insert into api_keys (key_id, member_id, secret_hash, label) values (${keyId}, ${memberId}, ${secretHash}, ${label})`.execute(
        tx.kysely,
      )
    },

    async apiKey(
      keyId: string,
    ): Promise<{ memberId: string; secretHash: Uint8Array; revoked: boolean } | undefined> {
      const r = await sql<{ member_id: string; secret_hash: Uint8Array; revoked_at: Date | null }>`
        select member_id, secret_hash, revoked_at from api_keys where key_id = ${keyId}`.execute(q)
      const row = r.rows[0]
      return row && { memberId: row.member_id, secretHash: row.secret_hash, revoked: row.revoked_at !== null }
    },

    /** The key and the member that holds it, in one statement: every API request is authenticated with it. */
    async keyHolder(
      keyId: string,
    ): Promise<{ secretHash: Uint8Array; revoked: boolean; member: Member } | undefined> {
      const r = await sql<MemberRow & { secret_hash: Uint8Array; revoked_at: Date | null }>`
        select k.secret_hash, k.revoked_at, ${memberColumns}
          from api_keys k join members m on m.member_id = k.member_id
         where k.key_id = ${keyId}`.execute(reads)
      const row = r.rows[0]
      return row && { secretHash: row.secret_hash, revoked: row.revoked_at !== null, member: toMember(row) }
    },

    /**
     * The member of the active key `keyId`, its row locked until `tx` ends; undefined when there is no such key.
     * A rotation and a revocation take this lock first, before the audit log's: taken in the other order, a
     * rotation and a revocation of one key deadlock (PostgreSQL 40P01). A revocation takes the operators' rows
     * after it, in the order an upload's last read (keyStandingRead, for share) takes a key and then its member.
     */
    async lockActiveKey(
      tx: Tx,
      keyId: string,
    ): Promise<{ memberId: string; label: string | null } | undefined> {
      const r = await sql<{ member_id: string; label: string | null }>`
        select member_id, label from api_keys where key_id = ${keyId} and revoked_at is null for update`.execute(
        tx.kysely,
      )
      const row = r.rows[0]
      return row === undefined ? undefined : { memberId: row.member_id, label: row.label }
    },

    /** The member whose active key `keyId` was, or undefined when there was no such active key. */
    async revokeApiKey(tx: Tx, keyId: string): Promise<string | undefined> {
      const r = await sql<{ member_id: string }>`
        update api_keys set revoked_at = now() where key_id = ${keyId} and revoked_at is null
        returning member_id`.execute(tx.kysely)
      await noticeOfChange.execute(tx.kysely)
      return r.rows[0]?.member_id
    },

    async apiKeys(memberId: string, tx?: Tx): Promise<ApiKeyInfo[]> {
      const r = await sql<{
        key_id: string
        member_id: string
        label: string | null
        created_at: Date
        revoked_at: Date | null
      }>`
        select key_id, member_id, label, created_at, revoked_at from api_keys where member_id = ${memberId} order by created_at`.execute(
        tx?.kysely ?? q,
      )
      return r.rows.map((k) => ({
        keyId: k.key_id,
        memberId: k.member_id,
        label: k.label,
        createdAt: k.created_at.toISOString(),
        revokedAt: k.revoked_at?.toISOString() ?? null,
      }))
    },
  }
}

export type MembersStore = ReturnType<typeof createMembersStore>
