// All SQL of the consumers module. Writes run in the caller's transaction (`tx`); the reads of a request's hot
// path (a login's account, a session) run on the pool. Times come from the service's clock, never now(), so
// that expiry is one rule in one place. "Missing" is undefined, never an exception.
import { sql } from 'kysely'
import type { AnyKysely, Tx } from '../platform/db.ts'

/** bytea comes back as a Buffer from pg and as a Uint8Array from PGlite. */
const buf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength)

export interface EnrolmentRow {
  enrolmentId: string
  attemptKey: Buffer
  idType: string
  consumerKey: string | null
  answerMac: Buffer
  expiresAt: Date
  finishedAt: Date | null
}

export interface AccountRow {
  consumerKey: string
  login: string
  passwordHash: string
  enrolledAt: Date
  failedLogins: number
  lockedUntil: Date | null
}

export interface SessionRow {
  consumerKey: string
  lastUsedAt: Date
  expiresAt: Date
}

interface RawAccount {
  consumer_key: string
  login: string
  password_hash: string
  enrolled_at: Date
  failed_logins: number
  locked_until: Date | null
}

const toAccount = (r: RawAccount): AccountRow => ({
  consumerKey: r.consumer_key,
  login: r.login,
  passwordHash: r.password_hash,
  enrolledAt: r.enrolled_at,
  failedLogins: r.failed_logins,
  lockedUntil: r.locked_until,
})

const accountColumns = sql`consumer_key, login, password_hash, enrolled_at, failed_logins, locked_until`

