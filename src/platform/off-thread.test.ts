import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { threadId } from 'node:worker_threads'
import { OffThread, OffThreadError, serveOffThread } from './off-thread.ts'

const fixture = new URL('./off-thread.fixture.ts', import.meta.url)

describe('OffThread', () => {
  const pool = new OffThread<number, { doubled: number; threadId: number }>(fixture)
  after(() => pool.close())

  it('runs the work on another thread and answers each call with its own result', async () => {
    const out = await Promise.all(Array.from({ length: 50 }, (_, i) => pool.run(i)))
    assert.deepEqual(
      out.map((o) => o.doubled),
      Array.from({ length: 50 }, (_, i) => i * 2),
    )
    assert.equal(new Set(out.map((o) => o.threadId)).size, 1)
    assert.notEqual(out[0]!.threadId, threadId)
  })

  it('fails only the call whose work threw, with its message', async () => {
    const [bad, good] = await Promise.allSettled([pool.run(-4), pool.run(4)])
    assert.equal(bad.status, 'rejected')
    assert.ok(bad.reason instanceof OffThreadError)
    assert.equal(bad.reason.message, 'negative: -4')
    assert.deepEqual(good.status === 'fulfilled' && good.value.doubled, 8)
  })

  it('fails the pending work of a worker that dies, and starts a new one for the next call', async () => {
    const first = (await pool.run(1)).threadId
    await assert.rejects(pool.run(999), /the worker thread exited \(code 3\)/)
    const next = await pool.run(2)
    assert.equal(next.doubled, 4)
    assert.notEqual(next.threadId, first)
  })

  it('fails work still pending when closed', async () => {
    const failed = assert.rejects(pool.run(5), /the worker thread was closed/)
    await pool.close()
    await failed
    assert.equal((await pool.run(6)).doubled, 12)
  })

  it('does not keep a process alive once its work is done', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ob-off-thread-'))
    const script = join(dir, 'one-run.mts')
    writeFileSync(
      script,
      `import { OffThread } from ${JSON.stringify(new URL('./off-thread.ts', import.meta.url).href)}
      const pool = new OffThread(new URL(${JSON.stringify(fixture.href)}))
      console.log((await pool.run(21)).doubled)`,
    )
    try {
      const out = execFileSync(process.execPath, ['--import', 'tsx', script], {
        encoding: 'utf8',
        timeout: 30_000,
      })
      assert.equal(out.trim(), '42')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses to serve outside a worker thread', () => {
    assert.throws(() => serveOffThread((x: number) => x), /only in a worker thread/)
  })
})
