// Streamed uploads (Metro 2 files run to gigabytes): the route reads the file as it arrives, never a
// buffer. @fastify/multipart only marks a file cut at the size limit as `truncated`, after the fact, so a
// route reading `.file` directly could store a silently shortened file; this stream fails instead.
import { Readable } from 'node:stream'
import type { MultipartFile } from '@fastify/multipart'
import type { FastifyRequest } from 'fastify'
import { AppError, isAppError } from '../errors.ts'

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

async function* checked(part: MultipartFile, request: FastifyRequest): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of part.file) yield chunk as Buffer
  } catch (err) {
    throw asClientError(err)
  }
  if (part.file.truncated) throw new request.server.multipartErrors.RequestFileTooLargeError()
}

/** The one file of a multipart request, streamed. */
export async function uploadedFile(request: FastifyRequest): Promise<Upload> {
  let part: MultipartFile | undefined
  try {
    part = await request.file()
  } catch (err) {
    throw asClientError(err)
  }
  if (part === undefined) throw new AppError('invalid_input', 'a multipart body with one file is required')
  return {
    fieldname: part.fieldname,
    filename: part.filename,
    mimetype: part.mimetype,
    stream: Readable.from(checked(part, request), { objectMode: false }),
  }
}
