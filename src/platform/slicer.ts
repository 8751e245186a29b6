// Long CPU-bound loops give the event loop a turn every few milliseconds. Bulk work runs its queued database
// writes on the same thread: each next statement, and each piece of a COPY, is sent from a callback, so a
// loop that holds the thread for 100 ms leaves the server idle for 100 ms.
import { setImmediate as nextTurn } from 'node:timers/promises'

export class Slicer {
  private since = performance.now()

  constructor(private readonly sliceMs = 2) {}

  /** True when the current slice is used up: then `await slicer.turn()`. */
  due(): boolean {
    return performance.now() - this.since >= this.sliceMs
  }

  async turn(): Promise<void> {
    await nextTurn()
    this.since = performance.now()
  }
}
