// Streamed uploads (Metro 2 files run to gigabytes): the route reads the file as it arrives, never a
// buffer. @fastify/multipart only marks a file cut at the size limit as `truncated`, after the fact, so a
// route reading `.file` directly could store a silently shortened file; this stream fails instead.
//
// A body that stops arriving fails too, after `uploadIdleMs` without a byte, and so does one that trickles in
// below a minimum rate (upload-pace.ts): Fastify's request and connection timeouts are off by default, and whoever
// reads the file holds its transaction meanwhile (on PGlite, the one connection; found by probing: a client that
// sent 2 MB and paused held every member's request for minutes).
//
// The body is one part, a file named `file`, as the OpenAPI document says (openapi.ts): any other part is refused
// by name, as a JSON body's unknown field is (DESIGN.md principle 1), not skipped (found by probing).
import { Readable } from 'node:stream'
import type { Multipart, MultipartFile } from '@fastify/multipart'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError, isAppError } from '../errors.ts'
import { HttpClientError, type FieldProblem } from './error-handler.ts'
import { firstControlCharacter } from '../control-characters.ts'
import { DEFAULT_MINIMUM_RATE, UploadPace, type MinimumRate } from './upload-pace.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The longest pause between two pieces of an upload's body (server.ts, UploadLimits.idleMs). */
    uploadIdleMs: number
    /** The largest file an upload may carry, in bytes (server.ts, UploadLimits.fileSize). */
    uploadMaxBytes: number
  }
}

export interface Upload {
  readonly fieldname: string
  readonly filename: string
  readonly mimetype: string
  /** The file's bytes as they arrive; errors with 413 past the size limit, 400 on a malformed body. */
  readonly stream: Readable
}

export interface UploadOptions {
  /** Added to the 413 of a file over the limit: where a larger one may go instead. */
  whenTooLarge?: string
  /** The rate below which an upload is abandoned with 408; what is not given, DEFAULT_MINIMUM_RATE's (upload-pace.ts). */
  minimumRate?: Partial<MinimumRate>
}

/** The part of the body an upload's file is sent in (openapi.ts documents it). */
export const FILE_PART = 'file'

