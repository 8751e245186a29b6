// A statement together with the reading of its rows, built by the module that owns the tables and run by the
// one that needs it: with others in one round trip (Db.batch), or alone on a Kysely. So the lender report can
// send the reads of four modules together without knowing their tables.
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type RawBuilder,
} from 'kysely'
import type { AnyKysely, Db } from './db.ts'
import type { PipelineResult } from './pipeline.ts'

export interface Planned<T> {
  readonly query: CompiledQuery
  read(result: PipelineResult): T
}

// Compiles only: statements are built before any connection is chosen for them.
const compiler: AnyKysely = new Kysely({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
})

export function planned<R, T>(
  statement: RawBuilder<R>,
  read: (rows: R[], rowCount: number) => T,
): Planned<T> {
  return {
    query: statement.compile(compiler),
    read: (result) => read(result.rows as R[], result.rowCount),
  }
}

/** The same statement, its result read on by `f`. */
export function mapped<A, B>(plan: Planned<A>, f: (a: A) => B): Planned<B> {
  return { query: plan.query, read: (result) => f(plan.read(result)) }
}

type Results<P extends readonly Planned<unknown>[]> = { -readonly [K in keyof P]: ReturnType<P[K]['read']> }

/** Runs the plans in one round trip and one transaction (all applied, or none); each read of its own rows. */
export async function runPlanned<const P extends readonly Planned<unknown>[]>(
  db: Db,
  plans: P,
): Promise<Results<P>> {
  const results = await db.batch(plans.map((p) => p.query))
  return plans.map((p, i) => p.read(results[i]!)) as Results<P>
}

/** Runs the plans in one round trip and one transaction, which concurrent callers may share (Db.sharedBatch). */
export async function runPlannedShared<const P extends readonly Planned<unknown>[]>(
  db: Db,
  plans: P,
): Promise<Results<P>> {
  const results = await db.sharedBatch(plans.map((p) => p.query))
  return plans.map((p, i) => p.read(results[i]!)) as Results<P>
}

/** Runs one plan on `k` (a transaction's Kysely, or the pool's). */
export async function runOn<T>(k: AnyKysely, plan: Planned<T>): Promise<T> {
  const r = await k.executeQuery(plan.query)
  return plan.read({
    rows: r.rows as Record<string, unknown>[],
    rowCount: Number(r.numAffectedRows ?? r.rows.length),
  })
}
