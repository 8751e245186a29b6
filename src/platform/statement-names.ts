// Named (prepared) statements for what a process sends again and again: PostgreSQL then parses and plans such a
// statement once per connection instead of on every call. On the lender report's path planning cost more than
// running: the file read took 1.3 ms to plan and 0.6 ms to run, and naming the hot statements halved the
// database's CPU time per report (bench/steps/http.ts).
//
// Only statements with parameters are named (they already go through the extended protocol: one statement,
// parse, bind, execute), only once a text has been seen `after` times, and at most `max` texts, so that
// statements built with a varying number of rows or values do not pile up in every session.
import { createHash } from 'node:crypto'

export interface StatementNamesOptions {
  /** Calls of one text before it is named. Default 3. */
  after?: number
  /** Most texts named in the process. Default 256. */
  max?: number
}

/** Texts counted but not yet named; the count starts over past this, so one-off texts cannot grow it forever. */
const MAX_COUNTED = 10_000

export class StatementNames {
  private readonly counts = new Map<string, number>()
  private readonly names = new Map<string, string>()
  private readonly after: number
  private readonly max: number

  constructor(options: StatementNamesOptions = {}) {
    this.after = options.after ?? 3
    this.max = options.max ?? 256
  }

  /** The name to prepare `sql` under, or undefined to send it unnamed this time. */
  nameOf(sql: string): string | undefined {
    const name = this.names.get(sql)
    if (name !== undefined || this.names.size >= this.max) return name
    const seen = (this.counts.get(sql) ?? 0) + 1
    if (seen < this.after) {
      if (this.counts.size >= MAX_COUNTED) this.counts.clear()
      this.counts.set(sql, seen)
      return undefined
    }
    this.counts.delete(sql)
    // A digest of the text: the same statement has the same name on every connection of the pool.
    const named = `ob_${createHash('sha256').update(sql).digest('base64url').slice(0, 24)}`
    this.names.set(sql, named)
    return named
  }
}
