// All SQL of the identity module. The bulk functions run inside the caller's transaction (`tx`), one round
// trip per table and chunk: lookups take arrays (`= any($1)`), writes are COPY or one INSERT ... SELECT.
// "Missing" is undefined or an empty list, never an exception. COPY data goes as one string: on PostgreSQL,
// RawConnection.copyFrom writes each element to the socket on its own, and one write per row costs more
// than the rows.
import { sql } from 'kysely'
import { AppError } from '../platform/errors.ts'
import { copyLine } from '../platform/copy.ts'
import type { Db, Tx } from '../platform/db.ts'
import type { NationalIdType } from './national-id.ts'
import type { PiiKind } from './identity.model.ts'

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

export interface PiiRow {
  kind: PiiKind
  ciphertext: Uint8Array
  source: string | null
  firstSeen: string
  lastSeen: string
}

// A staging table of the transaction, for the rows that go in by COPY and on by one INSERT/UPDATE ... SELECT.
const STAGE = 'identity_pii_stage'

async function stage(tx: Tx, lines: string[]): Promise<void> {
  await tx.raw.exec(
    `create temp table if not exists ${STAGE} (consumer_key uuid, kind text, value_hash bytea, ciphertext bytea) on commit drop;
     truncate ${STAGE};`,
  )
  await tx.raw.copyFrom(`${STAGE} (consumer_key, kind, value_hash, ciphertext)`, [lines.join('')])
}