export function createConsumersStore(db: AnyKysely) {
  /** The account, read on the pool, or locked in `tx` until it ends. */
  async function account(consumerKey: string, tx?: Tx): Promise<AccountRow | undefined> {
    const r = await sql<RawAccount>`select ${accountColumns} from consumer_accounts
      where consumer_key = ${consumerKey}${tx === undefined ? sql`` : sql` for update`}`.execute(
      tx?.kysely ?? db,
    )
    const row = r.rows[0]
    return row === undefined ? undefined : toAccount(row)
  }

  /**
   * The failed answers of `attemptKey` so far, its row locked until `tx` ends, so that parallel submissions of
   * one national ID are judged one after the other; 0 when it has none.
   */
  async function lockFailures(tx: Tx, attemptKey: Buffer): Promise<number> {
    const r = await sql<{ failed_answers: number }>`select failed_answers from consumer_enrolment_attempts
      where attempt_key = ${attemptKey} for update`.execute(tx.kysely)
    return r.rows[0]?.failed_answers ?? 0
  }

  return {
    account,

    /**
     * Deletes in `tx` what leads from a national ID or a login to the consumer: their enrolments (each keeps a
     * keyed hash of the national ID), sessions, login lookup and account. The enrolments go first: an enrolment
     * being completed holds its row, so this waits for it, and the deletes after it see the login and the
     * account it made (Read Committed takes a new snapshot a statement).
     */
    async forget(tx: Tx, consumerKey: string): Promise<void> {
      for (const table of [
        'consumer_enrolments',
        'consumer_sessions',
        'consumer_logins',
        'consumer_accounts',
      ])
        await sql`delete from ${sql.table(table)} where consumer_key = ${consumerKey}::uuid`.execute(
          tx.kysely,
        )
    },

    /**
     * Counts a start against the sliding window of `attemptKey`, unless `max` starts already fall inside it; when
     * they do, the moment the oldest of them leaves the window. The row lock (insert, then select ... for update)
     * serialises parallel starts.
     */
    async countAttempt(
      tx: Tx,
      attemptKey: Buffer,
      now: Date,
      windowMs: number,
      max: number,
    ): Promise<{ counted: true } | { counted: false; freeAt: Date }> {
      await sql`insert into consumer_enrolment_attempts (attempt_key, started_at) values (${attemptKey}, '{}')
        on conflict (attempt_key) do nothing`.execute(tx.kysely)
      const r = await sql<{ started_at: Date[] }>`
        select started_at from consumer_enrolment_attempts where attempt_key = ${attemptKey} for update`.execute(
        tx.kysely,
      )
      const since = now.getTime() - windowMs
      const recent = (r.rows[0]?.started_at ?? []).map((t) => new Date(t).getTime()).filter((t) => t > since)
      if (recent.length >= max) return { counted: false, freeAt: new Date(Math.min(...recent) + windowMs) }
      await sql`update consumer_enrolment_attempts set started_at = ${[...recent, now.getTime()].map((t) => new Date(t).toISOString())}::timestamptz[]
        where attempt_key = ${attemptKey}`.execute(tx.kysely)
      return { counted: true }
    },

    lockFailures,

    /** Counts one more failed answer of `attemptKey`; the count after it. */
    async countFailure(tx: Tx, attemptKey: Buffer): Promise<number> {
      const r = await sql<{ failed_answers: number }>`update consumer_enrolment_attempts
        set failed_answers = failed_answers + 1 where attempt_key = ${attemptKey}
        returning failed_answers`.execute(tx.kysely)
      return r.rows[0]?.failed_answers ?? 0
    },

    /**
     * Clears the failed answers of `attemptKey` and its starts: an operator's unlock opens online enrolment at
     * once, where clearing the failures alone left the three starts they used barring it for up to 24 hours
     * (found by probing). The failures there were, and the starts made since `since` (those that counted).
     */
    async clearAttempts(
      tx: Tx,
      attemptKey: Buffer,
      since: Date,
    ): Promise<{ failed: number; starts: number }> {
      const r = await sql<{ failed_answers: number; started_at: Date[] }>`select failed_answers, started_at
        from consumer_enrolment_attempts where attempt_key = ${attemptKey} for update`.execute(tx.kysely)
      const row = r.rows[0]
      if (row === undefined) return { failed: 0, starts: 0 }
      await sql`update consumer_enrolment_attempts set failed_answers = 0, started_at = '{}'
        where attempt_key = ${attemptKey}`.execute(tx.kysely)
      const starts = row.started_at.filter((t) => new Date(t).getTime() > since.getTime()).length
      return { failed: row.failed_answers, starts }
    },

    async insertEnrolment(tx: Tx, e: Omit<EnrolmentRow, 'finishedAt'> & { createdAt: Date }): Promise<void> {
      await sql`insert into consumer_enrolments
        (enrolment_id, attempt_key, id_type, consumer_key, answer_mac, created_at, expires_at)
        values (${e.enrolmentId}, ${e.attemptKey}, ${e.idType}, ${e.consumerKey}, ${e.answerMac}, ${e.createdAt},
                ${e.expiresAt})`.execute(tx.kysely)
    },

    /** The enrolment, locked until the transaction ends: one submission at a time. */
    async lockEnrolment(tx: Tx, enrolmentId: string): Promise<EnrolmentRow | undefined> {
      const r = await sql<{
        enrolment_id: string
        attempt_key: Uint8Array
        id_type: string
        consumer_key: string | null
        answer_mac: Uint8Array
        expires_at: Date
        finished_at: Date | null
      }>`select enrolment_id, attempt_key, id_type, consumer_key, answer_mac, expires_at, finished_at
           from consumer_enrolments where enrolment_id = ${enrolmentId} for update`.execute(tx.kysely)
      const row = r.rows[0]
      if (row === undefined) return undefined
      return {
        enrolmentId: row.enrolment_id,
        attemptKey: buf(row.attempt_key),
        idType: row.id_type,
        consumerKey: row.consumer_key,
        answerMac: buf(row.answer_mac),
        expiresAt: row.expires_at,
        finishedAt: row.finished_at,
      }
    },

    async finishEnrolment(
      tx: Tx,
      enrolmentId: string,
      now: Date,
      outcome: 'enrolled' | 'refused',
    ): Promise<void> {
      await sql`update consumer_enrolments set finished_at = ${now}, outcome = ${outcome}
        where enrolment_id = ${enrolmentId}`.execute(tx.kysely)
    },

    async hasAccount(tx: Tx, consumerKey: string): Promise<boolean> {
      const r = await sql`select 1 from consumer_accounts where consumer_key = ${consumerKey}`.execute(
        tx.kysely,
      )
      return r.rows.length > 0
    },

    /** Claims a login; false when another consumer holds it. */
    async claimLogin(tx: Tx, loginHash: Buffer, consumerKey: string): Promise<boolean> {
      const r =
        await sql`insert into consumer_logins (login_hash, consumer_key) values (${loginHash}, ${consumerKey})
        on conflict (login_hash) do nothing`.execute(tx.kysely)
      return (r.numAffectedRows ?? 0n) > 0n
    },

    /** Creates the account; false when the consumer already has one (a parallel enrolment won). */
    async insertAccount(
      tx: Tx,
      a: { consumerKey: string; login: string; passwordHash: string; enrolledAt: Date },
    ): Promise<boolean> {
      const r = await sql`insert into consumer_accounts (consumer_key, login, password_hash, enrolled_at)
        values (${a.consumerKey}, ${a.login}, ${a.passwordHash}, ${a.enrolledAt})
        on conflict (consumer_key) do nothing`.execute(tx.kysely)
      return (r.numAffectedRows ?? 0n) > 0n
    },

    async accountByLogin(loginHash: Buffer): Promise<AccountRow | undefined> {
      const owner = await sql<{ consumer_key: string }>`
        select consumer_key from consumer_logins where login_hash = ${loginHash}`.execute(db)
      const key = owner.rows[0]?.consumer_key
      return key === undefined ? undefined : account(key)
    },

    async setLoginState(
      tx: Tx,
      consumerKey: string,
      state: { failedLogins: number; lockedUntil: Date | null; passwordHash?: string },
    ): Promise<void> {
      await sql`update consumer_accounts set failed_logins = ${state.failedLogins}, locked_until = ${state.lockedUntil},
        password_hash = coalesce(${state.passwordHash ?? null}, password_hash)
        where consumer_key = ${consumerKey}`.execute(tx.kysely)
    },

    async insertSession(
      tx: Tx,
      s: { tokenHash: Buffer; consumerKey: string; createdAt: Date; expiresAt: Date },
    ): Promise<void> {
      await sql`insert into consumer_sessions (token_hash, consumer_key, created_at, last_used_at, expires_at)
        values (${s.tokenHash}, ${s.consumerKey}, ${s.createdAt}, ${s.createdAt}, ${s.expiresAt})`.execute(
        tx.kysely,
      )
    },

    async session(tokenHash: Buffer): Promise<SessionRow | undefined> {
      const r = await sql<{ consumer_key: string; last_used_at: Date; expires_at: Date }>`
        select consumer_key, last_used_at, expires_at from consumer_sessions where token_hash = ${tokenHash}`.execute(
        db,
      )
      const row = r.rows[0]
      return row === undefined
        ? undefined
        : { consumerKey: row.consumer_key, lastUsedAt: row.last_used_at, expiresAt: row.expires_at }
    },

    async touchSession(tokenHash: Buffer, now: Date): Promise<void> {
      await sql`update consumer_sessions set last_used_at = greatest(last_used_at, ${now})
        where token_hash = ${tokenHash}`.execute(db)
    },

    /**
     * Ends in `tx` every session of the consumer but the one whose token hashes to `keep` (the request's own), by
     * the index on consumer_key; the ones it ended, each with the times that tell whether it was still live.
     */
    async deleteOtherSessions(
      tx: Tx,
      consumerKey: string,
      keep: Buffer,
    ): Promise<Pick<SessionRow, 'lastUsedAt' | 'expiresAt'>[]> {
      const r = await sql<{ last_used_at: Date; expires_at: Date }>`delete from consumer_sessions
        where consumer_key = ${consumerKey} and token_hash <> ${keep}
        returning last_used_at, expires_at`.execute(tx.kysely)
      return r.rows.map((row) => ({ lastUsedAt: row.last_used_at, expiresAt: row.expires_at }))
    },

    /** Ends a session, in `tx` when given; the consumer it belonged to, or undefined when there was none. */
    async deleteSession(tokenHash: Buffer, tx?: Tx): Promise<string | undefined> {
      const r = await sql<{
        consumer_key: string
      }>`delete from consumer_sessions where token_hash = ${tokenHash}
        returning consumer_key`.execute(tx?.kysely ?? db)
      return r.rows[0]?.consumer_key
    },
  }
}

export type ConsumersStore = ReturnType<typeof createConsumersStore>
