// The embedded engine: PGlite in this process, its data in a folder of its own (or in memory), one session for
// every caller in turn.
import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { lockDataDir } from './data-dir-lock.ts'
import { DATE_OID, INT8_OID, makeDb, NUMERIC_OID, type Db, type Lease, type RawConnection } from './db.ts'
import { statementsInTurn } from './in-turn.ts'
import { Mutex } from './mutex.ts'
import { checkChannel, type Listen } from './notifications.ts'
import { markFailedStatement, type PipelineResult } from './pipeline.ts'

/**
 * `from`: a dumped data folder (PGlite's `dumpDataDir`) to start an in-memory database from, in place of an
 * empty cluster.
 */
export async function openPglite(dataDir: string | undefined, from?: Blob): Promise<Db> {
  let unlock = () => {}
  if (dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true })
    unlock = lockDataDir(dataDir)
  }
  const parsers = { [DATE_OID]: (s: string) => s, [INT8_OID]: Number, [NUMERIC_OID]: Number }
  let lite: PGlite
  try {
    lite = await PGlite.create(
      dataDir !== undefined
        ? { dataDir, parsers }
        : from !== undefined
          ? { loadDataDir: from, parsers }
          : { parsers },
    )
  } catch (e) {
    unlock()
    throw e
  }
  const mutex = new Mutex()
  const inTurn = statementsInTurn()
  const conn: RawConnection = {
    query<R>(sql: string, params?: readonly unknown[]) {
      return inTurn(async () => {
        const r =
          params && params.length > 0
            ? await lite.query<R>(sql, params as unknown[])
            : await lite.query<R>(sql)
        return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length }
      })
    },
    exec(sql) {
      return inTurn(async () => void (await lite.exec(sql)))
    },
    // In process there is no round trip to save: one COPY after another, in turn.
    copyAll(parts) {
      return inTurn(async () => {
        for (const { target, rows } of parts)
          await lite.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob([...rows]) })
      })
    },
    // In process there is no round trip to save: the statements run in turn inside one transaction.
    pipeline(statements) {
      return inTurn(() =>
        lite.transaction(async (t) => {
          const results: PipelineResult[] = []
          for (const s of statements) {
            let r
            try {
              r = await t.query<Record<string, unknown>>(s.sql, [...s.parameters])
            } catch (e) {
              throw markFailedStatement(e, results.length)
            }
            results.push({ rows: r.rows, rowCount: r.affectedRows ?? r.rows.length })
          }
          return results
        }),
      )
    },
  }
  const lease = async (): Promise<Lease> => ({ conn, release: await mutex.acquire() })
  // One session serves everything in process: LISTEN waits for its turn, lest it run inside (and be rolled back
  // with) another caller's transaction. Nothing can break the session short of closing it.
  const listen: Listen = async (channel, { onNotify }) => {
    const stop = await mutex.run(() => lite.listen(checkChannel(channel), onNotify))
    return { stop: () => mutex.run(() => stop()) }
  }
  return makeDb(
    'pglite',
    lease,
    () =>
      mutex.run(async () => {
        await lite.close()
        unlock()
      }),
    listen,
  )
}
