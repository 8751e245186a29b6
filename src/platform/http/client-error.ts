// Requests that Node's HTTP parser refuses before Fastify sees them (headers over the size limit, a malformed
// request line, a client too slow to send its headers) are answered in the API's one error shape, with a request
// id, as every other error is; Fastify's default answers them in a shape of its own.
import { randomUUID } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { ErrorBody, HttpErrorCode } from './error-handler.ts'
import { REQUEST_ID_HEADER } from './request-id.ts'

function answerTo(err: NodeJS.ErrnoException): { status: number; code: HttpErrorCode; message: string } {
  if (err.code === 'HPE_HEADER_OVERFLOW')
    return {
      status: 431,
      code: 'invalid_input',
      message: 'the request headers are larger than the server takes',
    }
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, code: 'request_timeout', message: 'the request was not received in time' }
  return {
    status: 400,
    code: 'invalid_input',
    message: `malformed HTTP request (${err.code ?? 'unparsable'})`,
  }
}

/**
 * Fastify's clientErrorHandler (called with the instance as `this`): the response written straight to the socket,
 * which then closes, and logged with its request id, as every answered request is.
 */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has nobody left to answer (Node docs, http.Server event 'clientError').
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const { status, code, message } = answerTo(err)
  answerOnSocket(this, socket, { status, code, message, logged: { parserCode: err.code } })
}

/** Writes an error answer straight to the socket, then closes it. */
function answerOnSocket(
  app: FastifyInstance,
  socket: Socket,
  a: { status: number; code: HttpErrorCode; message: string; logged: object },
): void {
  const requestId = randomUUID()
  app.log.info({ requestId, code: a.code, status: a.status, ...a.logged }, a.message)
  const body = JSON.stringify({ error: { code: a.code, message: a.message }, requestId } satisfies ErrorBody)
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${a.status} ${STATUS_CODES[a.status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n${REQUEST_ID_HEADER}: ${requestId}\r\nconnection: close\r\n\r\n${body}`,
    )
  }
  socket.destroy()
}

/**
 * CONNECT asks the server to be a tunnel, which it is not: Node hands such a request to the server's 'connect'
 * listeners and, with none, drops the connection without a word (found by probing). Answered 405 in the API's
 * shape (RFC 9110 §9.3.6).
 */
export function refuseConnect(app: FastifyInstance): void {
  app.server.on('connect', (_request: unknown, socket: Socket) => {
    answerOnSocket(app, socket, {
      status: 405,
      code: 'method_not_allowed',
      message: 'CONNECT is not served: this server is no proxy',
      logged: { method: 'CONNECT' },
    })
  })
}
