// Identity resolution in bulk: ingestion resolves one chunk of records at a time, inside the file's transaction.
// Matching (DESIGN.md principle 4; FCRA section 607(b) "maximum possible accuracy" is why it never guesses):
// national-ID token first, then the keyed name + birth date + postcode match key when it names exactly one
// consumer, else a new consumer. A record without a national ID whose match key names several consumers is
// left unresolved: a new consumer for it would make the key more ambiguous still, and one more phantom
// consumer would appear with every monthly file. Records are taken in order and each one sees what the
// earlier ones created, so one person twice in a chunk (two accounts) is one consumer.
//
// Each chunk asks the database one question (lookup) and hands back its writes for the caller to queue. The
// lookup of a chunk may be answered before the writes of the two chunks resolved just before it have reached
// the server: ingestion sends it early so that the server loads one chunk while this process works on the
// next. What those two chunks learned is kept here (`recent`) and laid over the answer, so a consumer created
// by one chunk is found by the next. Memory holds two chunks' worth, whatever the file size.
//
// Other furnishers' files are applied at the same time, and none sees what another has not committed. A consumer
// created for a match key that named no one (stored, or in the chunks before) claims it (match_key_claims, 0018):
// a unique violation there means another transaction created one for the same person meanwhile, and the file is
// refused whole as for a national ID. Else the person would be two consumers, their key ambiguous, their records
// without a national ID never matched again (FCRA section 607(b)). One created while the key already names someone
// (another person, told apart by a national ID) claims nothing.
import { randomUUID } from 'node:crypto'
import { AppError } from '../platform/errors.ts'
import { Slicer } from '../platform/slicer.ts'
import type { CopyPart, Tx } from '../platform/db.ts'
import {
  normaliseBirthDate,
  type IdentityInput,
  type MatchReason,
  type PiiValue,
  type Resolution,
} from './identity.model.ts'
import {
  newConsumerCopies,
  type IdentityStore,
  type NewPii,
  type PiiKey,
  type ResolutionLookup,
} from './identity.store.ts'
import type { NationalIdType } from './national-id.ts'
import { identityKey, isUnresolved, prepare, type Prepared, type Unresolved } from './prepare-identity.ts'
import { encryptPii, piiValueHash, unwrapDataKey } from './pii-crypto.ts'
import { sealNewConsumers } from './consumer-sealer.ts'
import { dataKeyAt } from './seal-consumers.ts'
import {
  addTo,
  knownIdentities,
  nothingLearned,
  piiId,
  piiIdOf,
  widest,
  AMBIGUOUS,
  NOT_ON_FILE,
  type Learned,
} from './resolution-state.ts'

export interface ResolveDeps {
  store: IdentityStore
  tokenKey: Buffer
  masterKey: Buffer
  /** New consumers in a chunk from which they are sealed on the worker thread (default SEAL_OFF_THREAD_FROM). */
  sealOffThreadFrom?: number | undefined
}

/** A chunk whose lookup has been sent: resolve it with IdentityResolver.resolve, in the order they were sent. */
export interface IdentityLookup {
  readonly prepared: (Prepared | Unresolved)[]
  /** Per item: only looked for (IdentityInput.findOnly). */
  readonly findOnly: readonly boolean[]
  readonly found: Promise<ResolutionLookup>
}

export interface ResolvedChunk {
  resolutions: Resolution[]
  /**
   * Sends the chunk's identity rows (`copies`, then `statements`); the caller queues it so that the writes of
   * chunks stay in order.
   */
  write: () => Promise<void>
  /**
   * The COPYs of the consumers created here, which no stored row can conflict with: for a caller that sends them
   * in one statement with COPYs of its own (RawConnection.copyAll), then `statements`. A unique violation among
   * them can only mean that another transaction registered one of these national IDs, or created a consumer for
   * one of the match keys they claim, meanwhile.
   */
  copies: () => Promise<CopyPart[]>
  /** What was learned about consumers already stored: statements that tolerate a concurrent writer. */
  statements: () => Promise<void>
}

export class IdentityResolver {
  /** The last two chunks resolved, newest first. */
  private recent: Learned[] = []

  constructor(
    private readonly deps: ResolveDeps,
    private readonly tx: Tx,
    private readonly source: string,
  ) {
    if (source.trim() === '') throw new AppError('invalid_input', 'source (the furnisher) is required')
  }

