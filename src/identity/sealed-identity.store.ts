// The read of a consumer's sealed identity (DESIGN.md principle 4): the wrapped data key and the encrypted PII,
// planned so that the lender report can send it with its other reads; the identity service opens it.
import { sql } from 'kysely'
import { planned, type Planned } from '../platform/planned.ts'
import type { PiiKind } from './identity.model.ts'
import type { PiiRow } from './identity.store.ts'

/** The consumer's wrapped data key and encrypted PII, newest first; undefined when there is no such consumer. */
export const sealedIdentityRead = (consumerKey: string): Planned<SealedIdentity | undefined> =>
  planned(
    sql<{
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
       order by p.last_seen desc, p.first_seen desc, p.value_hash`,
    (rows) => {
      const first = rows[0]
      if (first === undefined) return undefined
      const pii: PiiRow[] = []
      for (const row of rows) {
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
  )

export interface SealedIdentity {
  wrappedKey: Uint8Array | null
  pii: PiiRow[]
}

/** The consumer's wrapped data key: null once shredded, undefined for an unknown consumer. */
export const wrappedKeyRead = (consumerKey: string): Planned<Uint8Array | null | undefined> =>
  planned(
    sql<{ wrapped_key: Uint8Array | null }>`
      select k.wrapped_key from consumers c left join consumer_keys k on k.consumer_key = c.consumer_key
       where c.consumer_key = ${consumerKey}::uuid`,
    (rows) => rows[0]?.wrapped_key,
  )
