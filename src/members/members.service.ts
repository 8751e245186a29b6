// Registering institutions, their roles and their credentials.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Tx } from '../platform/db.ts'
import { AppError, hasSqlState } from '../platform/errors.ts'
import {
  API_KEY_PATTERN,
  newKeySchema,
  newMemberSchema,
  newMetro2IdsSchema,
  type ApiKeyInfo,
  type Member,
  type NewMember,
} from './members.model.ts'
import type { Listen, Listening } from '../platform/notifications.ts'
import { parseInput } from '../platform/parse-input.ts'
import { cacheWhileHeard, KeyHolderCache, type KeyCacheOptions, type KeyHolder } from './key-cache.ts'
import type { MembersStore } from './members.store.ts'
import { keepAnOperator, keepAnOperatorKey } from './operator-guard.ts'

/** What the members module tells the audit log; the composition root connects it to the audit module. */
export type MemberEvent =
  | {
      action: 'member.added'
      memberId: string
      /** What was granted, for the audit log: the roles (operator above all) and the numbers it furnishes under. */
      details: Pick<Member, 'kind' | 'roles' | 'metro2Ids'>
    }
  | { action: 'member.suspended' | 'member.reactivated'; memberId: string }
  /** Numbers registered to a member after its registration: only those it did not hold already. */
  | { action: 'member.metro2_ids_added'; memberId: string; details: Pick<Member, 'metro2Ids'> }
  | { action: 'key.created' | 'key.revoked'; memberId: string; keyId: string }

/** Shows a new key's secret, before it is stored for good; throws if it cannot (standard-output.ts). */
export type KeyDelivery = (key: string, info: ApiKeyInfo) => void

export interface MembersDeps {
  store: MembersStore
  /** Records the event in `tx`, the change's own transaction: both commit, or neither. */
  record?: (tx: Tx, event: MemberEvent) => Promise<void>
  keyCache?: KeyCacheOptions
}

// A cached member is handed to every request of its key: none of them may change it for the others.
const deepFreeze = (m: Member): Member => {
  Object.freeze(m.roles)
  Object.freeze(m.metro2Ids)
  return Object.freeze(m)
}

const secretHash = (secret: string): Buffer => createHash('sha256').update(secret).digest()

const KEY_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'
const newKeyId = (): string => [...randomBytes(12)].map((b) => KEY_ID_ALPHABET[b % 36]).join('')

