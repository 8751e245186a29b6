// What identity resolution knows while it resolves a chunk: the database's answer to the chunk's lookup, with
// what the last two chunks learned laid over it (they may not have reached the database yet; see
// resolve-identities.ts), and the shape of what a chunk learns in turn.
import type { Resolution } from './identity.model.ts'
import type { Prepared, Unresolved } from './prepare-identity.ts'
import { isUnresolved } from './prepare-identity.ts'
import type { ResolutionLookup } from './identity.store.ts'
import { valueId } from './seal-consumers.ts'

export const addTo = <K, V>(m: Map<K, Set<V>>, k: K, v: V): void => {
  const s = m.get(k)
  if (s) s.add(v)
  else m.set(k, new Set([v]))
}

export interface SeenDates {
  firstSeen: string
  lastSeen: string
}

/** What one chunk learned that the database may not show yet. */
export interface Learned {
  tokenOwner: Map<string, string>
  matchOwners: Map<string, Set<string>>
  idTypes: Map<string, Set<string>>
  dataKeys: Map<string, Buffer>
  pii: Map<string, SeenDates>
  /** Settles when the data keys and values of the consumers created by the chunk are in dataKeys and pii. */
  sealed: Promise<void>
}

export const nothingLearned = (): Learned => ({
  tokenOwner: new Map(),
  matchOwners: new Map(),
  idTypes: new Map(),
  dataKeys: new Map(),
  pii: new Map(),
  sealed: Promise.resolve(),
})

export const piiIdOf = (consumerKey: string, id: string) => `${consumerKey}|${id}`
export const piiId = (consumerKey: string, kind: string, hashHex: string) =>
  piiIdOf(consumerKey, valueId(kind, hashHex))
export const widest = (a: SeenDates | undefined, b: SeenDates | undefined): SeenDates | undefined =>
  a === undefined || b === undefined
    ? (a ?? b)
    : {
        firstSeen: a.firstSeen < b.firstSeen ? a.firstSeen : b.firstSeen,
        lastSeen: a.lastSeen > b.lastSeen ? a.lastSeen : b.lastSeen,
      }

export interface Known {
  /** National-ID token (hex) to its consumer. */
  tokenOwner: Map<string, string>
  /** Match key (hex) to every consumer it names. */
  matchOwners: Map<string, Set<string>>
  idTypes: Map<string, Set<string>>
  wrapped: Map<string, Uint8Array>
  /** Stored PII values (piiId) with their seen dates. */
  storedPii: Map<string, SeenDates>
  /** The national-ID types a consumer is known by, stored or recently learned; the set is kept in idTypes. */
  learnedIdTypes: (consumerKey: string) => Set<string>
}

export function knownIdentities(
  found: ResolutionLookup,
  prepared: readonly (Prepared | Unresolved)[],
  recent: readonly Learned[],
): Known {
  const tokenOwner = new Map(found.tokens.map((t) => [t.token.toString('hex'), t.consumerKey]))
  const matchOwners = new Map<string, Set<string>>()
  for (const m of found.matchKeys) addTo(matchOwners, m.matchKey.toString('hex'), m.consumerKey)
  const idTypes = new Map<string, Set<string>>()
  const wrapped = new Map<string, Uint8Array>()
  const storedPii = new Map<string, SeenDates>()
  for (const c of found.consumers) {
    idTypes.set(c.consumerKey, new Set(c.idTypes))
    if (c.wrappedKey !== null) wrapped.set(c.consumerKey, c.wrappedKey)
    for (const v of c.pii) storedPii.set(piiId(c.consumerKey, v.kind, v.valueHash), v)
  }
  for (const p of prepared) {
    if (isUnresolved(p)) continue
    for (const r of recent) {
      const owner = p.token && r.tokenOwner.get(p.token.hex)
      if (owner !== undefined && !tokenOwner.has(p.token!.hex)) tokenOwner.set(p.token!.hex, owner)
      for (const c of (p.match && r.matchOwners.get(p.match.hex)) ?? []) addTo(matchOwners, p.match!.hex, c)
    }
  }
  const learnedIdTypes = (c: string): Set<string> => {
    const s = idTypes.get(c) ?? new Set<string>()
    for (const r of recent) for (const t of r.idTypes.get(c) ?? []) s.add(t)
    idTypes.set(c, s)
    return s
  }
  return { tokenOwner, matchOwners, idTypes, wrapped, storedPii, learnedIdTypes }
}

/** The answers to a record that names no one, or several. */
export const NOT_ON_FILE: Resolution = {
  ok: false,
  reason: 'not_on_file',
  message: 'no consumer on file has this national ID, or this name, birth date and postcode alone',
}
export const AMBIGUOUS: Resolution = {
  ok: false,
  reason: 'ambiguous',
  message:
    'the name, birth date and postcode match several consumers, and the record carries no national ID to tell them apart',
}
