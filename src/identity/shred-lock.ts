// The bureau-wide lock between crypto-shredding and the files that link records to consumers (DESIGN.md principle
// 4: no later record links to a shredded consumer). A file resolves its consumers from what the database holds and
// then writes tokens, match keys, PII and accounts under their keys; a shred that committed in between would be
// undone by that file's commit (found by probing on PostgreSQL: the shredded key had its token, tradeline and
// lookup row back). Each file's transaction holds the lock shared, so files run side by side; a shred holds it
// exclusive, so it waits for the files in flight and deletes what they wrote, and a file that starts meanwhile
// waits for it and, resolving after it, finds no one to link to (PostgreSQL 15 docs §13.3.5, advisory locks).
import type { Tx } from '../platform/db.ts'

/** The lock's one key: a name hashed as the furnishers' file locks are, so no other advisory lock takes it. */
const SHRED_LOCK_KEY = `hashtextextended('openbureau.identity.shred', 0)`

/** Holds off shreds until `tx` ends: for a transaction that resolves consumers and writes under their keys. */
export async function holdAgainstShred(tx: Tx): Promise<void> {
  await tx.raw.query(`select pg_advisory_xact_lock_shared(${SHRED_LOCK_KEY})`)
}

/** Waits for the transactions that hold off shreds to end, and keeps new ones waiting until `tx` ends. */
export async function lockForShred(tx: Tx): Promise<void> {
  await tx.raw.query(`select pg_advisory_xact_lock(${SHRED_LOCK_KEY})`)
}
