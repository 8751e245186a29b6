// A connection lent to one transaction, closed when the transaction ends: a statement issued after that fails
// instead of running. Work that runs ahead (the ingestion queues the next chunk's statements while this one's
// run) may still be issuing statements when the transaction fails; on the connection, after the ROLLBACK, they
// would run one by one in autocommit and commit what the rolled-back file was doing (deleted accounts, say).
import type { RawConnection } from './db.ts'

export function closableConn(conn: RawConnection): { conn: RawConnection; close: () => void } {
  let closed = false
  const open = () => {
    if (closed) throw new Error('the transaction is over: a statement issued after its end was not run')
  }
  return {
    close: () => (closed = true),
    conn: {
      query<R>(sql: string, params?: readonly unknown[]) {
        open()
        return conn.query<R>(sql, params)
      },
      exec(sql) {
        open()
        return conn.exec(sql)
      },
      copyAll(parts) {
        open()
        return conn.copyAll(parts)
      },
      pipeline(statements) {
        open()
        return conn.pipeline(statements)
      },
    },
  }
}
