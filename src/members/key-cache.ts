// The key holders that authenticated recently, so that the lender report (POST /v1/reports, the hot path) does
// not spend a round trip on its key: one of five (bench/steps/http.ts). Only a caller that confirms the holder
// within a round trip it makes anyway may be served from here (MembersService.authenticate with `cached`): the
// report sends keyStandingRead (members.store.ts) with its reads and refuses a revoked key or a suspended member
// before it releases anything. So a revocation or a suspension that has answered ends the key's use on every
// process at once, although another process drops its entry only when the change's notice (MEMBERS_CHANGED)
// arrives, some milliseconds after the commit. Every other route reads the holder from the database.
// The cache serves only while the process hears those notices; an entry also expires after `ttlMs`, which bounds
// what a change made behind the service's back (plain SQL) can outlive. Only active members' holders are kept.
import type { Listen, Listening } from '../platform/notifications.ts'
import type { Member } from './members.model.ts'
import { MEMBERS_CHANGED } from './members.store.ts'

export interface KeyHolder {
  secretHash: Uint8Array
  member: Member
}

export interface KeyCacheOptions {
  ttlMs?: number
  maxEntries?: number
  now?: () => number
}

export class KeyHolderCache {
  private readonly entries = new Map<string, { holder: KeyHolder; at: number }>()
  private generation = 0
  private serving = false
  private readonly ttlMs: number
  private readonly maxEntries: number
  private readonly now: () => number

  constructor({ ttlMs = 10_000, maxEntries = 10_000, now = () => performance.now() }: KeyCacheOptions = {}) {
    this.ttlMs = ttlMs
    this.maxEntries = maxEntries
    this.now = now
  }

  /** Serves from now on: call once the change notices are heard. */
  start(): void {
    this.clear()
    this.serving = true
  }

  /** Serves nothing any more (the notices are no longer heard). */
  stop(): void {
    this.serving = false
    this.clear()
  }

  get(keyId: string): KeyHolder | undefined {
    if (!this.serving) return undefined
    const e = this.entries.get(keyId)
    if (e === undefined) return undefined
    if (this.now() - e.at < this.ttlMs) return e.holder
    this.entries.delete(keyId)
    return undefined
  }

  /** Taken before reading a holder from the database, and handed to set() with what was read. */
  mark(): number {
    return this.generation
  }

  /**
   * Keeps a holder read after `mark` was taken, unless a change was noticed since: the read may predate that
   * change, and keeping it would outlive the notice that should have dropped it.
   */
  set(keyId: string, holder: KeyHolder, mark: number): void {
    if (!this.serving || mark !== this.generation) return
    if (this.entries.size >= this.maxEntries) this.entries.clear()
    this.entries.set(keyId, { holder, at: this.now() })
  }

  /** Drops every entry: a member or key changed (changes are rare; which one does not matter). */
  clear(): void {
    this.generation++
    this.entries.clear()
  }
}

/**
 * Serves `keys` for as long as `listen` hears the members' changes from every process (MembersService.cacheKeys).
 * When it stops hearing them, `onLost` is told and the cache stops serving; it listens again after `retryMs`
 * (doubling up to 30 s while that fails) and serves again once it hears.
 */
export async function cacheWhileHeard(
  keys: KeyHolderCache,
  listen: Listen,
  onLost: (error: Error) => void,
  retryMs: number,
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
}