  /** Computes the keyed hashes of a chunk and sends its one lookup now, without waiting for the answer. */
  async lookup(items: readonly IdentityInput[]): Promise<IdentityLookup> {
    // A consumer with several accounts is named by several records, usually next to each other: the keyed
    // hashes of one spelling of an identity are computed once per chunk.
    const memo = new Map<string, Prepared | Unresolved>()
    const prepared: (Prepared | Unresolved)[] = []
    const slicer = new Slicer()
    for (const item of items) {
      if (slicer.due()) await slicer.turn()
      const id = identityKey(item)
      let p = memo.get(id)
      if (p === undefined) memo.set(id, (p = prepare(this.deps.tokenKey, item)))
      prepared.push(p)
    }
    const tokens = new Map<string, Buffer>()
    const matchKeys = new Map<string, Buffer>()
    for (const p of prepared) {
      if (isUnresolved(p)) continue
      if (p.token) tokens.set(p.token.hex, p.token.value)
      if (p.match) matchKeys.set(p.match.hex, p.match.value)
    }
    const found = this.deps.store.lookupForResolution(this.tx, [...tokens.values()], [...matchKeys.values()])
    // Observed here so that a failure is never unhandled; resolve() awaits it and sees the error.
    found.catch(() => {})
    return { prepared, findOnly: items.map((i) => i.findOnly === true), found }
  }

