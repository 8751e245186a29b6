import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sql, type CompiledQuery } from 'kysely'
import type { TestDb } from '../platform/testing.ts'
import { reportRead, scratchWorld } from './audit.fixture.ts'
import { createAuditBatcher, createAuditModule, type RunBatch } from './index.ts'

/** A Db.batch that counts its calls and the statements of each. */
function countingRun(db: TestDb) {
  const calls: number[] = []
  const run: RunBatch = (statements) => {
    calls.push(statements.length)
    return db.batch(statements)
  }
  return { run, calls }
}

describe('AuditBatcher.recordAfter: statements and the events that record them', () => {
  const w = scratchWorld()

  const insert = (n: number): CompiledQuery => sql`insert into scratch (n) values (${n})`.compile(w.db.kysely)
  const failing = (): CompiledQuery =>
    sql`select ob_require(false, 'this use cannot serve', 'OB001')`.compile(w.db.kysely)
  const { scratch, pending } = w
  const withN = async (n: number) =>
    (await w.audit.tail({ limit: 500 })).filter((r) => r.details['n'] === n).map((r) => r.seq)

  it('commits the statements of one turn and their events in one transaction, once the head is known', async () => {
    const { run, calls } = countingRun(w.db)
    const batcher = createAuditBatcher(w.audit, { run })
    await batcher.recordAfter([insert(1)], [reportRead({ n: 1 })])
    assert.deepEqual(
      calls,
      [2],
      'no head known yet: the statements and their events as pending, then the append',
    )
    assert.equal(await pending(), 0, 'the append took the pending events')
    const [a, b] = await Promise.all([
      batcher.recordAfter([insert(2), insert(3)], [reportRead({ n: 2 })]),
      batcher.recordAfter([insert(4)], [reportRead({ n: 4 }), reportRead({ n: 5 })]),
    ])
    assert.deepEqual(calls, [2, 4], 'both callers statements and the append in one batch')
    assert.equal(a.results.length, 2)
    assert.equal(b.results.length, 1)
    assert.deepEqual(
      [...a.records, ...b.records].map((r) => r.details['n']),
      [2, 4, 5],
    )
    assert.deepEqual(await scratch(), [1, 2, 3, 4])
    assert.equal((await w.audit.verify()).ok, true)
    await batcher.close()
  })

  it('records nothing for a caller whose statement failed, and everything for the others', async () => {
    const { run, calls } = countingRun(w.db)
    const batcher = createAuditBatcher(w.audit, { run })
    await batcher.recordAfter([insert(10)], [reportRead({ n: 10 })])
    calls.length = 0
    const outcomes = await Promise.allSettled([
      batcher.recordAfter([insert(11)], [reportRead({ n: 11 })]),
      batcher.recordAfter([insert(12), failing()], [reportRead({ n: 12 })]),
      batcher.recordAll([reportRead({ n: 13 })]),
    ])
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    )
    const error = (outcomes[1] as PromiseRejectedResult).reason as { code?: string; message: string }
    assert.deepEqual([error.code, error.message], ['OB001', 'this use cannot serve'])
    assert.deepEqual(
      calls,
      [4, 2],
      'the batch failed at the third statement, then went again without its caller',
    )
    assert.deepEqual(await scratch(), [10, 11], 'the failed caller wrote nothing')
    assert.deepEqual(await withN(12), [], 'and recorded nothing')
    assert.equal((await withN(11)).length, 1)
    assert.equal((await withN(13)).length, 1)
    assert.equal((await w.audit.verify()).ok, true)
    await batcher.close()
  })

  it('applies the statements once when another appender moved the head, and links the events after it', async () => {
    const { run, calls } = countingRun(w.db)
    const batcher = createAuditBatcher(w.audit, { run })
    await batcher.recordAfter([insert(20)], [reportRead({ n: 20 })])
    // A locked append reads the database's clock: the batch below may then link its events ahead, as it does in
    // a busy process, rather than find its clock's last reading over a second old (chain-clock.ts) and take the
    // two-step way from the start (found flaky under load: one run of 2, not 2 then 2).
    await w.audit.appendNow(reportRead({ n: 20 }))
    const other = createAuditModule(w.db)
    const moved = await other.appendNow(reportRead({ n: 21 }))
    calls.length = 0
    const { records } = await batcher.recordAfter([insert(22)], [reportRead({ n: 22 })])
    assert.deepEqual(
      calls,
      [2, 2],
      'the shared transaction failed on the head, then the statements and pending',
    )
    assert.equal(records[0]!.seq, moved.seq + 1)
    assert.equal(records[0]!.prevHash, moved.hash)
    assert.deepEqual(await scratch(), [20, 22])
    assert.equal((await w.audit.verify()).ok, true)
    calls.length = 0
    await batcher.recordAfter([insert(23)], [reportRead({ n: 23 })])
    await batcher.recordAfter([insert(24)], [reportRead({ n: 24 })])
    assert.deepEqual(calls, [2, 2], 'the batch after a miss goes in two steps, the next in one transaction')
    assert.deepEqual(await scratch(), [20, 22, 23, 24])
    assert.equal((await w.audit.verify()).ok, true)
    await batcher.close()
  })

  it('under load, commits the statements of the callers beyond divertAt beside the batch in flight', async () => {
    let open!: () => void
    const gate = new Promise<void>((resolve) => (open = resolve))
    const shared: number[] = []
    const batcher = createAuditBatcher(w.audit, {
      run: async (statements) => {
        await gate
        return w.db.batch(statements)
      },
      runShared: (statements) => {
        shared.push(statements.length)
        return w.db.batch(statements)
      },
      divertAt: 1,
    })
    const first = batcher.recordAfter([insert(40)], [reportRead({ n: 40 })])
    await new Promise((resolve) => setImmediate(resolve))
    const second = batcher.recordAfter([insert(41)], [reportRead({ n: 41 })])
    const third = batcher.recordAfter([insert(42), insert(43)], [reportRead({ n: 42 })])
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(shared, [3], 'the third caller did not wait for the batch in flight, its events pending')
    assert.deepEqual(await scratch(), [42, 43])
    assert.equal(await pending(), 1)
    open()
    const done = await Promise.all([first, second, third])
    assert.deepEqual(
      done.map((d) => d.records.map((r) => r.details['n'])),
      [[40], [41], [42]],
    )
    assert.deepEqual(await scratch(), [40, 41, 42, 43])
    assert.equal(await pending(), 0)
    assert.equal((await w.audit.verify()).ok, true)
    await batcher.close()
  })

  it('refuses statements when it was made without a way to run them', async () => {
    const batcher = createAuditBatcher(w.audit)
    await assert.rejects(
      batcher.recordAfter([insert(30)], [reportRead({ n: 30 })]),
      /without a way to run statements/,
    )
    assert.deepEqual(await scratch(), [])
    await batcher.close()
  })
})
