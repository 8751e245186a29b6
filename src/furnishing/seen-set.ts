// Which accounts a file has already reported, in 12 bytes per account: 64 bits of the tradeline id (itself
// a SHA-256 of furnisher and account number, so its bits are already uniform) and the record number where
// it appeared, in an open-addressing table. 1,000,000 accounts take 16 MB at most, where a Map of strings
// would take about 100 MB.

export class SeenSet {
  private hi = new Uint32Array(1 << 12)
  private lo = new Uint32Array(1 << 12)
  private rec = new Int32Array(1 << 12)
  private used = 0

  /** Adds a tradeline id (a UUID); returns the record number of an earlier occurrence, or undefined when new. */
  addOrGet(tradelineId: string, recordNo: number): number | undefined {
    const [h, l] = SeenSet.key(tradelineId)
    const found = this.find(h, l)
    if (this.lo[found] !== 0) return this.rec[found]
    this.hi[found] = h
    this.lo[found] = l
    this.rec[found] = recordNo
    if (++this.used * 2 > this.lo.length) this.grow()
    return undefined
  }

  /** The record number where the tradeline id was added, or undefined when it was not. */
  get(tradelineId: string): number | undefined {
    const found = this.find(...SeenSet.key(tradelineId))
    return this.lo[found] === 0 ? undefined : this.rec[found]
  }

  private static key(tradelineId: string): [number, number] {
    const h = Number.parseInt(tradelineId.slice(0, 8), 16) >>> 0
    // 0 marks an empty slot, so a real 0 is nudged to 1.
    const l = Number.parseInt(tradelineId.slice(9, 13) + tradelineId.slice(24, 28), 16) >>> 0 || 1
    return [h, l]
  }

  get size(): number {
    return this.used
  }

  private find(h: number, l: number): number {
    const mask = this.lo.length - 1
    let i = (h ^ l) & mask
    while (this.lo[i] !== 0 && (this.hi[i] !== h || this.lo[i] !== l)) i = (i + 1) & mask
    return i
  }

  private grow(): void {
    const [hi, lo, rec] = [this.hi, this.lo, this.rec]
    this.hi = new Uint32Array(hi.length * 2)
    this.lo = new Uint32Array(lo.length * 2)
    this.rec = new Int32Array(rec.length * 2)
    for (let i = 0; i < lo.length; i++) {
      if (lo[i] === 0) continue
      const j = this.find(hi[i]!, lo[i]!)
      this.hi[j] = hi[i]!
      this.lo[j] = lo[i]!
      this.rec[j] = rec[i]!
    }
  }
}
