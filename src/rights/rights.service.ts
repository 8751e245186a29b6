// Rights use cases: the consumer places and removes fraud alerts, and freezes and lifts their file, for good or
// for a while (FCRA §605A); the report reads the protections in force inside its own transaction. Every change
// is recorded in the audit log in the transaction that makes it (DESIGN.md principle 3); a request that changes
// nothing records nothing. An alert's contact number (FCRA §605A(h)) is PII, kept sealed under the consumer's data
// key by the identity module (DESIGN.md principle 4) and opened only to be shown.
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { Db, Tx } from '../platform/db.ts'
import { runOn, type Planned } from '../platform/planned.ts'
import { AppError } from '../platform/errors.ts'
import type { Principal } from '../platform/http/index.ts'
import {
  alertExpiry,
  freezeBinds,
  freezeView,
  temporaryLiftProblem,
  type FraudAlert,
  type Freeze,
  type PlaceAlert,
  type Protections,
  type RightsAuditEvent,
  type SealedAlert,
  type SealedProtections,
  type TemporaryLift,
} from './rights.model.ts'
import type { RightsStore } from './rights.store.ts'

export interface RightsDeps {
  db: Db
  store: RightsStore
  /** Connected to the audit log by the composition root: audit.append(tx, event). */
  record?: (tx: Tx, event: RightsAuditEvent) => Promise<void>
  /**
   * Seals a contact number under the consumer's data key, in `tx` (the identity module's sealValue, connected by
   * the composition root); undefined when the consumer has no data key (erased).
   */
  seal?: (tx: Tx, consumerKey: string, text: string) => Promise<Uint8Array | undefined>
  /** Opens what `seal` sealed, in `tx` when given; undefined once it cannot be read (the consumer erased). */
  open?: (tx: Tx | undefined, consumerKey: string, sealed: Uint8Array) => Promise<string | undefined>
  clock?: () => Date
}

const uuid = z.uuid()

