// The batches of concurrent requests, sent together: on a server, every round trip costs a send and a wake-up
// of the other process, which on the benchmark's machine cost more than the statements (a third of the API
// server's CPU was `writev`), and every transaction a commit. Batches that callers issue in the same turn of the
// event loop go out in one pipeline on one connection (pipeline.ts): one send, one wake-up of one backend, one
// commit, for all of them. This is group commit, done by the client.
//
// The pipeline is one implicit transaction, and a failure of any statement rolls it all back (PostgreSQL
// protocol §55.2.4). Then each caller's batch runs again alone, so that every caller gets its own answer, no
// one's error becomes another's, and nothing is applied twice.
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
} from 'kysely'
import type { PipelineResult } from './pipeline.ts'

export type RunStatements = (statements: readonly CompiledQuery[]) => Promise<PipelineResult[]>

export interface SharedBatchesOptions {
  /** Shared pipelines in flight at once; batches that come meanwhile wait and go in the next. Default 2. */
  lanes?: number
  /** Most statements in one pipeline. Default 64. */
  maxStatements?: number
}

interface Waiting {
  statements: readonly CompiledQuery[]
  resolve: (results: PipelineResult[]) => void
  reject: (error: unknown) => void
}

/** `run` (one pipeline and one transaction on one connection), shared by the callers of one turn of the loop. */
export function sharedBatches(run: RunStatements, options: SharedBatchesOptions = {}): RunStatements {
  const lanes = options.lanes ?? 2
  const maxStatements = options.maxStatements ?? 64
  let waiting: Waiting[] = []
  let scheduled = false
  let inFlight = 0

  const schedule = () => {
    if (scheduled || waiting.length === 0 || inFlight >= lanes) return
    scheduled = true
    setImmediate(send)
  }

  function send() {
    scheduled = false
    let n = 0
    let count = 0
    while (n < waiting.length && (n === 0 || count + waiting[n]!.statements.length <= maxStatements)) {
      count += waiting[n]!.statements.length
      n++
    }
    const group = waiting.slice(0, n)
    waiting = waiting.slice(n)
    inFlight++
    void runGroup(group).finally(() => {
      inFlight--
      schedule()
    })
    schedule()
  }

  async function runGroup(group: readonly Waiting[]): Promise<void> {
    const alone = async (w: Waiting) => run(w.statements).then(w.resolve, w.reject)
    if (group.length === 1) return alone(group[0]!)
    let results: PipelineResult[]
    try {
      results = await run(group.flatMap((w) => w.statements))
    } catch {
      // One after another, in this lane: the reruns take no more connections than the lane had.
      for (const w of group) await alone(w)
      return
    }
    let at = 0
    for (const w of group) {
      w.resolve(results.slice(at, at + w.statements.length))
      at += w.statements.length
    }
  }

  return (statements) =>
    new Promise((resolve, reject) => {
      waiting.push({ statements, resolve, reject })
      schedule()
    })
}

/** A Kysely whose every query is a shared read: for stores whose single lookups are on a hot path. */
export function kyselyOverReads(read: RunStatements): Kysely<object> {
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery) {
      const [result] = await read([query])
      return { rows: (result?.rows ?? []) as R[] }
    },
    async *streamQuery() {
      throw new Error('shared reads do not stream')
    },
  }
  const outsideTransactions = async () => {
    throw new Error('shared reads run outside transactions: use Db.transaction')
  }
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: outsideTransactions,
    commitTransaction: outsideTransactions,
    rollbackTransaction: outsideTransactions,
    releaseConnection: async () => {},
    destroy: async () => {},
  }
  return new Kysely({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  })
}
