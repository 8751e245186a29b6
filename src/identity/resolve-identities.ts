// Identity resolution in bulk: ingestion calls this once per chunk of records, inside its own transaction.
// Matching (DESIGN.md principle 4; FCRA section 607(b) "maximum possible accuracy" is why it never guesses):
// national-ID token first, then the keyed name + birth date + postcode match key when it names exactly one
// consumer, else a new consumer. Records are taken in order and each one sees what the earlier ones created,
// so one person twice in a chunk (two accounts) is one consumer; later chunks of the transaction see the rows
// of earlier ones. The database is asked a fixed number of questions per chunk, never one per record.
import { randomUUID } from 'node:crypto'
import { AppError } from '../platform/errors.ts'
import type { Tx } from '../platform/db.ts'
import {
  addressValue,
  matchKey,
  nameValue,
  normaliseBirthDate,
  normalisePhone,
  type IdentityInput,
  type MatchReason,
  type PiiValue,
  type Resolution,
} from './identity.model.ts'
import type { IdentityStore, NewPii, PiiKey } from './identity.store.ts'
import { nationalIdToken, parseNationalId, type NationalIdType } from './national-id.ts'
import { encryptPii, newDataKey, piiValueHash, unwrapDataKey, wrapDataKey } from './pii-crypto.ts'

export interface ResolveDeps {
  store: IdentityStore
  tokenKey: Buffer
  masterKey: Buffer
}

interface Prepared {
  token: { hex: string; value: Buffer; type: NationalIdType } | undefined
  match: { hex: string; value: Buffer } | undefined
  values: PiiValue[]
}

type Unresolved = Extract<Resolution, { ok: false }>

function prepare(tokenKey: Buffer, item: IdentityInput): Prepared | Unresolved {
  let token: Prepared['token']
  if (item.nationalId) {
    const id = parseNationalId(item.nationalId.type, item.nationalId.normalised)
    if (!id.ok)
      return { ok: false, reason: 'invalid_national_id', message: `${item.nationalId.type}: ${id.message}` }
    const value = nationalIdToken(tokenKey, id.type, id.normalised)
    token = { hex: value.toString('hex'), value, type: id.type }
  }
  let birthDate: string | undefined
  if (item.birthDate !== null) {
    birthDate = normaliseBirthDate(item.birthDate)
    if (birthDate === undefined) {
      return {
        ok: false,
        reason: 'invalid_birth_date',
        message: `birth date "${item.birthDate}" is not a YYYY-MM-DD date`,
      }
    }
  }
  const mk =
    birthDate !== undefined && item.address
      ? matchKey(tokenKey, {
          ...item,
          birthDate,
          postcode: item.address.postcode,
          country: item.address.country,
        })
      : undefined
  if (!token && !mk) {
    return {
      ok: false,
      reason: 'insufficient_identity',
      message: 'neither a national ID nor all of surname, first name, birth date and postcode',
    }
  }
  const phone = normalisePhone(item.phone ?? '')
  const values = [
    nameValue(item),
    birthDate === undefined
      ? undefined
      : { kind: 'birth_date' as const, normalised: birthDate, plaintext: birthDate },
    addressValue(item.address),
    phone === '' ? undefined : { kind: 'phone' as const, normalised: phone, plaintext: phone },
  ].filter((v) => v !== undefined)
  return { token, match: mk && { hex: mk.toString('hex'), value: mk }, values }
}

const isUnresolved = (p: Prepared | Unresolved): p is Unresolved => 'ok' in p

function identityKey(i: IdentityInput): string {
  const a = i.address
  return [
    i.nationalId?.type ?? '',
    i.nationalId?.normalised ?? '',
    i.surname,
    i.firstName,
    i.middleName ?? '',
    i.generation ?? '',
    i.birthDate ?? '',
    a?.line1 ?? '',
    a?.line2 ?? '',
    a?.city ?? '',
    a?.state ?? '',
    a?.postcode ?? '',
    a?.country ?? '',
    i.phone ?? '',
  ].join('\u0000')
}