  async resolve(l: IdentityLookup, asOf: string): Promise<ResolvedChunk> {
    if (normaliseBirthDate(asOf) !== asOf)
      throw new AppError('invalid_input', `asOf "${asOf}" is not a YYYY-MM-DD date`)
    const { masterKey } = this.deps
    const { prepared } = l
    const found = await l.found
    // The consumers the last chunks created are known in full only once their sealing is done.
    await Promise.all(this.recent.map((r) => r.sealed))

    // 1. What is known: the database's answer, with what the last chunks learned laid over it.
    const { tokenOwner, matchOwners, idTypes, wrapped, storedPii, learnedIdTypes } = knownIdentities(
      found,
      prepared,
      this.recent,
    )

    // 2. Each record in order, learning as it goes.
    const learned = nothingLearned()
    const created = new Set<string>()
    const newTokens: { token: Buffer; idType: NationalIdType; consumerKey: string }[] = []
    const newMatchKeys: { matchKey: Buffer; consumerKey: string }[] = []
    const claims: Buffer[] = []
    const consumerOf: (string | undefined)[] = []
    const resolutions: Resolution[] = []
    const slicer = new Slicer()
    for (let i = 0; i < prepared.length; i++) {
      if (slicer.due()) await slicer.turn()
      const p = prepared[i]!
      if (isUnresolved(p)) {
        consumerOf.push(undefined)
        resolutions.push(p)
        continue
      }
      let consumerKey = p.token && tokenOwner.get(p.token.hex)
      let reason: MatchReason = 'id_token'
      // How many consumers the match key names, and the one when it is one: counted, not copied, since a key
      // can name thousands (found by probing: 60,000 people of one name, birth date and postcode under as many
      // national IDs took five minutes, each record copying the set the ones before it had grown).
      let owners = 0
      if (consumerKey === undefined) {
        const named = p.match ? matchOwners.get(p.match.hex) : undefined
        owners = named?.size ?? 0
        const only = owners === 1 ? named!.values().next().value : undefined
        if (owners > 1) reason = 'new_consumer_ambiguous'
        else if (only !== undefined && p.token && learnedIdTypes(only).has(p.token.type))
          reason = 'new_consumer_id_conflict'
        else if (only !== undefined) [consumerKey, reason] = [only, 'name_birth_postcode']
        else reason = 'new_consumer'
      }
      if (reason === 'new_consumer_ambiguous' && !p.token) {
        consumerOf.push(undefined)
        resolutions.push(AMBIGUOUS)
        continue
      }
      if (l.findOnly[i]) {
        consumerOf.push(undefined)
        resolutions.push(
          consumerKey === undefined ? NOT_ON_FILE : { ok: true, consumerKey, reason, created: false },
        )
        continue
      }
      const isNew = consumerKey === undefined
      const key = consumerKey ?? randomUUID()
      if (isNew) created.add(key)
      if (isNew && p.match && owners === 0) claims.push(p.match.value)
      if (p.token) {
        if (!tokenOwner.has(p.token.hex)) {
          tokenOwner.set(p.token.hex, key)
          learned.tokenOwner.set(p.token.hex, key)
          newTokens.push({ token: p.token.value, idType: p.token.type, consumerKey: key })
        }
        learnedIdTypes(key).add(p.token.type)
      }
      if (p.match && !matchOwners.get(p.match.hex)?.has(key)) {
        addTo(matchOwners, p.match.hex, key)
        addTo(learned.matchOwners, p.match.hex, key)
        newMatchKeys.push({ matchKey: p.match.value, consumerKey: key })
      }
      consumerOf.push(key)
      resolutions.push({ ok: true, consumerKey: key, reason, created: isNew })
    }

    // 3. Data keys: unwrapped once per chunk for stored consumers (new ones get theirs in step 4). A stored
    // consumer without a key has been shredded: nothing more is written about them.
    const dataKeys = learned.dataKeys
    for (const c of new Set(consumerOf)) {
      if (c === undefined || created.has(c) || dataKeys.has(c)) continue
      if (slicer.due()) await slicer.turn()
      const w = wrapped.get(c)
      const k = w
        ? unwrapDataKey(masterKey, c, w)
        : this.recent.find((r) => r.dataKeys.has(c))?.dataKeys.get(c)
      if (k) dataKeys.set(c, k)
    }
    for (const c of idTypes.keys())
      if (dataKeys.has(c) || created.has(c)) learned.idTypes.set(c, idTypes.get(c)!)

    // 4. PII values, one per (consumer, kind, value hash). Those stored already only get their seen dates
    // widened; the others are encrypted.
    const widen: PiiKey[] = []
    const newValues: NewPii[] = []
    const toSeal = new Map<string, PiiValue[]>([...created].map((c) => [c, []]))
    const done = new Map<Prepared, string>()
    for (let i = 0; i < prepared.length; i++) {
      const p = prepared[i]!
      const consumerKey = consumerOf[i]
      if (isUnresolved(p) || consumerKey === undefined) continue
      // Records that spell an identity the same way share one Prepared: its values are hashed once per consumer.
      if (done.get(p) === consumerKey) continue
      done.set(p, consumerKey)
      // A consumer created in this chunk has nothing stored anywhere yet: all of its values are sealed below.
      const fresh = toSeal.get(consumerKey)
      if (fresh) {
        fresh.push(...p.values)
        continue
      }
      const dataKey = dataKeys.get(consumerKey)
      if (dataKey === undefined) continue
      if (slicer.due()) await slicer.turn()
      for (const v of p.values) {
        const valueHash = piiValueHash(dataKey, v.kind, v.normalised)
        const id = piiId(consumerKey, v.kind, valueHash.toString('hex'))
        if (learned.pii.has(id)) continue
        let seen = storedPii.get(id)
        for (const r of this.recent) seen = widest(seen, r.pii.get(id))
        if (seen === undefined) {
          const ciphertext = encryptPii(dataKey, consumerKey, v.kind, v.plaintext)
          newValues.push({ consumerKey, kind: v.kind, valueHash, ciphertext })
        } else if (seen.lastSeen < asOf || seen.firstSeen > asOf) {
          widen.push({ consumerKey, kind: v.kind, valueHash })
        }
        learned.pii.set(id, widest(seen, { firstSeen: asOf, lastSeen: asOf })!)
      }
    }
    const sealing = sealNewConsumers(
      {
        masterKey,
        asOf,
        source: this.source,
        consumers: [...toSeal].map(([consumerKey, values]) => ({ consumerKey, values })),
      },
      this.deps.sealOffThreadFrom,
    )
    learned.sealed = sealing.then((s) =>
      s.stored.forEach((c, k) => {
        learned.dataKeys.set(c.consumerKey, dataKeyAt(s, k))
        for (const v of c.values)
          learned.pii.set(piiIdOf(c.consumerKey, v), { firstSeen: asOf, lastSeen: asOf })
      }),
    )
    // Observed here so that a failure is never unhandled: the write and the next chunk's resolve await it.
    learned.sealed.catch(() => {})
    this.recent = [learned, ...this.recent.slice(0, 1)]

    // 5. Writes, one statement (or COPY) per table: rows of consumers created here cannot conflict and go in
    // by COPY; rows learned about stored consumers go through statements that tolerate a concurrent writer.
    const { store } = this.deps
    const { tx, source } = this
    const isFresh = (r: { consumerKey: string }) => created.has(r.consumerKey)
    const writable = (r: { consumerKey: string }) => dataKeys.has(r.consumerKey)
    const copies = async (): Promise<CopyPart[]> =>
      newConsumerCopies((await sealing).copy, {
        tokens: newTokens.filter(isFresh),
        matchKeys: newMatchKeys.filter(isFresh),
        claims,
      })
    const statements = async (): Promise<void> => {
      await store.insertIdTokens(
        tx,
        newTokens.filter((t) => !isFresh(t) && writable(t)),
      )
      await store.insertMatchKeys(
        tx,
        newMatchKeys.filter((m) => !isFresh(m) && writable(m)),
      )
      await store.widenPiiDates(tx, widen, asOf)
      await store.insertPii(tx, newValues, asOf, source)
    }
    const write = async (): Promise<void> => {
      await store.copyNewConsumers(tx, await copies())
      await statements()
    }
    return { resolutions, copies, statements, write }
  }
}
