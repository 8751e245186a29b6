// Identity use cases: bulk resolution for ingestion, look-ups for the consumer file and the lender report,
// reading a consumer's PII back, and crypto-shredding (DESIGN.md principle 4).
import type { Secrets } from '../config.ts'
import type { Tx } from '../platform/db.ts'
import type { Planned } from '../platform/planned.ts'
import { AppError } from '../platform/errors.ts'
import {
  canonicalConsumerKey,
  decodeAddress,
  decodeName,
  demographicProblems,
  matchKey,
  type DemographicMatch,
  type DemographicQuery,
  type Identity,
  type IdentityInput,
  type PiiEntry,
  type PiiKind,
  type Resolution,
  type ShredResult,
} from './identity.model.ts'
import type { IdentityStore, PiiRow } from './identity.store.ts'
import { sealedIdentityRead, type SealedIdentity } from './sealed-identity.store.ts'
import { nationalIdToken, parseNationalId } from './national-id.ts'
import { nationalIdRefusal } from './national-id-refusal.ts'
import { decryptPii, openValue, sealValue, unwrapDataKey, type SealedValueLabel } from './pii-crypto.ts'
import { IdentityResolver } from './resolve-identities.ts'

/** What the identity module tells the audit log; the composition root connects it to the audit module. */
export type IdentityEvent = { action: 'consumer.shredded'; consumerKey: string }

export interface IdentityDeps {
  store: IdentityStore
  secrets: Pick<Secrets, 'tokenKey' | 'masterKey'>
  /** Records the event in `tx`, the change's own transaction: both commit, or neither. */
  record?: (tx: Tx, event: IdentityEvent) => Promise<void>
  /**
   * Deletes, in the shred's transaction, what other modules hold that still leads from a national ID to the
   * consumer (an enrolment's keyed hash of it, a login) or that a later record would link to them again (their
   * place on an account's lookup row, their tradelines): the composition root connects the consumers and
   * furnishing modules.
   */
  forget?: (tx: Tx, consumerKey: string) => Promise<void>
  /** New consumers in a chunk from which they are sealed on the worker thread (consumer-sealer.ts). */
  sealOffThreadFrom?: number | undefined
}