export function createMembersService({ store, record = async () => {}, keyCache }: MembersDeps) {
  const keys = new KeyHolderCache(keyCache)

  async function get(id: string, tx?: Tx): Promise<Member> {
    const m = await store.get(id, tx)
    if (!m) throw new AppError('not_found', `no member "${id}"`)
    return m
  }

  // A member already in the status asked for is left as it is, and nothing is recorded: nothing happened.
  async function setStatus(id: string, status: Member['status']): Promise<Member> {
    try {
      return await store.transaction(async (tx) => {
        if (status === 'suspended') await keepAnOperator(store, tx, id)
        const before = await store.setStatus(tx, id, status)
        if (before === undefined) throw new AppError('not_found', `no member "${id}"`)
        if (before !== status)
          await record(tx, {
            action: status === 'suspended' ? 'member.suspended' : 'member.reactivated',
            memberId: id,
          })
        return get(id, tx)
      })
    } finally {
      keys.clear()
    }
  }

  async function insertKey(tx: Tx, memberId: string, label: string | null) {
    const keyId = newKeyId()
    const secret = randomBytes(32).toString('base64url')
    await store.insertApiKey(tx, keyId, memberId, secretHash(secret), label)
    await record(tx, { action: 'key.created', memberId, keyId })
    const info = (await store.apiKeys(memberId, tx)).find((k) => k.keyId === keyId)!
    return { key: `ob_${keyId}_${secret}`, info }
  }

  /** Not found, naming the id; a whole key given for its id is refused without being repeated (it is a secret). */
  function noActiveKey(keyId: string): AppError {
    if (/^ob_[^_]+_./.test(keyId))
      return new AppError(
        'invalid_input',
        'that is a whole API key, not its id: give the key id, the part between "ob_" and the next "_" (the key is not repeated here)',
      )
    return new AppError('not_found', `no active key "${keyId}"`)
  }

  /** The conflict of a number in `ids` that a member other than `memberId` holds, as registration names it. */
  async function ownedByOther(memberId: string, ids: readonly string[], tx?: Tx) {
    const owned = [...(await store.ownersOfMetro2Ids(ids, tx))].find(([, owner]) => owner !== memberId)
    return (
      owned &&
      new AppError(
        'conflict',
        `Metro 2 identification number "${owned[0]}" already belongs to member "${owned[1]}"`,
      )
    )
  }

  async function revokeKey(tx: Tx, keyId: string): Promise<void> {
    const memberId = await store.revokeApiKey(tx, keyId)
    if (memberId === undefined) throw noActiveKey(keyId)
    await record(tx, { action: 'key.revoked', memberId, keyId })
  }

  return {
    get,
    list: () => store.list(),

    async add(input: NewMember): Promise<Member> {
      const m = parseInput(newMemberSchema, input, 'member')
      const taken = async (): Promise<AppError | undefined> => {
        if (await store.get(m.id)) return new AppError('conflict', `member "${m.id}" already exists`)
        return ownedByOther(m.id, m.metro2Ids)
      }
      const refused = await taken()
      if (refused) throw refused
      try {
        return await store.transaction(async (tx) => {
          await store.insert(tx, m)
          await record(tx, {
            action: 'member.added',
            memberId: m.id,
            details: { kind: m.kind, roles: m.roles, metro2Ids: m.metro2Ids },
          })
          return get(m.id, tx)
        })
      } catch (e) {
        // Another registration of the same id or number won the race between the check and the insert.
        if (hasSqlState(e, '23505')) throw (await taken()) ?? e
        throw e
      }
    },

    /**
     * Registers more Metro 2 identification numbers to a member, checked as at registration: a furnisher that
     * gains a number (a portfolio bought, an L1 change of number) furnishes under it (CRRG Base Segment field 5).
     * Numbers the member holds already are left as they are, and nothing is recorded for them.
     */
    async addMetro2Ids(memberId: string, metro2Ids: readonly string[]): Promise<Member> {
      const { metro2Ids: ids } = parseInput(
        newMetro2IdsSchema,
        { metro2Ids },
        'Metro 2 identification numbers',
      )
      try {
        return await store.transaction(async (tx) => {
          const before = await get(memberId, tx)
          const fresh = ids.filter((id) => !before.metro2Ids.includes(id))
          if (fresh.length === 0) return before
          const added = await store.insertMetro2Ids(tx, memberId, fresh)
          // A number left out is held already: by another member (refused, as at registration), or by this one
          // through a change that committed meanwhile.
          if (added.length < fresh.length) {
            const refused = await ownedByOther(memberId, fresh, tx)
            if (refused) throw refused
          }
          if (added.length > 0)
            await record(tx, {
              action: 'member.metro2_ids_added',
              memberId,
              details: { metro2Ids: added.sort() },
            })
          return get(memberId, tx)
        })
      } finally {
        keys.clear()
      }
    },

    suspend: (id: string) => setStatus(id, 'suspended'),
    reactivate: (id: string) => setStatus(id, 'active'),

    /**
     * The Metro 2 identification numbers registered to members other than `memberId`: a furnisher that
     * registered none of its own may report under any number but these (CRRG Base Segment field 5).
     */
    async metro2IdsOfOthers(memberId: string): Promise<ReadonlySet<string>> {
      const owners = await store.metro2IdOwners()
      return new Set([...owners].filter(([, owner]) => owner !== memberId).map(([id]) => id))
    },

    /** Which member furnished a file: `code` when given, else the first identification number that is known. */
    async resolveFurnisher(code: string | undefined, fileIds: readonly string[]): Promise<Member> {
      if (code !== undefined) return get(code)
      const owners = await store.ownersOfMetro2Ids([...new Set(fileIds.filter((s) => s.length > 0))])
      const memberIds = [...new Set(owners.values())]
      if (memberIds.length === 0) {
        throw new AppError(
          'not_found',
          `no registered furnisher has the file's identification numbers (${[...new Set(fileIds)].filter(Boolean).slice(0, 5).join(', ') || 'none'}); name the furnisher (\`ingest --furnisher\`, or \`?furnisher=\` on an upload) or register the number with the member`,
        )
      }
      if (memberIds.length > 1) {
        throw new AppError(
          'unprocessable',
          `the file names several furnishers (${memberIds.join(', ')}); name one (\`ingest --furnisher\`, or \`?furnisher=\` on an upload)`,
        )
      }
      return get(memberIds[0]!)
    },

    /**
     * A new key for the member. `deliver` runs before the key is stored for good: if it throws (the key could not
     * be shown), nothing is stored.
     */
    async createApiKey(
      memberId: string,
      label: string | null = null,
      deliver: KeyDelivery = () => {},
    ): Promise<{ key: string; info: ApiKeyInfo }> {
      const checked = parseInput(newKeySchema, { label }, 'key').label
      return store.transaction(async (tx) => {
        await get(memberId, tx)
        const fresh = await insertKey(tx, memberId, checked)
        deliver(fresh.key, fresh.info)
        return fresh
      })
    },

    async revokeApiKey(keyId: string): Promise<void> {
      try {
        await store.transaction(async (tx) => {
          // The key's row first, as a rotation takes it (store.lockActiveKey); then the operators' rows, so that
          // two revocations of the last operators' keys take turns (operator-guard.ts).
          const key = await store.lockActiveKey(tx, keyId)
          if (key === undefined) throw noActiveKey(keyId)
          await keepAnOperatorKey(store, tx, key.memberId, keyId)
          await revokeKey(tx, keyId)
        })
      } finally {
        keys.clear()
      }
    },

    /**
     * A new key for the member of `keyId` and the old one revoked, in one transaction: the new key works from
     * the moment the old one stops, and a failure (`deliver` too, as for createApiKey) leaves the old one as it
     * was.
     */
    async rotateApiKey(
      keyId: string,
      deliver: KeyDelivery = () => {},
    ): Promise<{ key: string; info: ApiKeyInfo }> {
      try {
        return await store.transaction(async (tx) => {
          // The old key's row first, as a revocation takes it: a rotation and a revocation of one key take turns,
          // and the later one finds no active key (store.lockActiveKey).
          const old = await store.lockActiveKey(tx, keyId)
          if (old === undefined) throw noActiveKey(keyId)
          // The new key does the old one's job: it keeps the operator's label (found by probing: it was replaced
          // by "rotated from ..."); the key.created and key.revoked events record the rotation.
          const fresh = await insertKey(tx, old.memberId, old.label ?? `rotated from ${keyId}`)
          await revokeKey(tx, keyId)
          // Shown before the commit: a key that could not be shown leaves the old one working.
          deliver(fresh.key, fresh.info)
          return fresh
        })
      } finally {
        keys.clear()
      }
    },

    /** The member's keys; an unknown member is not_found, not an empty list. */
    async apiKeys(memberId: string): Promise<ApiKeyInfo[]> {
      await get(memberId)
      return store.apiKeys(memberId)
    },

    /**
     * The member behind a presented key, or undefined for a malformed, unknown or revoked key: read from the
     * database, so that a revocation or a suspension that has answered ends the key's use on every process.
     * Only with `cached` may a holder read recently serve (key-cache.ts), and then the caller must confirm it
     * within a round trip of its own work (keyStandingRead), as the lender report does. The secret is checked
     * on every call; only active members' holders are kept, so a reactivation serves at once too.
     */
    async authenticate(
      presented: string,
      { cached = false }: { cached?: boolean } = {},
    ): Promise<Member | undefined> {
      const m = API_KEY_PATTERN.exec(presented)
      if (!m) return undefined
      const keyId = m[1]!
      let k: KeyHolder | undefined = cached ? keys.get(keyId) : undefined
      if (k === undefined) {
        const mark = keys.mark()
        const read = await store.keyHolder(keyId)
        if (!read || read.revoked) return undefined
        k = { secretHash: read.secretHash, member: deepFreeze(read.member) }
        if (k.member.status === 'active') keys.set(keyId, k, mark)
      }
      const expected = Buffer.from(k.secretHash)
      const given = secretHash(m[2]!)
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined
      return k.member
    },

    /**
     * Caches key holders from now on, for `authenticate` with `cached`, while `listen` hears the members' changes
     * from every process; `onLost` is told when it stops hearing them (key-cache.ts, cacheWhileHeard).
     */
    cacheKeys: (
      listen: Listen,
      onLost: (error: Error) => void = () => {},
      retryMs = 1000,
    ): Promise<Listening> => cacheWhileHeard(keys, listen, onLost, retryMs),
  }
}

export type MembersService = ReturnType<typeof createMembersService>
