// All SQL of the identity module. The bulk functions run inside the caller's transaction (`tx`), one round
// trip per chunk and table, or per chunk for all the COPYs of its new consumers: lookups take arrays
// (`= any($1)`), writes are COPY or one INSERT ... SELECT.
// "Missing" is undefined or an empty list, never an exception. COPY data goes as pieces of bytes (CopyBuffer):
// on PostgreSQL each piece is one write to the socket, and one write per row would cost more than the rows.
import { sql } from 'kysely'
import { AppError, hasSqlState } from '../platform/errors.ts'
import { CopyBuffer } from '../platform/copy.ts'
import type { CopyPart, Db, Tx } from '../platform/db.ts'
import { runOn } from '../platform/planned.ts'
import { sealedIdentityRead, wrappedKeyRead, type SealedIdentity } from './sealed-identity.store.ts'
import type { NationalIdType } from './national-id.ts'
import type { PiiKind } from './identity.model.ts'
import { SEALED_COPY_TARGETS, type SealedConsumers } from './seal-consumers.ts'
import { lockForShred } from './shred-lock.ts'

/** bytea comes back as a Buffer from pg and as a Uint8Array from PGlite. */
const buf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength)

export interface PiiKey {
  consumerKey: string
  kind: PiiKind
  valueHash: Buffer
}

export interface NewPii extends PiiKey {
  ciphertext: Buffer
}

/** What the database holds about a chunk's tokens and match keys (see lookupForResolution). */
export interface ResolutionLookup {
  tokens: { token: Buffer; consumerKey: string }[]
  matchKeys: { matchKey: Buffer; consumerKey: string }[]
  consumers: {
    consumerKey: string
    idTypes: string[]
    wrappedKey: Uint8Array | null
    /** Value hashes in hex. */
    pii: { kind: PiiKind; valueHash: string; firstSeen: string; lastSeen: string }[]
  }[]
}

/**
 * A national ID registered twice, or a match key claimed twice (see resolve-identities.ts): only another transaction
 * can have done it between lookup and write. Sent again, the records find what it stored. Two transactions that
 * register such keys in opposite orders wait for each other, and PostgreSQL ends one of them as a deadlock (40P01,
 * PostgreSQL 15 docs §13.3.4): the same case.
 */
const isConcurrentRegistration = (e: unknown): boolean => hasSqlState(e, '23505') || hasSqlState(e, '40P01')

async function registering(write: Promise<unknown>): Promise<void> {
  try {
    await write
  } catch (e) {
    if (isConcurrentRegistration(e)) {
      throw new AppError(
        'conflict',
        'another transaction stored some of the same national IDs, or consumers of the same name, birth date and postcode, meanwhile; nothing was applied: send it again',
      )
    }
    throw e
  }
}

export interface PiiRow {
  kind: PiiKind
  ciphertext: Uint8Array
  source: string | null
  firstSeen: string
  lastSeen: string
}

/**
 * Consumers created in this transaction: their wrapped keys and PII values (rendered by sealConsumers), their
 * national-ID tokens and match keys, and the match keys they claim (each once), as COPYs (the fastest way in; only
 * what another transaction stored meanwhile can conflict with them), the empty ones left out.
 */
export function newConsumerCopies(
  sealed: SealedConsumers['copy'],
  rows: {
    tokens: readonly { token: Buffer; idType: NationalIdType; consumerKey: string }[]
    matchKeys: readonly { matchKey: Buffer; consumerKey: string }[]
    claims: readonly Buffer[]
  },
): CopyPart[] {
  // In key order, so that two chunks registering the same keys take them in the same order rather than deadlock.
  const tokens = new CopyBuffer()
  for (const t of [...rows.tokens].sort((a, b) => Buffer.compare(a.token, b.token)))
    tokens.row([t.token, t.idType, t.consumerKey])
  const matchKeys = new CopyBuffer()
  for (const m of rows.matchKeys) matchKeys.row([m.matchKey, m.consumerKey])
  const claims = new CopyBuffer()
  for (const c of [...rows.claims].sort((a, b) => Buffer.compare(a, b))) claims.row([c])
  const parts = [
    { target: SEALED_COPY_TARGETS.consumers, rows: sealed.consumers },
    { target: SEALED_COPY_TARGETS.consumerKeys, rows: sealed.consumerKeys },
    { target: SEALED_COPY_TARGETS.pii, rows: sealed.pii },
    { target: 'id_tokens (id_token, id_type, consumer_key)', rows: tokens.take() },
    { target: 'match_keys (match_key, consumer_key)', rows: matchKeys.take() },
    { target: 'match_key_claims (match_key)', rows: claims.take() },
  ]
  return parts.filter((p) => p.rows.length > 0)
}

