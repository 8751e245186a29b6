// A server transaction's BEGIN goes out with its first statement, in one round trip (pipeline.ts): a round
// trip costs more than the BEGIN it carries (bench/steps/http.ts). A transaction that sends nothing sends no
// BEGIN and no COMMIT. With an explicit BEGIN first, the pipeline's Sync leaves the transaction open.
import { CompiledQuery } from 'kysely'
import type { RawConnection } from './db.ts'
import { failedStatement, markFailedStatement } from './pipeline.ts'

export function beginWithFirstStatement(conn: RawConnection): { conn: RawConnection; begun: () => boolean } {
  let begun = false
  const begin = CompiledQuery.raw('begin')
  const beginAlone = async () => {
    if (begun) return
    begun = true
    await conn.query('begin')
  }
  const lazy: RawConnection = {
    query<R>(sql: string, params?: readonly unknown[]) {
      if (begun) return conn.query<R>(sql, params)
      begun = true
      return conn
        .pipeline([begin, CompiledQuery.raw(sql, [...(params ?? [])])])
        .then(([, r]) => ({ rows: r!.rows as R[], rowCount: r!.rowCount }))
    },
    async exec(sql) {
      await beginAlone()
      return conn.exec(sql)
    },
    async copyAll(parts) {
      await beginAlone()
      return conn.copyAll(parts)
    },
    async pipeline(statements) {
      if (begun) return conn.pipeline(statements)
      begun = true
      try {
        return (await conn.pipeline([begin, ...statements])).slice(1)
      } catch (e) {
        // The caller's statements are counted without the BEGIN put before them.
        const at = failedStatement(e)
        throw at === undefined ? e : markFailedStatement(e, at === 0 ? undefined : at - 1)
      }
    },
  }
  return { conn: lazy, begun: () => begun }
}
