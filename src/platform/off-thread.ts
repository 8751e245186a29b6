// CPU-bound work on a second thread, so that it runs on another core while this one goes on (bulk ingestion
// keeps one core busy on its own). One worker per OffThread, started on first use; it holds the process open
// only while it has work, so a process that is done exits without closing it.
import { Worker, parentPort, workerData } from 'node:worker_threads'

interface Request<In> {
  id: number
  input: In
}
type Reply<Out> = { id: number; ok: true; output: Out } | { id: number; ok: false; message: string }

interface Pending<Out> {
  resolve: (out: Out) => void
  reject: (e: Error) => void
}

export class OffThreadError extends Error {
  override readonly name = 'OffThreadError'
}

export class OffThread<In, Out> {
  private worker: Worker | undefined
  private nextId = 0
  private readonly pending = new Map<number, Pending<Out>>()

  /** entry: the URL of a module that calls serveOffThread. */
  constructor(private readonly entry: URL) {}

  run(input: In): Promise<Out> {
    const worker = this.worker ?? this.start()
    const id = this.nextId++
    const done = new Promise<Out>((resolve, reject) => this.pending.set(id, { resolve, reject }))
    if (this.pending.size === 1) worker.ref()
    worker.postMessage({ id, input } satisfies Request<In>)
    return done
  }

  /** Stops the worker; work still pending fails. */
  async close(): Promise<void> {
    const w = this.worker
    this.worker = undefined
    this.failAll(new OffThreadError('the worker thread was closed'))
    if (w) {
      // A terminating worker does not keep the event loop alive: with nothing else pending, the process would
      // end before terminate() settles, and whoever awaits close() would never go on.
      const alive = setInterval(() => {}, 60_000)
      try {
        await w.terminate()
      } finally {
        clearInterval(alive)
      }
    }
  }

  private start(): Worker {
    const w = new Worker(new URL('./off-thread-boot.mjs', import.meta.url), {
      workerData: { entry: this.entry.href },
    })
    w.on('message', (r: Reply<Out>) => {
      const p = this.pending.get(r.id)
      if (!p) return
      this.pending.delete(r.id)
      if (this.pending.size === 0) w.unref()
      if (r.ok) p.resolve(r.output)
      else p.reject(new OffThreadError(r.message))
    })
    // A worker that dies takes its pending work with it; the next run starts a new one.
    const lost = (e: Error) => {
      if (this.worker === w) this.worker = undefined
      this.failAll(e)
    }
    w.on('error', lost)
    w.on('exit', (code) => lost(new OffThreadError(`the worker thread exited (code ${code})`)))
    w.unref()
    this.worker = w
    return w
  }

  private failAll(e: Error): void {
    const all = [...this.pending.values()]
    this.pending.clear()
    for (const p of all) p.reject(e)
  }
}

/** The worker's side: answers each request with fn's result, or with its error's message. */
export function serveOffThread<In, Out>(fn: (input: In) => Out): void {
  if (!parentPort || workerData === null)
    throw new OffThreadError('serveOffThread runs only in a worker thread')
  const port = parentPort
  port.on('message', (m: Request<In>) => {
    let reply: Reply<Out>
    try {
      reply = { id: m.id, ok: true, output: fn(m.input) }
    } catch (e) {
      reply = { id: m.id, ok: false, message: e instanceof Error ? e.message : String(e) }
    }
    port.postMessage(reply)
  })
}
