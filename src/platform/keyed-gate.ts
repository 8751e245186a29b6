// Work on one key, one at a time, within this process: whoever enters a key that another holds waits until
// every earlier holder has left, in the order they came; work on other keys goes on meanwhile. It orders this
// process's work only, so what must also hold across processes is still checked in the database.

export class KeyedGate {
  /** Per key held, a promise that settles when the last one to enter it so far has left. */
  private readonly tails = new Map<string, Promise<void>>()

  /** Waits for the earlier holders of `key`; the function returned lets the next one in (call it once, in a finally). */
  async enter(key: string): Promise<() => void> {
    const before = this.tails.get(key)
    let leave!: () => void
    const mine = new Promise<void>((resolve) => (leave = resolve))
    const tail = before === undefined ? mine : before.then(() => mine)
    this.tails.set(key, tail)
    if (before !== undefined) await before
    return () => {
      leave()
      // The key is forgotten once nobody holds it or waits for it, so memory follows the keys in use.
      if (this.tails.get(key) === tail) this.tails.delete(key)
    }
  }

  /** Keys held or waited for now. */
  get size(): number {
    return this.tails.size
  }
}
