// The minimum transfer rate of an upload. Whoever reads the file holds its transaction and a database connection
// meanwhile, so a client that trickles a byte every few seconds, never pausing as long as the idle limit, held
// both for as long as it liked (found by probing: 79 s and counting, on PostgreSQL). After a grace period, an
// upload whose average rate falls below the minimum is abandoned with 408, as a stalled one is.
//
// The average counts only the time the server waited for the client: while the server applies what it has
// (its own database work), the client is held back by TCP, and that is no fault of the client's.

export interface MinimumRate {
  /** The lowest average, in bytes a second, once the grace period has passed. */
  readonly bytesPerSecond: number
  /** How long the server waits for bytes before the average counts (slow start, a link's first hiccups). */
  readonly graceMs: number
}

/**
 * 64 KiB/s, half a megabit a second, is below the upstream of any line a furnisher sends from; at it, a file at the
 * 2 GiB size limit takes over nine hours. So the floor removes only clients that are not really sending. The grace
 * period is the idle limit's 60 s.
 */
export const DEFAULT_MINIMUM_RATE: MinimumRate = { bytesPerSecond: 64 * 1024, graceMs: 60_000 }

/** The time an upload kept the server waiting for its bytes, and the bytes it sent meanwhile. */
export class UploadPace {
  private waitedMs = 0
  private bytes = 0

  constructor(readonly minimum: MinimumRate) {}

  /** How much longer the server may wait now before the average falls below the minimum (not to it: + 1 ms). */
  allowanceMs(): number {
    const earned = Math.max(this.minimum.graceMs, (this.bytes / this.minimum.bytesPerSecond) * 1000)
    return Math.max(0, Math.ceil(earned - this.waitedMs) + 1)
  }

  /** Counts a wait of `ms` that brought `bytes`. */
  waited(ms: number, bytes: number): void {
    this.waitedMs += ms
    this.bytes += bytes
  }

  /** The average so far, in whole bytes a second. */
  averageBytesPerSecond(): number {
    return this.waitedMs === 0 ? 0 : Math.floor((this.bytes * 1000) / this.waitedMs)
  }
}
