// Graceful shutdown: on SIGTERM or SIGINT stop accepting, let in-flight requests finish (Fastify close;
// idle keep-alive connections are dropped, busy ones after their response), then close what the server
// used (the database), then exit. A second signal exits at once.
import type { FastifyInstance } from 'fastify'
import { AppError } from '../errors.ts'

export interface ListenAddress {
  host: string
  port: number
}

export interface ShutdownSettings {
  signals?: readonly NodeJS.Signals[]
  /** Default process.exit; replaceable so that the sequence itself can be tested. */
  exit?: (code: number) => void
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:8080` */
  readonly address: string
  /** Closes gracefully, as a signal does, without exiting; resolves to the intended exit code. */
  readonly close: () => Promise<number>
}

/** Why the server could not listen, for the operator: the address, the reason and what to do. */
function listenError({ host, port }: ListenAddress, err: unknown): unknown {
  const at = `cannot listen on ${host}:${port}`
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'EADDRINUSE')
    return new AppError(
      'conflict',
      `${at}: the port is in use (another server?); choose another with --port or PORT`,
    )
  if (code === 'EACCES')
    return new AppError('forbidden', `${at}: not allowed (a port below 1024 needs privileges)`)
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new AppError('invalid_input', `${at}: ${host} is not an address of this machine (--host or HOST)`)
  return err
}

export async function listenWithShutdown(
  app: FastifyInstance,
  listen: ListenAddress,
  onClose: () => Promise<void>,
  settings: ShutdownSettings = {},
): Promise<RunningServer> {
  const signals = settings.signals ?? ['SIGTERM', 'SIGINT']
  const exit = settings.exit ?? ((code: number) => process.exit(code))
  let address: string
  try {
    address = await app.listen({ host: listen.host, port: listen.port })
  } catch (err) {
    // Nothing was served: close what was opened for the server (the database), then say why in one line.
    await app.close().catch((e: unknown) => app.log.error({ err: e }, 'closing the HTTP server failed'))
    await onClose().catch((e: unknown) => app.log.error({ err: e }, 'closing resources failed'))
    throw listenError(listen, err)
  }

  let closing: Promise<number> | undefined
  const close = (): Promise<number> =>
    (closing ??= (async () => {
      let code = 0
      try {
        await app.close()
      } catch (err) {
        app.log.error({ err }, 'closing the HTTP server failed')
        code = 1
      }
      try {
        await onClose()
      } catch (err) {
        app.log.error({ err }, 'closing resources failed')
        code = 1
      }
      return code
    })())

  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing !== undefined) {
      app.log.warn({ signal }, 'second signal: exiting now')
      exit(1)
      return
    }
    app.log.info({ signal }, 'shutting down: finishing requests in flight')
    void close().then((code) => {
      for (const s of signals) process.off(s, onSignal)
      app.log.info({ code }, 'shut down')
      exit(code)
    })
  }
  for (const s of signals) process.on(s, onSignal)
  return { address, close }
}
