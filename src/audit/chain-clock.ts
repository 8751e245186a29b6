// The time an event is hashed with is the database's clock: a locked append reads clock_timestamp() with the
// chain head (audit.store.ts lockHead), so that every process stamps its events by the same clock. An append
// that skips the lock (AuditService.appendBatch) has no round trip before it hashes, so it stamps the database
// time its process last read plus the process's monotonic time since: off by the latency of that one reply,
// never earlier than the events the process appended since, and resynchronised at least every SYNC_MS.
const SYNC_MS = 1000
const UTC_MICROS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/

/** Microseconds since the epoch of a UTC time 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (the audit log's hashed form). */
export function microsOf(utc: string): number {
  const ms = UTC_MICROS.test(utc) ? Date.parse(`${utc.slice(0, 19)}Z`) : NaN
  if (!Number.isFinite(ms)) throw new Error(`not a UTC time with microseconds: '${utc}'`)
  return ms * 1000 + Number(utc.slice(20, 26))
}

/** The audit log's hashed form of a time in microseconds since the epoch. */
export function utcOfMicros(micros: number): string {
  const us = Math.floor(micros)
  return `${new Date(Math.floor(us / 1000)).toISOString().slice(0, 20)}${String(us % 1_000_000).padStart(6, '0')}Z`
}

export class ChainClock {
  private base: { micros: number; atNs: bigint } | undefined

  constructor(private readonly monotonicNs: () => bigint = () => process.hrtime.bigint()) {}

  /** The database said `utc` just now. */
  sync(utc: string): void {
    this.base = { micros: microsOf(utc), atNs: this.monotonicNs() }
  }

  /** The database's time now, as this process reckons it; undefined when the last sync is too old to trust. */
  now(): string | undefined {
    if (this.base === undefined) return undefined
    const elapsedUs = Number(this.monotonicNs() - this.base.atNs) / 1000
    return elapsedUs < SYNC_MS * 1000 ? utcOfMicros(this.base.micros + elapsedUs) : undefined
  }
}