/** A size in the largest binary unit that divides it: 2 GiB, 512 MiB, 1000 bytes. */
export function byteSize(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const)
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`
  return `${bytes} bytes`
}

function tooLarge(request: FastifyRequest, options: UploadOptions): HttpClientError {
  const hint = options.whenTooLarge === undefined ? '' : `; ${options.whenTooLarge}`
  return new HttpClientError(413, `the file exceeds ${byteSize(request.server.uploadMaxBytes)}${hint}`)
}

const shownName = (name: string) => JSON.stringify(name.length <= 80 ? name : `${name.slice(0, 80)}…`)

/** A part other than the one file, named as a JSON body's unknown field is. */
function otherPart(part: Multipart): AppError {
  const problem: FieldProblem = { path: `body.${part.fieldname}`, message: 'unknown field' }
  if (isFile(part))
    return new AppError(
      'invalid_input',
      `an upload is one file part named "${FILE_PART}"; this one sends its file as ${shownName(part.fieldname)}`,
      [problem],
    )
  if (part.fieldname === FILE_PART)
    return new AppError('invalid_input', `the part "${FILE_PART}" must be a file (with a filename)`, [
      { path: `body.${FILE_PART}`, message: 'not a file' },
    ])
  // Said alike whether a file part came before it or not (found by probing: "also" with no file at all).
  return new AppError(
    'invalid_input',
    `an upload is one file part named "${FILE_PART}" and nothing else; this one has the field ${shownName(part.fieldname)}`,
    [problem],
  )
}

/**
 * A part with a file name. Busboy also takes a part of type application/octet-stream without one for a file,
 * with no name (found by probing: a 500 where the name was read); such a part is a field here.
 */
function isFile(part: Multipart): part is MultipartFile {
  return part.type === 'file' && typeof part.filename === 'string'
}

/** Errors of Fastify and its plugins (FST_*) keep their status; busboy's own parse errors are the client's. */
function asClientError(err: unknown, request: FastifyRequest, options: UploadOptions): unknown {
  if (err instanceof Error && 'code' in err && err.code === 'FST_REQ_FILE_TOO_LARGE')
    return tooLarge(request, options)
  if (
    isAppError(err) ||
    err instanceof HttpClientError ||
    (err instanceof Error && 'code' in err && String(err.code).startsWith('FST_'))
  )
    return err
  return new AppError(
    'invalid_input',
    `malformed multipart body: ${err instanceof Error ? err.message : String(err)}`,
  )
}

const ONE_FILE = 'an upload carries exactly one file; this one carries more'

/**
 * What follows the file must be the end of the body: a second file (ONE_FILE) or a field is refused before the
 * file's stream ends, so that whoever reads it, and would commit at its end, fails instead of storing an upload
 * with a part nothing read.
 */
async function theEnd(
  parts: AsyncIterator<Multipart>,
  request: FastifyRequest,
  options: UploadOptions,
): Promise<void> {
  for (;;) {
    let next: IteratorResult<Multipart>
    try {
      next = await parts.next()
    } catch (err) {
      // The plugin's limit of one file (server.ts) raises FST_FILES_LIMIT at the second file.
      if (err instanceof Error && 'code' in err && err.code === 'FST_FILES_LIMIT')
        throw new AppError('invalid_input', ONE_FILE)
      throw asClientError(err, request, options)
    }
    if (next.done) return
    if (next.value.type === 'file' && next.value.fieldname === FILE_PART)
      throw new AppError('invalid_input', ONE_FILE)
    throw otherPart(next.value)
  }
}

/** What an upload may keep the server waiting: the idle limit per piece, and the minimum rate (upload-pace.ts). */
interface Patience {
  readonly idleMs: number
  readonly pace: UploadPace
}

function abandoned(reason: string): AppError {
  return new AppError('request_timeout', `${reason}; it was abandoned and nothing of it is stored`)
}

/**
 * `next`, or a request_timeout error once the idle limit, or the time left before the average rate falls below the
 * minimum, passes first. The answer then closes the connection: the rest of a stalled body will not be read, and a
 * connection holding part of one cannot carry another request.
 */
async function within<T>(
  next: Promise<T>,
  patience: Patience,
  reply: FastifyReply,
  bytesOf: (value: T) => number,
): Promise<T> {
  const { idleMs, pace } = patience
  const ms = Math.min(idleMs, pace.allowanceMs())
  const started = Date.now()
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reply.header('connection', 'close')
      // A timer may fire a millisecond early: the wait counted is the one allowed, at least.
      pace.waited(Math.max(ms, Date.now() - started), 0)
      if (ms === idleMs) return reject(abandoned(`no part of the upload arrived for ${ms / 1000} s`))
      const { bytesPerSecond, graceMs } = pace.minimum
      reject(
        abandoned(
          `the upload arrived at ${byteSize(pace.averageBytesPerSecond())}/s on average, below the minimum of ` +
            `${byteSize(bytesPerSecond)}/s after the first ${graceMs / 1000} s`,
        ),
      )
    }, ms)
  })
  try {
    const value = await Promise.race([next, timeout])
    pace.waited(Date.now() - started, bytesOf(value))
    return value
  } finally {
    clearTimeout(timer)
  }
}

const noBytes = () => 0

async function* checked(
  part: MultipartFile,
  parts: AsyncIterator<Multipart>,
  request: FastifyRequest,
  reply: FastifyReply,
  options: UploadOptions,
  patience: Patience,
): AsyncGenerator<Buffer> {
  const chunks = part.file[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  try {
    for (;;) {
      const next = await within(chunks.next(), patience, reply, (n) => (n.done === true ? 0 : n.value.length))
      if (next.done === true) break
      yield next.value
    }
  } catch (err) {
    throw asClientError(err, request, options)
  }
  if (part.file.truncated) throw tooLarge(request, options)
  await within(theEnd(parts, request, options), patience, reply, noBytes)
}

/** The one file of a multipart request, streamed; `reply` is the request's, to close the connection of a stall. */
export async function uploadedFile(
  request: FastifyRequest,
  reply: FastifyReply,
  options: UploadOptions = {},
): Promise<Upload> {
  const parts = request.parts()
  const patience: Patience = {
    idleMs: request.server.uploadIdleMs,
    pace: new UploadPace({ ...DEFAULT_MINIMUM_RATE, ...options.minimumRate }),
  }
  let first: IteratorResult<Multipart>
  try {
    first = await within(parts.next(), patience, reply, noBytes)
  } catch (err) {
    throw asClientError(err, request, options)
  }
  // busboy skips a part whose Content-Disposition it cannot read (found by probing: a percent-encoded control
  // character in `filename*`, RFC 5987), so a body of only such a part looks empty: say what may be wrong.
  if (first.done === true)
    throw new AppError(
      'invalid_input',
      `a multipart body with one file part, "${FILE_PART}", is required; no part could be read (a part needs a ` +
        'Content-Disposition of form-data with a name, and a file name without control characters, percent-encoded ones included)',
    )
  const part = first.value
  if (!isFile(part) || part.fieldname !== FILE_PART) throw otherPart(part)
  // The name is kept with the batch and shown back: a control character (NUL cannot even be stored) or a name
  // longer than file systems allow (255) is a malformed upload, not a name.
  const control = firstControlCharacter(part.filename)
  if (control !== undefined)
    throw new AppError(
      'invalid_input',
      `the uploaded file name holds a control character (such as NUL or a direction override): ${control}`,
    )
  if (part.filename.length > 255)
    throw new AppError(
      'invalid_input',
      `the uploaded file name is ${part.filename.length} characters, more than 255`,
    )
  return {
    fieldname: part.fieldname,
    filename: part.filename,
    mimetype: part.mimetype,
    stream: Readable.from(checked(part, parts, request, reply, options, patience), { objectMode: false }),
  }
}
