// All SQL of the rights module. Every function runs in the caller's transaction and is keyed by consumer_key
// (one shard under Citus). "Missing" is undefined or an empty list, never an exception.
import { sql } from 'kysely'
import type { Tx } from '../platform/db.ts'
import { planned, type Planned } from '../platform/planned.ts'
import {
  ALERT_NOTICE,
  alertStatus,
  type AlertKind,
  type FreezeInForce,
  type SealedAlert,
  type SealedProtections,
} from './rights.model.ts'

interface AlertRow {
  alert_id: string
  kind: AlertKind
  placed_at: Date
  expires_at: Date
  removed_at: Date | null
  contact_sealed: Uint8Array | null
}

const ALERT_COLUMNS = sql.raw('alert_id, kind, placed_at, expires_at, removed_at, contact_sealed')

const toAlert = (r: AlertRow, now: Date): SealedAlert => {
  const times = {
    placedAt: r.placed_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    removedAt: r.removed_at?.toISOString() ?? null,
  }
  return {
    id: r.alert_id,
    kind: r.kind,
    status: alertStatus(times, now),
    ...times,
    notice: ALERT_NOTICE[r.kind],
    contactSealed: r.contact_sealed,
  }
}

export function createRightsStore() {
  return {
    /**
     * Whether the consumer is on file; with `lock`, also locks their row (FOR NO KEY UPDATE, which does not block
     * the foreign-key checks of a concurrent report) so that two changes of one file's protections run in turn.
     */
    async consumerOnFile(tx: Tx, consumerKey: string, lock: boolean): Promise<boolean> {
      const r = await sql`select 1 from consumers where consumer_key = ${consumerKey}
        ${lock ? sql`for no key update` : sql``}`.execute(tx.kysely)
      return r.rows.length > 0
    },

    async insertAlert(
      tx: Tx,
      a: {
        consumerKey: string
        id: string
        kind: AlertKind
        placedAt: Date
        expiresAt: Date
        contactSealed: Uint8Array | null
      },
    ): Promise<void> {
      await sql`insert into fraud_alerts (consumer_key, alert_id, kind, placed_at, expires_at, contact_sealed)
        values (${a.consumerKey}, ${a.id}, ${a.kind}, ${a.placedAt}, ${a.expiresAt}, ${a.contactSealed})`.execute(
        tx.kysely,
      )
    },

    /** Every alert ever placed on the file, newest first, with its status as of `now`. */
    async alerts(tx: Tx, consumerKey: string, now: Date): Promise<SealedAlert[]> {
      const r =
        await sql<AlertRow>`select ${ALERT_COLUMNS} from fraud_alerts where consumer_key = ${consumerKey}
        order by placed_at desc, alert_id`.execute(tx.kysely)
      return r.rows.map((row) => toAlert(row, now))
    },

    /** Removes the alerts in force (all, or the one `alertId`); returns them as removed. */
    async removeAlerts(tx: Tx, consumerKey: string, now: Date, alertId?: string): Promise<SealedAlert[]> {
      const only = alertId === undefined ? sql`` : sql`and alert_id = ${alertId}`
      const r = await sql<AlertRow>`update fraud_alerts set removed_at = ${now}
        where consumer_key = ${consumerKey} and removed_at is null and expires_at > ${now} ${only}
        returning ${ALERT_COLUMNS}`.execute(tx.kysely)
      return r.rows.map((row) => toAlert(row, now))
    },

    async freezeInForce(tx: Tx, consumerKey: string): Promise<FreezeInForce | undefined> {
      const r = await sql<{
        freeze_id: string
        placed_at: Date
        lifted_until: Date | null
      }>`select freeze_id, placed_at, lifted_until from security_freezes
        where consumer_key = ${consumerKey} and lifted_at is null`.execute(tx.kysely)
      const row = r.rows[0]
      return row && { id: row.freeze_id, since: row.placed_at, liftedUntil: row.lifted_until }
    },

    /** Sets the freeze in force aside until `until`, or makes it bind again (null). */
    async setFreezeLiftedUntil(tx: Tx, consumerKey: string, until: Date | null): Promise<void> {
      await sql`update security_freezes set lifted_until = ${until}
        where consumer_key = ${consumerKey} and lifted_at is null`.execute(tx.kysely)
    },

    async insertFreeze(tx: Tx, consumerKey: string, id: string, now: Date): Promise<void> {
      await sql`insert into security_freezes (consumer_key, freeze_id, placed_at)
        values (${consumerKey}, ${id}, ${now})`.execute(tx.kysely)
    },

    async liftFreeze(tx: Tx, consumerKey: string, now: Date): Promise<string | undefined> {
      const r = await sql<{ freeze_id: string }>`update security_freezes set lifted_at = ${now}
        where consumer_key = ${consumerKey} and lifted_at is null returning freeze_id`.execute(tx.kysely)
      return r.rows[0]?.freeze_id
    },

    /**
     * The freeze that binds at `now` (not within a temporary lift) and the alerts in force, in one statement: the
     * report's read of the file's protections.
     */
    protectionsRead: (consumerKey: string, now: Date): Planned<SealedProtections> =>
      planned(
        sql<AlertRow & { what: 'alert' | 'freeze' }>`
          select 'alert' as what, ${ALERT_COLUMNS} from fraud_alerts
           where consumer_key = ${consumerKey} and removed_at is null and expires_at > ${now}
          union all
          select 'freeze', freeze_id, null, placed_at, null, null, null from security_freezes
           where consumer_key = ${consumerKey} and lifted_at is null
             and (lifted_until is null or lifted_until <= ${now})
          order by placed_at desc`,
        (rows) => ({
          frozen: rows.some((row) => row.what === 'freeze'),
          alerts: rows.filter((row) => row.what === 'alert').map((row) => toAlert(row, now)),
        }),
      ),
  }
}

export type RightsStore = ReturnType<typeof createRightsStore>