const addTo = <K, V>(m: Map<K, Set<V>>, k: K, v: V): void => {
  const s = m.get(k)
  if (s) s.add(v)
  else m.set(k, new Set([v]))
}

export async function resolveIdentities(
  { store, tokenKey, masterKey }: ResolveDeps,
  tx: Tx,
  items: readonly IdentityInput[],
  asOf: string,
  source: string,
): Promise<Resolution[]> {
  if (normaliseBirthDate(asOf) !== asOf)
    throw new AppError('invalid_input', `asOf "${asOf}" is not a YYYY-MM-DD date`)
  if (source.trim() === '') throw new AppError('invalid_input', 'source (the furnisher) is required')
  // A consumer with several accounts is named by several records, usually next to each other: the keyed
  // hashes of one spelling of an identity are computed once per call.
  const memo = new Map<string, Prepared | Unresolved>()
  const prepared = items.map((item) => {
    const id = identityKey(item)
    let p = memo.get(id)
    if (p === undefined) memo.set(id, (p = prepare(tokenKey, item)))
    return p
  })
  const ok = prepared.filter((p): p is Prepared => !isUnresolved(p))

  // 1. What the database knows about these tokens and match keys.
  const tokens = new Map(ok.flatMap((p) => (p.token ? [[p.token.hex, p.token.value] as const] : [])))
  const matchKeys = new Map(ok.flatMap((p) => (p.match ? [[p.match.hex, p.match.value] as const] : [])))
  const tokenOwner = new Map<string, string>()
  for (const r of await store.tokenOwners(tx, [...tokens.values()]))
    tokenOwner.set(r.token.toString('hex'), r.consumerKey)
  const matchOwners = new Map<string, Set<string>>()
  for (const r of await store.matchKeyOwners(tx, [...matchKeys.values()]))
    addTo(matchOwners, r.matchKey.toString('hex'), r.consumerKey)

  // 2. The ID types held by every stored consumer that a record with a new ID might be matched to by name.
  const idTypes = new Map<string, Set<string>>()
  const newIdMatchKeys = new Set(
    ok.flatMap((p) => (p.token && p.match && !tokenOwner.has(p.token.hex) ? [p.match.hex] : [])),
  )
  if (newIdMatchKeys.size > 0) {
    const candidates = new Set<string>()
    for (const hex of newIdMatchKeys) for (const c of matchOwners.get(hex) ?? []) candidates.add(c)
    for (const p of ok) {
      const owner = p.token && tokenOwner.get(p.token.hex)
      if (owner && p.match && newIdMatchKeys.has(p.match.hex)) candidates.add(owner)
    }
    for (const r of await store.idTypesOf(tx, [...candidates])) addTo(idTypes, r.consumerKey, r.idType)
  }

  // 3. Each record in order, learning as it goes.
  const created = new Set<string>()
  const newTokens: { token: Buffer; idType: NationalIdType; consumerKey: string }[] = []
  const newMatchKeys: { matchKey: Buffer; consumerKey: string }[] = []
  const consumerOf: (string | undefined)[] = []
  const resolutions: Resolution[] = prepared.map((p) => {
    if (isUnresolved(p)) {
      consumerOf.push(undefined)
      return p
    }
    let consumerKey = p.token && tokenOwner.get(p.token.hex)
    let reason: MatchReason = 'id_token'
    if (consumerKey === undefined) {
      const owners = p.match ? [...(matchOwners.get(p.match.hex) ?? [])] : []
      const [only] = owners
      if (owners.length > 1) reason = 'new_consumer_ambiguous'
      else if (only !== undefined && p.token && idTypes.get(only)?.has(p.token.type))
        reason = 'new_consumer_id_conflict'
      else if (only !== undefined) [consumerKey, reason] = [only, 'name_birth_postcode']
      else reason = 'new_consumer'
    }
    const isNew = consumerKey === undefined
    const key = consumerKey ?? randomUUID()
    if (isNew) created.add(key)
    if (p.token) {
      if (!tokenOwner.has(p.token.hex)) {
        tokenOwner.set(p.token.hex, key)
        newTokens.push({ token: p.token.value, idType: p.token.type, consumerKey: key })
      }
      addTo(idTypes, key, p.token.type)
    }
    if (p.match && !matchOwners.get(p.match.hex)?.has(key)) {
      addTo(matchOwners, p.match.hex, key)
      newMatchKeys.push({ matchKey: p.match.value, consumerKey: key })
    }
    consumerOf.push(key)
    return { ok: true, consumerKey: key, reason, created: isNew }
  })

  // 4. Data keys: fresh for new consumers, unwrapped once per call for the others. A stored consumer without
  // a key has been shredded: nothing more is written about them.
  const dataKeys = new Map<string, Buffer>()
  const fresh = [...created].map((consumerKey) => {
    const dataKey = newDataKey()
    dataKeys.set(consumerKey, dataKey)
    return { consumerKey, wrappedKey: wrapDataKey(masterKey, consumerKey, dataKey) }
  })
  const stored = [...new Set(consumerOf)].filter((c): c is string => c !== undefined && !created.has(c))
  for (const r of await store.wrappedKeys(tx, stored))
    dataKeys.set(r.consumerKey, unwrapDataKey(masterKey, r.consumerKey, r.wrappedKey))
  const writable = (c: string): boolean => dataKeys.has(c)

  // 5. PII values, one per (consumer, kind, value hash). Those stored already only get their seen dates moved;
  // the others are encrypted.
  const idOf = (k: PiiKey) => `${k.consumerKey}|${k.kind}|${k.valueHash.toString('hex')}`
  const values = new Map<string, PiiKey & { plaintext: string }>()
  const seenValue = new Set<string>()
  prepared.forEach((p, i) => {
    const consumerKey = consumerOf[i]
    if (isUnresolved(p) || consumerKey === undefined || !writable(consumerKey)) return
    const dataKey = dataKeys.get(consumerKey)!
    for (const v of p.values) {
      // Hashed once per consumer, kind and value, however many records repeat it.
      const plain = `${consumerKey}\u0000${v.kind}\u0000${v.normalised}`
      if (seenValue.has(plain)) continue
      seenValue.add(plain)
      const valueHash = piiValueHash(dataKey, v.kind, v.normalised)
      const value = { consumerKey, kind: v.kind, valueHash, plaintext: v.plaintext }
      values.set(idOf(value), value)
    }
  })
  const unseen = new Set(
    (
      await store.touchPii(
        tx,
        [...values.values()].filter((v) => !created.has(v.consumerKey)),
        asOf,
      )
    ).map(idOf),
  )
  const newValues: NewPii[] = [...values]
    .filter(([id, v]) => created.has(v.consumerKey) || unseen.has(id))
    .map(([, v]) => ({
      consumerKey: v.consumerKey,
      kind: v.kind,
      valueHash: v.valueHash,
      ciphertext: encryptPii(dataKeys.get(v.consumerKey)!, v.consumerKey, v.kind, v.plaintext),
    }))

  // 6. Writes, one statement (or COPY) per table: rows of consumers created here cannot conflict and go in
  // by COPY; rows learned about stored consumers go through the statements that tolerate a concurrent writer.
  await store.insertConsumers(tx, fresh)
  const isFresh = (r: { consumerKey: string }) => created.has(r.consumerKey)
  await store.copyNewConsumerRows(
    tx,
    {
      tokens: newTokens.filter(isFresh),
      matchKeys: newMatchKeys.filter(isFresh),
      pii: newValues.filter(isFresh),
    },
    asOf,
    source,
  )
  const tokenRows = newTokens.filter((t) => !isFresh(t) && writable(t.consumerKey))
  const inserted = await store.insertIdTokens(tx, tokenRows)
  if (inserted !== tokenRows.length) {
    throw new AppError(
      'conflict',
      `${tokenRows.length - inserted} national ID(s) of this chunk were registered by another transaction meanwhile; retry the batch`,
    )
  }
  await store.insertMatchKeys(
    tx,
    newMatchKeys.filter((m) => !isFresh(m) && writable(m.consumerKey)),
  )
  await store.insertPii(
    tx,
    newValues.filter((v) => !isFresh(v)),
    asOf,
    source,
  )
  return resolutions
}