export function createIdentityStore(db: Db) {
  return {
    async tokenOwners(tx: Tx, tokens: readonly Buffer[]): Promise<{ token: Buffer; consumerKey: string }[]> {
      if (tokens.length === 0) return []
      const r = await sql<{ id_token: Uint8Array; consumer_key: string }>`
        select id_token, consumer_key from id_tokens where id_token = any(${tokens}::bytea[])`.execute(
        tx.kysely,
      )
      return r.rows.map((row) => ({ token: buf(row.id_token), consumerKey: row.consumer_key }))
    },

    async matchKeyOwners(
      tx: Tx,
      keys: readonly Buffer[],
    ): Promise<{ matchKey: Buffer; consumerKey: string }[]> {
      if (keys.length === 0) return []
      const r = await sql<{ match_key: Uint8Array; consumer_key: string }>`
        select match_key, consumer_key from match_keys where match_key = any(${keys}::bytea[])`.execute(
        tx.kysely,
      )
      return r.rows.map((row) => ({ matchKey: buf(row.match_key), consumerKey: row.consumer_key }))
    },

    async idTypesOf(
      tx: Tx,
      consumerKeys: readonly string[],
    ): Promise<{ consumerKey: string; idType: string }[]> {
      if (consumerKeys.length === 0) return []
      const r = await sql<{ consumer_key: string; id_type: string }>`
        select distinct consumer_key, id_type from id_tokens where consumer_key = any(${consumerKeys}::uuid[])`.execute(
        tx.kysely,
      )
      return r.rows.map((row) => ({ consumerKey: row.consumer_key, idType: row.id_type }))
    },

    async wrappedKeys(
      tx: Tx,
      consumerKeys: readonly string[],
    ): Promise<{ consumerKey: string; wrappedKey: Uint8Array }[]> {
      if (consumerKeys.length === 0) return []
      const r = await sql<{ consumer_key: string; wrapped_key: Uint8Array }>`
        select consumer_key, wrapped_key from consumer_keys where consumer_key = any(${consumerKeys}::uuid[])`.execute(
        tx.kysely,
      )
      return r.rows.map((row) => ({ consumerKey: row.consumer_key, wrappedKey: row.wrapped_key }))
    },

    /** New consumers and their wrapped data keys: fresh random keys, so plain COPY into the tables. */
    async insertConsumers(
      tx: Tx,
      rows: readonly { consumerKey: string; wrappedKey: Buffer }[],
    ): Promise<void> {
      if (rows.length === 0) return
      await tx.raw.copyFrom('consumers (consumer_key)', [rows.map((r) => copyLine([r.consumerKey])).join('')])
      await tx.raw.copyFrom('consumer_keys (consumer_key, wrapped_key)', [
        rows.map((r) => copyLine([r.consumerKey, r.wrappedKey])).join(''),
      ])
    },

    /**
     * Rows that cannot exist yet (a consumer created in this transaction), by COPY: the fastest way in. A
     * unique violation can only mean another transaction registered the same national ID meanwhile.
     */
    async copyNewConsumerRows(
      tx: Tx,
      rows: {
        tokens: readonly { token: Buffer; idType: NationalIdType; consumerKey: string }[]
        matchKeys: readonly { matchKey: Buffer; consumerKey: string }[]
        pii: readonly NewPii[]
      },
      asOf: string,
      source: string,
    ): Promise<void> {
      try {
        if (rows.tokens.length > 0) {
          await tx.raw.copyFrom('id_tokens (id_token, id_type, consumer_key)', [
            rows.tokens.map((t) => copyLine([t.token, t.idType, t.consumerKey])).join(''),
          ])
        }
        if (rows.matchKeys.length > 0) {
          await tx.raw.copyFrom('match_keys (match_key, consumer_key)', [
            rows.matchKeys.map((m) => copyLine([m.matchKey, m.consumerKey])).join(''),
          ])
        }
        if (rows.pii.length > 0) {
          await tx.raw.copyFrom(
            'consumer_pii (consumer_key, kind, value_hash, ciphertext, source, first_seen, last_seen)',
            [
              rows.pii
                .map((p) => copyLine([p.consumerKey, p.kind, p.valueHash, p.ciphertext, source, asOf, asOf]))
                .join(''),
            ],
          )
        }
      } catch (e) {
        if ((e as { code?: unknown }).code === '23505') {
          throw new AppError(
            'conflict',
            'a national ID of this file was registered by another transaction meanwhile; retry the batch',
          )
        }
        throw e
      }
    },

    /**
     * Inserts tokens that the caller has just looked up and not found. Returns how many were inserted: fewer
     * than given means another transaction registered some of them in between.
     */
    async insertIdTokens(
      tx: Tx,
      rows: readonly { token: Buffer; idType: NationalIdType; consumerKey: string }[],
    ): Promise<number> {
      if (rows.length === 0) return 0
      const r = await sql`
        insert into id_tokens (id_token, id_type, consumer_key)
        select * from unnest(${rows.map((x) => x.token)}::bytea[], ${rows.map((x) => x.idType)}::text[],
                             ${rows.map((x) => x.consumerKey)}::uuid[])
        on conflict (id_token) do nothing`.execute(tx.kysely)
      return Number(r.numAffectedRows ?? 0n)
    },

    async insertMatchKeys(tx: Tx, rows: readonly { matchKey: Buffer; consumerKey: string }[]): Promise<void> {
      if (rows.length === 0) return
      await sql`
        insert into match_keys (match_key, consumer_key)
        select * from unnest(${rows.map((x) => x.matchKey)}::bytea[], ${rows.map((x) => x.consumerKey)}::uuid[])
        on conflict do nothing`.execute(tx.kysely)
    },

    /**
     * For values furnished before: widens their first/last seen dates to `asOf`. Returns the keys that are not
     * stored yet, so that only those are encrypted. One COPY and one statement whatever the number of keys.
     */
    async touchPii(tx: Tx, keys: readonly PiiKey[], asOf: string): Promise<PiiKey[]> {
      if (keys.length === 0) return []
      await stage(
        tx,
        keys.map((k) => copyLine([k.consumerKey, k.kind, k.valueHash, null])),
      )
      const r = await sql<{ consumer_key: string; kind: PiiKind; value_hash: Uint8Array }>`
        with seen_again as (
          update consumer_pii p
             set last_seen = greatest(p.last_seen, ${asOf}::date), first_seen = least(p.first_seen, ${asOf}::date)
            from ${sql.table(STAGE)} s
           where p.consumer_key = s.consumer_key and p.kind = s.kind and p.value_hash = s.value_hash
             and (p.last_seen < ${asOf}::date or p.first_seen > ${asOf}::date)
        )
        select s.consumer_key, s.kind, s.value_hash from ${sql.table(STAGE)} s
         where not exists (select 1 from consumer_pii p
                            where p.consumer_key = s.consumer_key and p.kind = s.kind and p.value_hash = s.value_hash)`.execute(
        tx.kysely,
      )
      return r.rows.map((row) => ({
        consumerKey: row.consumer_key,
        kind: row.kind,
        valueHash: buf(row.value_hash),
      }))
    },

    /**
     * New values, first and last seen on `asOf`. ON CONFLICT covers a value that another transaction stored
     * meanwhile. Rows must be unique on (consumer_key, kind, value_hash).
     */
    async insertPii(tx: Tx, rows: readonly NewPii[], asOf: string, source: string): Promise<void> {
      if (rows.length === 0) return
      await stage(
        tx,
        rows.map((r) => copyLine([r.consumerKey, r.kind, r.valueHash, r.ciphertext])),
      )
      await sql`
        insert into consumer_pii (consumer_key, kind, value_hash, ciphertext, source, first_seen, last_seen)
        select consumer_key, kind, value_hash, ciphertext, ${source}, ${asOf}::date, ${asOf}::date from ${sql.table(STAGE)}
        on conflict (consumer_key, kind, value_hash) do update
          set last_seen = greatest(consumer_pii.last_seen, excluded.last_seen),
              first_seen = least(consumer_pii.first_seen, excluded.first_seen)`.execute(tx.kysely)
    },

    async tokenOwner(token: Buffer): Promise<string | undefined> {
      const r = await sql<{ consumer_key: string }>`
        select consumer_key from id_tokens where id_token = ${token}`.execute(db.kysely)
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
    async identityRows(
      consumerKey: string,
    ): Promise<{ wrappedKey: Uint8Array | null; pii: PiiRow[] } | undefined> {
      const r = await sql<{
        wrapped_key: Uint8Array | null
        kind: PiiKind | null
        ciphertext: Uint8Array | null
        source: string | null
        first_seen: string | null
        last_seen: string | null
      }>`
        select k.wrapped_key, p.kind, p.ciphertext, p.source, p.first_seen, p.last_seen
          from consumers c
          left join consumer_keys k on k.consumer_key = c.consumer_key
          left join consumer_pii p on p.consumer_key = c.consumer_key
         where c.consumer_key = ${consumerKey}::uuid
         order by p.last_seen desc, p.first_seen desc, p.value_hash`.execute(db.kysely)
      const first = r.rows[0]
      if (first === undefined) return undefined
      const pii: PiiRow[] = []
      for (const row of r.rows) {
        if (row.kind === null || row.ciphertext === null) continue
        pii.push({
          kind: row.kind,
          ciphertext: row.ciphertext,
          source: row.source,
          firstSeen: row.first_seen!,
          lastSeen: row.last_seen!,
        })
      }
      return { wrappedKey: first.wrapped_key, pii }
    },

    /** Deletes the wrapped key, the tokens and the match keys in one transaction; undefined for an unknown consumer. */
    async shred(
      consumerKey: string,
    ): Promise<{ keyDeleted: boolean; idTokensDeleted: number; matchKeysDeleted: number } | undefined> {
      return db.transaction(async ({ kysely }) => {
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
        const keys = await sql`delete from match_keys where consumer_key = ${consumerKey}::uuid`.execute(
          kysely,
        )
        return {
          keyDeleted: Number(key.numAffectedRows ?? 0n) > 0,
          idTokensDeleted: Number(tokens.numAffectedRows ?? 0n),
          matchKeysDeleted: Number(keys.numAffectedRows ?? 0n),
        }
      })
    },
  }
}

export type IdentityStore = ReturnType<typeof createIdentityStore>
