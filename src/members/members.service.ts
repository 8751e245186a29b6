// Registering institutions, their roles and their credentials.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { AppError } from '../platform/errors.ts'
import {
  API_KEY_PATTERN,
  newMemberSchema,
  type ApiKeyInfo,
  type Member,
  type NewMember,
} from './members.model.ts'
import type { Listen, Listening } from '../platform/notifications.ts'
import { parseInput } from '../platform/parse-input.ts'
import { KeyHolderCache, type KeyCacheOptions, type KeyHolder } from './key-cache.ts'
import { MEMBERS_CHANGED, type MembersStore } from './members.store.ts'

/** What the members module tells the audit log; the composition root connects it to the audit module. */
export type MemberEvent =
  | { action: 'member.added' | 'member.suspended' | 'member.reactivated'; memberId: string }
  | { action: 'key.created' | 'key.revoked'; memberId: string; keyId: string }

export interface MembersDeps {
  store: MembersStore
  record?: (event: MemberEvent) => Promise<void>
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

  async function get(id: string): Promise<Member> {
    const m = await store.get(id)
    if (!m) throw new AppError('not_found', `no member "${id}"`)
    return m
  }

  // Only an operator can reactivate a member: suspending the last active one would lock everyone out of the
  // register until someone with a shell ran `openbureau members reactivate`.
  async function keepAnOperator(id: string): Promise<void> {
    const all = await store.list()
    const isOperator = (m: Member) => m.status === 'active' && m.roles.includes('operator')
    const target = all.find((m) => m.id === id)
    if (target && isOperator(target) && !all.some((m) => m.id !== id && isOperator(m))) {
      throw new AppError(
        'conflict',
        `member "${id}" is the last active operator: suspending it would leave no one to run the register; add or reactivate another operator first`,
      )
    }
  }

  async function setStatus(id: string, status: Member['status']): Promise<Member> {
    if (status === 'suspended') await keepAnOperator(id)
    const changed = await store.setStatus(id, status)
    keys.clear()
    if (!changed) throw new AppError('not_found', `no member "${id}"`)
    await record({ action: status === 'suspended' ? 'member.suspended' : 'member.reactivated', memberId: id })
    return get(id)
  }

  return {
    get,
    list: () => store.list(),

    async add(input: NewMember): Promise<Member> {
      const m = parseInput(newMemberSchema, input, 'member')
      if (await store.get(m.id)) throw new AppError('conflict', `member "${m.id}" already exists`)
      const taken = await store.ownersOfMetro2Ids(m.metro2Ids)
      if (taken.size > 0) {
        const [id, owner] = [...taken][0]!
        throw new AppError(
          'conflict',
          `Metro 2 identification number "${id}" already belongs to member "${owner}"`,
        )
      }
      await store.insert(m)
      await record({ action: 'member.added', memberId: m.id })
      return get(m.id)
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
          `no registered furnisher has the file's identification numbers (${[...new Set(fileIds)].filter(Boolean).slice(0, 5).join(', ') || 'none'}); pass --furnisher or register the number with the member`,
        )
      }
      if (memberIds.length > 1) {
        throw new AppError(
          'unprocessable',
          `the file names several furnishers (${memberIds.join(', ')}); pass --furnisher`,
        )
      }
      return get(memberIds[0]!)
    },

    async createApiKey(
      memberId: string,
      label: string | null = null,
    ): Promise<{ key: string; info: ApiKeyInfo }> {
      await get(memberId)
      const keyId = newKeyId()
      const secret = randomBytes(32).toString('base64url')
      await store.insertApiKey(keyId, memberId, secretHash(secret), label)
      await record({ action: 'key.created', memberId, keyId })
      const info = (await store.apiKeys(memberId)).find((k) => k.keyId === keyId)!
      return { key: `ob_${keyId}_${secret}`, info }
    },

    async revokeApiKey(keyId: string): Promise<void> {
      const k = await store.apiKey(keyId)
      const revoked = k !== undefined && (await store.revokeApiKey(keyId))
      keys.clear()
      if (!revoked) throw new AppError('not_found', `no active key "${keyId}"`)
      await record({ action: 'key.revoked', memberId: k.memberId, keyId })
    },

    /** A new key for the member of `keyId`, then the old one revoked: the caller switches without a gap. */
    async rotateApiKey(keyId: string): Promise<{ key: string; info: ApiKeyInfo }> {
      const k = await store.apiKey(keyId)
      if (!k || k.revoked) throw new AppError('not_found', `no active key "${keyId}"`)
      const fresh = await this.createApiKey(k.memberId, `rotated from ${keyId}`)
      await this.revokeApiKey(keyId)
      return fresh
    },

    /** The member's keys; an unknown member is not_found, not an empty list. */
    async apiKeys(memberId: string): Promise<ApiKeyInfo[]> {
      await get(memberId)
      return store.apiKeys(memberId)
    },

    /**
     * The member behind a presented key, or undefined for a malformed, unknown or revoked key. The secret is
     * checked on every call, also when the holder comes from the cache; unknown and revoked keys are not cached.
     */
    async authenticate(presented: string): Promise<Member | undefined> {
      const m = API_KEY_PATTERN.exec(presented)
      if (!m) return undefined
      const keyId = m[1]!
      let k: KeyHolder | undefined = keys.get(keyId)
      if (k === undefined) {
        const mark = keys.mark()
        const read = await store.keyHolder(keyId)
        if (!read || read.revoked) return undefined
        k = { secretHash: read.secretHash, member: deepFreeze(read.member) }
        keys.set(keyId, k, mark)
      }
      const expected = Buffer.from(k.secretHash)
      const given = secretHash(m[2]!)
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined
      return k.member
    },

    /**
     * Caches key holders from now on, for as long as `listen` hears the members' changes from every process
     * (key-cache.ts). When it stops hearing them, `onLost` is told and the cache stops serving; it listens again
     * after `retryMs` (doubling up to 30 s while that fails) and serves again once it hears.
     */
    async cacheKeys(
      listen: Listen,
      onLost: (error: Error) => void = () => {},
      retryMs = 1000,
    ): Promise<Listening> {
      let listening: Listening | undefined
      let stopped = false
      let retry: NodeJS.Timeout | undefined
      const again = (ms: number) => {
        retry = setTimeout(() => void hear().catch(() => again(Math.min(ms * 2, 30_000))), ms)
        retry.unref()
      }
      const hear = async () => {
        const heard = await listen(MEMBERS_CHANGED, {
          onNotify: () => keys.clear(),
          onLost: (error) => {
            keys.stop()
            listening = undefined
            onLost(error)
            if (!stopped) again(retryMs)
          },
        })
        if (stopped) return heard.stop()
        listening = heard
        // Starting clears: nothing read while no change was heard is kept.
        keys.start()
      }
      await hear()
      return {
        async stop() {
          stopped = true
          clearTimeout(retry)
          keys.stop()
          await listening?.stop()
        },
      }
    },
  }
}

export type MembersService = ReturnType<typeof createMembersService>
