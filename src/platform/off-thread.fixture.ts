// A worker for off-thread.test.ts: doubles a number, fails on a negative one, and dies on 999.
import { threadId } from 'node:worker_threads'
import { serveOffThread } from './off-thread.ts'

serveOffThread((n: number) => {
  if (n < 0) throw new Error(`negative: ${n}`)
  if (n === 999) process.exit(3)
  return { doubled: n * 2, threadId }
})
