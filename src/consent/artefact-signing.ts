// Signing consent artefacts (consent-jws.ts) as the service changes them: every signature is made in the
// transaction that stores it, beside the record of its public key (signing_keys), and one made anew on a read is
// served only once its key is recorded, so that every artefact served is verifiable against the key set the
// bureau serves, across changes of the signing key.
import { sql } from 'kysely'
import type { Db, Tx } from '../platform/db.ts'
import { jwkSchema, signedStatus, type ConsentSigner, type Jwks } from './consent-jws.ts'
import type { Consent } from './consent.model.ts'

export function createArtefactSigning(signer: ConsentSigner, db: Db) {
  // One statement per signature that is stored: those come with consent decisions, not with reads.
  const recordKey = async (tx: Tx, now: Date): Promise<void> => {
    await sql`insert into signing_keys (kid, jwk, first_used_at)
      values (${signer.kid}, ${JSON.stringify(signer.jwk)}::jsonb, ${now})
      on conflict (kid) do nothing`.execute(tx.kysely)
  }

  // A read that signs anew stores nothing to sign beside, yet what it serves must verify after the key changes
  // again (README: "artefacts signed before still verify"): the key is recorded, committed, before the first
  // such signature leaves this process; once is enough. A failed record is tried again by the next read.
  let recordedForReads: Promise<void> | undefined
  const recordForReads = (now: Date): Promise<void> =>
    (recordedForReads ??= db
      .transaction((tx) => recordKey(tx, now))
      .catch((e: unknown) => {
        recordedForReads = undefined
        throw e
      }))

  return {
    /** `consent` with a new signature over it as it now stands, made in `tx`. */
    async signIn(tx: Tx, consent: Consent, now: Date): Promise<Consent> {
      await recordKey(tx, now)
      return { ...consent, jws: await signer.sign(consent, now) }
    },

    /**
     * `consent` as served: where its status changed without a signature (expiry by date or by its last use,
     * which happen in SQL), signed anew as it stands. A consent never active has no artefact. Outside any
     * transaction: the key's record commits on its own.
     */
    async current(consent: Consent, now: Date): Promise<Consent> {
      if (consent.jws === null || signedStatus(consent.jws) === consent.status) return consent
      await recordForReads(now)
      return { ...consent, jws: await signer.sign(consent, now) }
    },

    /** The key in use, then every key that signed an artefact before it. */
    async jwks(): Promise<Jwks> {
      const rows = await db.transaction((tx) =>
        sql<{ jwk: unknown }>`select jwk from signing_keys order by first_used_at desc, kid`.execute(
          tx.kysely,
        ),
      )
      const older = rows.rows.map((r) => jwkSchema.parse(r.jwk)).filter((k) => k.kid !== signer.kid)
      return { keys: [signer.jwk, ...older] }
    },
  }
}
export type ArtefactSigning = ReturnType<typeof createArtefactSigning>