export function createIdentityService({
  store,
  secrets,
  record = async () => {},
  forget = async () => {},
  sealOffThreadFrom,
}: IdentityDeps) {
  const { tokenKey, masterKey } = secrets
  const resolveDeps = { store, tokenKey, masterKey, sealOffThreadFrom }

  function entries<T>(
    rows: PiiRow[],
    kind: PiiKind,
    consumerKey: string,
    dataKey: Buffer | undefined,
    decode: (s: string) => T,
  ) {
    return rows
      .filter((r) => r.kind === kind)
      .map((r): PiiEntry<T> => {
        const seen = { firstSeen: r.firstSeen, lastSeen: r.lastSeen, source: r.source }
        if (dataKey === undefined) return { readable: false, ...seen }
        try {
          return {
            readable: true,
            value: decode(decryptPii(dataKey, consumerKey, kind, r.ciphertext)),
            ...seen,
          }
        } catch {
          return { readable: false, ...seen }
        }
      })
  }

  function openIdentity(consumerKey: string, held: SealedIdentity | undefined): Identity | undefined {
    if (!held) return undefined
    const dataKey =
      held.wrappedKey === null ? undefined : unwrapDataKey(masterKey, consumerKey, held.wrappedKey)
    const rows = held.pii
    return {
      consumerKey,
      shredded: dataKey === undefined,
      names: entries(rows, 'name', consumerKey, dataKey, decodeName),
      birthDates: entries(rows, 'birth_date', consumerKey, dataKey, (s) => s),
      addresses: entries(rows, 'address', consumerKey, dataKey, decodeAddress),
      phones: entries(rows, 'phone', consumerKey, dataKey, (s) => s),
    }
  }

  /** The consumer's key as stored and their data key; undefined when they have none (unknown, or shredded). */
  async function dataKeyOf(tx: Tx | undefined, consumerKey: string) {
    const key = canonicalConsumerKey(consumerKey)
    const wrapped = key === undefined ? undefined : await store.wrappedKey(tx, key)
    if (key === undefined || wrapped === undefined || wrapped === null) return undefined
    return { key, dataKey: unwrapDataKey(masterKey, key, wrapped) }
  }

  return {
    /**
     * Finds or creates the consumer of each record, inside the caller's transaction (use only `tx`). The answer
     * has one entry per item, in order; an item that names no one is `{ ok: false, reason, message }`.
     */
    resolveIdentities: async (
      tx: Tx,
      items: readonly IdentityInput[],
      asOf: string,
      source: string,
    ): Promise<Resolution[]> => {
      const resolver = new IdentityResolver(resolveDeps, tx, source)
      const chunk = await resolver.resolve(await resolver.lookup(items), asOf)
      await chunk.write()
      return chunk.resolutions
    },

    /**
     * A resolver for one file's transaction: each chunk's lookup is sent early and its writes are handed back,
     * so that the server loads one chunk while the next is resolved (see resolve-identities.ts).
     */
    resolver: (tx: Tx, source: string): IdentityResolver => new IdentityResolver(resolveDeps, tx, source),

    /**
     * The consumer holding this national ID, or undefined. A malformed number is invalid_input naming the field at
     * `at` (where the caller's request holds the ID; `body.nationalId` over HTTP) with the reason.
     */
    async findConsumerByNationalId(
      type: string,
      raw: string,
      at = 'body.nationalId',
    ): Promise<string | undefined> {
      const id = parseNationalId(type, raw)
      if (!id.ok) throw nationalIdRefusal(id, at)
      return store.tokenOwner(nationalIdToken(tokenKey, id.type, id.normalised))
    },

    /** By surname, first name, birth date and postcode; several consumers under one key is `ambiguous`, never a guess. */
    async findConsumerByDemographics(q: DemographicQuery): Promise<DemographicMatch> {
      const key = matchKey(tokenKey, q)
      if (key === undefined) {
        const problems = demographicProblems(q)
        throw new AppError('invalid_input', `cannot match by name: ${problems.join('; ')}`)
      }
      const consumers = await store.matchKeyConsumers(key)
      const [only] = consumers
      if (consumers.length > 1) return { match: 'ambiguous', candidates: consumers.length }
      return only === undefined ? { match: 'none' } : { match: 'unique', consumerKey: only }
    },

    /** Everything held on the consumer, decrypted; after shredding, every entry says it is unreadable. */
    async readIdentity(consumerKey: string): Promise<Identity | undefined> {
      const key = canonicalConsumerKey(consumerKey)
      if (key === undefined) return undefined
      return openIdentity(key, await store.identityRows(key))
    },

    /** The sealed identity's read, planned (the lender report sends it with its other reads). */
    sealedIdentityRead: (consumerKey: string): Planned<SealedIdentity | undefined> =>
      sealedIdentityRead(consumerKey),
    /** Decrypts what sealedIdentityRead read; only once the identity is released. */
    openIdentity,

    /**
     * Seals a short value another module keeps for the consumer (a fraud alert's contact number) under their data
     * key, so that shredding erases it too (DESIGN.md principle 4); read in `tx` when the caller is in one (PGlite
     * has one connection). Undefined when the consumer has no data key: unknown, or shredded.
     */
    async sealValue(
      tx: Tx | undefined,
      consumerKey: string,
      label: SealedValueLabel,
      text: string,
    ): Promise<Buffer | undefined> {
      const held = await dataKeyOf(tx, consumerKey)
      return held && sealValue(held.dataKey, held.key, label, text)
    },

    /** What sealValue sealed, or undefined when it can no longer be read (the consumer shredded) or is not theirs. */
    async openValue(
      tx: Tx | undefined,
      consumerKey: string,
      label: SealedValueLabel,
      sealed: Uint8Array,
    ): Promise<string | undefined> {
      try {
        const held = await dataKeyOf(tx, consumerKey)
        return held && openValue(held.dataKey, held.key, label, sealed)
      } catch {
        return undefined
      }
    },

    /**
     * Crypto-shreds the consumer: deletes their data key, so their PII can no longer be read, and their
     * national-ID tokens and match keys, so no later record links to them; other modules forget what leads
     * back to them (`forget`), in the same transaction. The encrypted rows stay, unreadable.
     */
    async shredConsumer(consumerKey: string): Promise<ShredResult> {
      const key = canonicalConsumerKey(consumerKey)
      const done =
        key === undefined
          ? undefined
          : await store.shred(key, async (tx, shred) => {
              // Also for a consumer shredded before other modules forgot them: forgetting twice is harmless.
              await forget(tx, key)
              if (shred.keyDeleted) await record(tx, { action: 'consumer.shredded', consumerKey: key })
            })
      if (key === undefined || done === undefined) return { status: 'not_found', consumerKey }
      return {
        status: done.keyDeleted ? 'shredded' : 'already_shredded',
        consumerKey: key,
        idTokensDeleted: done.idTokensDeleted,
        matchKeysDeleted: done.matchKeysDeleted,
      }
    },
  }
}

export type IdentityService = ReturnType<typeof createIdentityService>
