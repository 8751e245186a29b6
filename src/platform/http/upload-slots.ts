// Uploads in flight in this process. Each one that reaches its transaction holds a database connection while its
// body arrives, so with no bound a furnisher's ten slow uploads took the whole pool: nine of them waiting on the
// first one's file lock, each on a connection of its own, and neither /health nor any other member got an answer
// (found by probing on PostgreSQL). So: at most one upload per key (a furnisher's files apply one at a time in
// any case), and at most `max` in all, which the server sets below its pool so that other requests keep
// connections. An upload refused is answered at once, before its body is read, and nothing of it is stored.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { errorBody } from './error-handler.ts'

/** What a refused upload is told to wait before it is sent again (RFC 9110 §10.2.3, Retry-After). */
export const UPLOAD_RETRY_AFTER_S = 10

export class UploadSlots {
  private inFlight = 0
  private readonly keys = new Set<string>()

  constructor(readonly max: number) {}

  /**
   * A slot for an upload of `key` (undefined when the key is known only once the file is read), or why there is
   * none: `busy`, another upload of the key is in flight; `full`, `max` uploads are. The function returned frees
   * the slot.
   */
  take(key: string | undefined): (() => void) | 'busy' | 'full' {
    if (key !== undefined && this.keys.has(key)) return 'busy'
    if (this.inFlight >= this.max) return 'full'
    this.inFlight += 1
    if (key !== undefined) this.keys.add(key)
    let held = true
    return () => {
      if (!held) return
      held = false
      this.inFlight -= 1
      if (key !== undefined) this.keys.delete(key)
    }
  }
}

/**
 * A slot for the upload, or undefined when it is refused and the refusal answered: 429 when another upload of the
 * key is in flight (`busy` says why), 503 when the server takes no more at once; both with Retry-After, and closing
 * the connection, whose body nobody will read.
 */
export function admitUpload(
  slots: UploadSlots,
  request: FastifyRequest,
  reply: FastifyReply,
  key: string | undefined,
  busy: string,
): (() => void) | undefined {
  const slot = slots.take(key)
  if (typeof slot === 'function') return slot
  void reply.header('retry-after', String(UPLOAD_RETRY_AFTER_S)).header('connection', 'close')
  if (slot === 'busy') void reply.code(429).send(errorBody(request, 'too_many_requests', busy))
  else
    void reply
      .code(503)
      .send(
        errorBody(
          request,
          'service_unavailable',
          `the server is receiving as many uploads as it takes at once (${slots.max}); send this one again later`,
        ),
      )
  return undefined
}