export function createRightsService({
  db,
  store,
  record = async () => {},
  seal = () => Promise.reject(new Error('no sealer for contact numbers is connected to the rights module')),
  open = async () => undefined,
  clock = () => new Date(),
}: RightsDeps) {
  /** The consumer's key from their session; only the consumer acts on their own protections. */
  function consumerOf(principal: Principal): string {
    if (principal.kind !== 'consumer')
      throw new AppError('forbidden', 'only the consumer places or lifts protections on their file')
    return principal.id.toLowerCase()
  }

  const noFile = () => new AppError('not_found', 'no file is held for this consumer')

  /**
   * Runs `work` on the consumer's file, locked when it changes it; not found for a session whose consumer has no
   * file. The time is read once the lock is held: a change that waited for another takes a time after it (found
   * by probing on PostgreSQL: a lift that waited for a freeze placed meanwhile was stamped before it, and the
   * lifted_at >= placed_at check answered 500; an alert was recorded as removed before it was placed).
   */
  async function onFile<T>(
    principal: Principal,
    work: (tx: Tx, key: string, now: Date) => Promise<T>,
    lock = true,
  ) {
    const key = consumerOf(principal)
    if (!uuid.safeParse(key).success) throw noFile()
    return db.transaction(async (tx) => {
      if (!(await store.consumerOnFile(tx, key, lock))) throw noFile()
      return work(tx, key, clock())
    })
  }

  /** The alerts as shown: each contact number opened, null when there is none or it can no longer be read. */
  async function openAlerts(tx: Tx | undefined, key: string, alerts: SealedAlert[]): Promise<FraudAlert[]> {
    const shown: FraudAlert[] = []
    // In turn: on PGlite the transaction's one connection serves one statement at a time anyway.
    for (const { contactSealed, ...a } of alerts) {
      const contactPhone = contactSealed === null ? undefined : await open(tx, key, contactSealed)
      shown.push({ ...a, contactPhone: contactPhone ?? null })
    }
    return shown
  }

  const event = (key: string, action: RightsAuditEvent['action'], target: string, details = {}) => ({
    actor: { kind: 'consumer' as const, id: key },
    action,
    consumerKey: key,
    target,
    outcome: 'done' as const,
    details,
  })

  return {
    async placeAlert(principal: Principal, input: PlaceAlert): Promise<FraudAlert> {
      return onFile(principal, async (tx, key, now) => {
        const live = (await store.alerts(tx, key, now)).find(
          (a) => a.kind === input.kind && a.status === 'active',
        )
        if (live !== undefined)
          throw new AppError('conflict', `an ${input.kind} fraud alert is in force until ${live.expiresAt}`)
        const contactSealed =
          input.contactPhone === undefined ? null : await seal(tx, key, input.contactPhone)
        if (contactSealed === undefined)
          throw new AppError(
            'unprocessable',
            'the contact number cannot be kept: the consumer’s data were erased',
          )
        const id = randomUUID()
        const expiresAt = alertExpiry(input.kind, now)
        await store.insertAlert(tx, {
          consumerKey: key,
          id,
          kind: input.kind,
          placedAt: now,
          expiresAt,
          contactSealed,
        })
        // Whether a number was given, never the number: the audit log holds no PII in clear.
        const details = {
          kind: input.kind,
          expiresAt: expiresAt.toISOString(),
          contact: contactSealed !== null,
        }
        await record(tx, event(key, 'alert.placed', id, details))
        const placed = (await store.alerts(tx, key, now)).filter((a) => a.id === id)
        return (await openAlerts(tx, key, placed))[0]!
      })
    },

    /** Every alert on the file, in force or not, newest first. */
    alerts: (principal: Principal): Promise<FraudAlert[]> =>
      onFile(principal, async (tx, key, now) => openAlerts(tx, key, await store.alerts(tx, key, now)), false),

    /** Removes one alert in force, or all of them when `alertId` is absent; not found when there is none to remove. */
    async removeAlerts(principal: Principal, alertId?: string): Promise<FraudAlert[]> {
      if (alertId !== undefined && !uuid.safeParse(alertId).success)
        throw new AppError('not_found', 'no such alert')
      const removed = await onFile(principal, async (tx, key, now) => {
        const gone = await store.removeAlerts(tx, key, now, alertId)
        for (const a of gone) await record(tx, event(key, 'alert.removed', a.id, { kind: a.kind }))
        return openAlerts(tx, key, gone)
      })
      if (alertId !== undefined && removed.length === 0)
        throw new AppError('not_found', `no fraud alert ${alertId} in force`)
      return removed
    },

    freeze: (principal: Principal): Promise<Freeze> =>
      onFile(principal, async (tx, key, now) => freezeView(await store.freezeInForce(tx, key), now), false),

    /**
     * Freezes the file. A file already frozen stays as it is (placed: false); one within a temporary lift binds
     * again from now, which ends the lift early (placed: false, recorded as `freeze.resumed`).
     */
    placeFreeze: (principal: Principal): Promise<Freeze & { placed: boolean }> =>
      onFile(principal, async (tx, key, now) => {
        const f = await store.freezeInForce(tx, key)
        if (f !== undefined && !freezeBinds(f, now)) {
          await store.setFreezeLiftedUntil(tx, key, null)
          await record(tx, event(key, 'freeze.resumed', f.id, { liftedUntil: f.liftedUntil!.toISOString() }))
          return { ...freezeView({ ...f, liftedUntil: null }, now), placed: false }
        }
        if (f !== undefined) return { ...freezeView(f, now), placed: false }
        const id = randomUUID()
        await store.insertFreeze(tx, key, id, now)
        await record(tx, event(key, 'freeze.placed', id))
        return { ...freezeView({ id, since: now, liftedUntil: null }, now), placed: true }
      }),

    /** Lifts the freeze in force, if any, for good (FCRA §605A(i)(3)(A)); freezing again places a new one. */
    liftFreeze: (principal: Principal): Promise<Freeze> =>
      onFile(principal, async (tx, key, now) => {
        const id = await store.liftFreeze(tx, key, now)
        if (id !== undefined) await record(tx, event(key, 'freeze.lifted', id))
        return freezeView(undefined, now)
      }),

    /**
     * Sets the freeze in force aside until `until` (FCRA §605A(i)(3)(C): removed "for the period of time specified
     * by the consumer"), after which it binds again by itself; a lift under way is moved to the new end. A file
     * without a freeze has nothing to lift: conflict.
     */
    liftFreezeUntil: (principal: Principal, input: TemporaryLift): Promise<Freeze> =>
      onFile(principal, async (tx, key, now) => {
        const until = new Date(input.until)
        const problem = temporaryLiftProblem(until, now)
        // The details name the field as a schema's refusal does (README: the same {path, message} shape).
        if (problem !== undefined)
          throw new AppError('invalid_input', `until ${problem}`, [{ path: 'body.until', message: problem }])
        const f = await store.freezeInForce(tx, key)
        if (f === undefined)
          throw new AppError('conflict', 'the file is not frozen: there is no freeze to lift for a while')
        await store.setFreezeLiftedUntil(tx, key, until)
        await record(tx, event(key, 'freeze.lifted_temporarily', f.id, { until: until.toISOString() }))
        return freezeView({ ...f, liftedUntil: until }, now)
      }),

    /**
     * The freeze and the alerts in force on a file, read for its whole file (`openbureau file`, `GET
     * /v1/me/file`), whose caller records that read; recorded as nothing here.
     */
    async inForce(consumerKey: string): Promise<{ freeze: Freeze; alerts: FraudAlert[] }> {
      const now = clock()
      return db.transaction(async (tx) => ({
        freeze: freezeView(await store.freezeInForce(tx, consumerKey), now),
        alerts: (await openAlerts(tx, consumerKey, await store.alerts(tx, consumerKey, now))).filter(
          (a) => a.status === 'active',
        ),
      }))
    },

    /** The freeze and alerts in force for a report, read in the report's own transaction. */
    async protectionsOf(tx: Tx, consumerKey: string, now: Date): Promise<Protections> {
      const read = await runOn(tx.kysely, store.protectionsRead(consumerKey, now))
      return { frozen: read.frozen, alerts: await openAlerts(tx, consumerKey, read.alerts) }
    },
    /**
     * The same read, planned: the lender report sends it with its other reads in one round trip, and opens the
     * alerts it shows with openAlerts.
     */
    protectionsRead: (consumerKey: string, now: Date): Planned<SealedProtections> =>
      store.protectionsRead(consumerKey, now),
    /**
     * The alerts of protectionsRead as every user of the report is shown them (FCRA §605A(h)), outside any
     * transaction; a read of the data key only when an alert carries a contact number.
     */
    openAlerts: (consumerKey: string, alerts: SealedAlert[]): Promise<FraudAlert[]> =>
      openAlerts(undefined, consumerKey, alerts),
  }
}

export type RightsService = ReturnType<typeof createRightsService>