export function createIdentityStore(db: Db) {
  return {
    /**
     * Everything resolution needs to know about a chunk's tokens and match keys, in one round trip: their
     * owners and, for each owner, the national-ID types it holds, its wrapped data key (absent once shredded)
     * and the PII values it has on file with their seen dates. Two owners of a match key at most: resolution
     * needs to know none, one (and who) or several (ambiguous), and a key that names thousands would otherwise
     * bring them all, with their PII, to every chunk that names it (found by probing).
     */
    async lookupForResolution(
      tx: Tx,
      tokens: readonly Buffer[],
      matchKeys: readonly Buffer[],
    ): Promise<ResolutionLookup> {
      const found: ResolutionLookup = { tokens: [], matchKeys: [], consumers: [] }
      if (tokens.length === 0 && matchKeys.length === 0) return found
      const r = await tx.raw.query<{
        what: 't' | 'm' | 'c'
        hash: Uint8Array | null
        consumer_key: string
        id_types: string[] | null
        wrapped_key: Uint8Array | null
        pii: { kind: PiiKind; value_hash: string; first_seen: string; last_seen: string }[] | null
      }>(
        `with t as (select id_token, consumer_key from id_tokens where id_token = any($1::bytea[])),
              m as (select match_key, consumer_key from (
                      select match_key, consumer_key, row_number() over (partition by match_key) as n
                        from match_keys where match_key = any($2::bytea[])) named
                     where n <= 2),
              c as (select consumer_key from t union select consumer_key from m)
         select 't' as what, id_token as hash, consumer_key, null::text[] as id_types, null::bytea as wrapped_key,
                null::json as pii from t
         union all
         select 'm', match_key, consumer_key, null, null, null from m
         union all
         select 'c', null, c.consumer_key,
                array(select distinct i.id_type from id_tokens i where i.consumer_key = c.consumer_key),
                (select k.wrapped_key from consumer_keys k where k.consumer_key = c.consumer_key),
                (select json_agg(json_build_object('kind', p.kind, 'value_hash', encode(p.value_hash, 'hex'),
                                                   'first_seen', p.first_seen, 'last_seen', p.last_seen))
                   from consumer_pii p where p.consumer_key = c.consumer_key)
           from c`,
        [tokens, matchKeys],
      )
      for (const row of r.rows) {
        if (row.what === 't') found.tokens.push({ token: buf(row.hash!), consumerKey: row.consumer_key })
        else if (row.what === 'm')
          found.matchKeys.push({ matchKey: buf(row.hash!), consumerKey: row.consumer_key })
        else {
          found.consumers.push({
            consumerKey: row.consumer_key,
            idTypes: row.id_types ?? [],
            wrappedKey: row.wrapped_key,
            pii: (row.pii ?? []).map((p) => ({
              kind: p.kind,
              valueHash: p.value_hash,
              firstSeen: p.first_seen,
              lastSeen: p.last_seen,
            })),
          })
        }
      }
      return found
    },

    /** The COPYs of newConsumerCopies, in one statement. */
    async copyNewConsumers(tx: Tx, parts: readonly CopyPart[]): Promise<void> {
      await registering(tx.raw.copyAll(parts))
    },

    /**
     * Tokens that the caller has just looked up and not found, for consumers already stored. A unique violation
     * can only mean that another transaction registered one of them in between.
     */
    async insertIdTokens(
      tx: Tx,
      rows: readonly { token: Buffer; idType: NationalIdType; consumerKey: string }[],
    ): Promise<void> {
      if (rows.length === 0) return
      await registering(
        tx.raw.query(
          `insert into id_tokens (id_token, id_type, consumer_key)
           select * from unnest($1::bytea[], $2::text[], $3::uuid[])`,
          [rows.map((x) => x.token), rows.map((x) => x.idType), rows.map((x) => x.consumerKey)],
        ),
      )
    },

    async insertMatchKeys(tx: Tx, rows: readonly { matchKey: Buffer; consumerKey: string }[]): Promise<void> {
      if (rows.length === 0) return
      await sql`
        insert into match_keys (match_key, consumer_key)
        select * from unnest(${rows.map((x) => x.matchKey)}::bytea[], ${rows.map((x) => x.consumerKey)}::uuid[])
        on conflict do nothing`.execute(tx.kysely)
    },

    /** Widens the first/last seen dates of values furnished before to `asOf`; one statement for them all. */
    async widenPiiDates(tx: Tx, keys: readonly PiiKey[], asOf: string): Promise<void> {
      if (keys.length === 0) return
      await tx.raw.query(
        `update consumer_pii p
            set last_seen = greatest(p.last_seen, $4::date), first_seen = least(p.first_seen, $4::date)
           from unnest($1::uuid[], $2::text[], $3::bytea[]) as s (consumer_key, kind, value_hash)
          where p.consumer_key = s.consumer_key and p.kind = s.kind and p.value_hash = s.value_hash`,
        [keys.map((k) => k.consumerKey), keys.map((k) => k.kind), keys.map((k) => k.valueHash), asOf],
      )
    },

    /**
     * New values, first and last seen on `asOf`. ON CONFLICT covers a value that another transaction stored
     * meanwhile. Rows must be unique on (consumer_key, kind, value_hash).
     */
    async insertPii(tx: Tx, rows: readonly NewPii[], asOf: string, source: string): Promise<void> {
      if (rows.length === 0) return
      await tx.raw.query(
        `insert into consumer_pii (consumer_key, kind, value_hash, ciphertext, source, first_seen, last_seen)
         select consumer_key, kind, value_hash, ciphertext, $5, $6::date, $6::date
           from unnest($1::uuid[], $2::text[], $3::bytea[], $4::bytea[]) as s (consumer_key, kind, value_hash, ciphertext)
         on conflict (consumer_key, kind, value_hash) do update
           set last_seen = greatest(consumer_pii.last_seen, excluded.last_seen),
               first_seen = least(consumer_pii.first_seen, excluded.first_seen)`,
        [
          rows.map((r) => r.consumerKey),
          rows.map((r) => r.kind),
          rows.map((r) => r.valueHash),
          rows.map((r) => r.ciphertext),
          source,
          asOf,
        ],
      )
    },

    async tokenOwner(token: Buffer): Promise<string | undefined> {
      const r = await sql<{ consumer_key: string }>`
        select consumer_key from id_tokens where id_token = ${token}`.execute(db.reads)
      return r.rows[0]?.consumer_key
    },

    async matchKeyConsumers(matchKey: Buffer): Promise<string[]> {
      const r = await sql<{ consumer_key: string }>`
        select consumer_key from match_keys where match_key = ${matchKey} order by consumer_key`.execute(
        db.kysely,
      )
      return r.rows.map((row) => row.consumer_key)
    },

    /** The consumer and their wrapped key (null once shredded), or undefined for an unknown consumer. */
    /**
     * The wrapped data key and every PII row of the consumer, in one statement (one round trip on the report's
     * path; one shard under Citus, the three tables being co-located); undefined for an unknown consumer.
     */
    identityRows: (consumerKey: string): Promise<SealedIdentity | undefined> =>
      runOn(db.kysely, sealedIdentityRead(consumerKey)),
    sealedIdentityRead,
    /** The wrapped data key, read in `tx` when given (null once shredded, undefined for an unknown consumer). */
    wrappedKey: (tx: Tx | undefined, consumerKey: string): Promise<Uint8Array | null | undefined> =>
      runOn(tx?.kysely ?? db.kysely, wrappedKeyRead(consumerKey)),

    /**
     * Deletes the wrapped key, the tokens, the match keys and their claims in one transaction, and runs `then` in it
     * once they are gone; undefined for an unknown consumer. It first waits for the files being applied (see
     * shred-lock.ts), so it also deletes what they wrote about the consumer.
     */
    async shred(
      consumerKey: string,
      then: (tx: Tx, done: { keyDeleted: boolean }) => Promise<void> = async () => {},
    ): Promise<{ keyDeleted: boolean; idTokensDeleted: number; matchKeysDeleted: number } | undefined> {
      return db.transaction(async (tx) => {
        await lockForShred(tx)
        const { kysely } = tx
        const found = await sql`select 1 from consumers where consumer_key = ${consumerKey}::uuid`.execute(
          kysely,
        )
        if (found.rows.length === 0) return undefined
        const key = await sql`delete from consumer_keys where consumer_key = ${consumerKey}::uuid`.execute(
          kysely,
        )
        const tokens = await sql`delete from id_tokens where consumer_key = ${consumerKey}::uuid`.execute(
          kysely,
        )
        // The claims of the consumer's match keys go first, whoever made them: a claim left on a key that names no
        // one would refuse every later file that creates a consumer for it. A key that still names another
        // consumer needs none: whoever creates a consumer for it sees its owner.
        await sql`
          delete from match_key_claims
           where match_key in (select match_key from match_keys where consumer_key = ${consumerKey}::uuid)`.execute(
          kysely,
        )
        const keys = await sql`delete from match_keys where consumer_key = ${consumerKey}::uuid`.execute(
          kysely,
        )
        const done = {
          keyDeleted: Number(key.numAffectedRows ?? 0n) > 0,
          idTokensDeleted: Number(tokens.numAffectedRows ?? 0n),
          matchKeysDeleted: Number(keys.numAffectedRows ?? 0n),
        }
        await then(tx, done)
        return done
      })
    },
  }
}

export type IdentityStore = ReturnType<typeof createIdentityStore>
