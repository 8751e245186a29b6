// Streamed uploads (Metro 2 files run to gigabytes): the route reads the file as it arrives, never a
// buffer. @fastify/multipart only marks a file cut at the size limit as `truncated`, after the fact, so a
// route reading `.file` directly could store a silently shortened file; this stream fails instead.
//
// A body that stops arriving fails too, after `uploadIdleMs` without a byte: Fastify's request and connection
// timeouts are off by default, and whoever reads the file holds its transaction meanwhile (on PGlite, the one
// connection; found by probing: a client that sent 2 MB and paused held every member's request for minutes).
import { Readable } from 'node:stream'
import type { Multipart, MultipartFile } from '@fastify/multipart'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError, isAppError } from '../errors.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The longest pause between two pieces of an upload's body (server.ts, UploadLimits.idleMs). */
    uploadIdleMs: number
  }
}

export interface Upload {
  readonly fieldname: string
  readonly filename: string
  readonly mimetype: string
  /** The file's bytes as they arrive; errors with 413 past the size limit, 400 on a malformed body. */
  readonly stream: Readable
}

/** Errors of Fastify and its plugins (FST_*) keep their status; busboy's own parse errors are the client's. */
function asClientError(err: unknown): unknown {
  if (isAppError(err) || (err instanceof Error && 'code' in err && String(err.code).startsWith('FST_')))
    return err
  return new AppError(
    'invalid_input',
    `malformed multipart body: ${err instanceof Error ? err.message : String(err)}`,
  )
}

const ONE_FILE = 'an upload carries exactly one file; this one carries more'

/**
 * What follows the file must be the end of the body: a second file is refused (ONE_FILE) before the file's
 * stream ends, so that whoever reads it, and would commit at its end, fails instead of storing half an upload.
 */
async function theEnd(parts: AsyncIterator<Multipart>): Promise<void> {
  for (;;) {
    let next: IteratorResult<Multipart>
    try {
      next = await parts.next()
    } catch (err) {
      // The plugin's limit of one file (server.ts) raises FST_FILES_LIMIT at the second file.
      if (err instanceof Error && 'code' in err && err.code === 'FST_FILES_LIMIT')
        throw new AppError('invalid_input', ONE_FILE)
      throw asClientError(err)
    }
    if (next.done) return
    if (next.value.type === 'file') throw new AppError('invalid_input', ONE_FILE)
  }
}

/**
 * `next`, or a request_timeout error once `ms` pass first. The answer then closes the connection: the rest of a
 * stalled body will not be read, and a connection holding part of one cannot carry another request.
 */
async function withinIdle<T>(next: Promise<T>, ms: number, reply: FastifyReply): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const idle = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reply.header('connection', 'close')
      reject(
        new AppError(
          'request_timeout',
          `no part of the upload arrived for ${ms / 1000} s; it was abandoned and nothing of it is stored`,
        ),
      )
    }, ms)
  })
  try {
    return await Promise.race([next, idle])
  } finally {
    clearTimeout(timer)
  }
}

async function* checked(
  part: MultipartFile,
  parts: AsyncIterator<Multipart>,
  request: FastifyRequest,
  reply: FastifyReply,
): AsyncGenerator<Buffer> {
  const chunks = part.file[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  try {
    for (;;) {
      const next = await withinIdle(chunks.next(), request.server.uploadIdleMs, reply)
      if (next.done === true) break
      yield next.value
    }
  } catch (err) {
    throw asClientError(err)
  }
  if (part.file.truncated) throw new request.server.multipartErrors.RequestFileTooLargeError()
  await withinIdle(theEnd(parts), request.server.uploadIdleMs, reply)
}

/** The one file of a multipart request, streamed; `reply` is the request's, to close the connection of a stall. */
export async function uploadedFile(request: FastifyRequest, reply: FastifyReply): Promise<Upload> {
  const parts = request.parts()
  const nextPart = () => withinIdle(parts.next(), request.server.uploadIdleMs, reply)
  let part: MultipartFile | undefined
  try {
    // Fields before the file carry nothing the bureau reads.
    for (let next = await nextPart(); !next.done; next = await nextPart())
      if (next.value.type === 'file') {
        part = next.value
        break
      }
  } catch (err) {
    throw asClientError(err)
  }
  if (part === undefined) throw new AppError('invalid_input', 'a multipart body with one file is required')
  // The name is kept with the batch and shown back: a control character (NUL cannot even be stored) or a name
  // longer than file systems allow (255) is a malformed upload, not a name.
  if (/[\u0000-\u001f\u007f]/.test(part.filename))
    throw new AppError('invalid_input', 'the uploaded file name holds a control character (such as NUL)')
  if (part.filename.length > 255)
    throw new AppError(
      'invalid_input',
      `the uploaded file name is ${part.filename.length} characters, more than 255`,
    )
  return {
    fieldname: part.fieldname,
    filename: part.filename,
    mimetype: part.mimetype,
    stream: Readable.from(checked(part, parts, request, reply), { objectMode: false }),
  }
}
