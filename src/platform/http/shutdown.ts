// Graceful shutdown: on SIGTERM or SIGINT stop accepting, let in-flight requests finish (Fastify close;
// idle keep-alive connections are dropped, busy ones after their response), then close what the server
// used (the database), then exit. A second signal exits at once.
import type { FastifyInstance } from 'fastify'

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

export async function listenWithShutdown(
  app: FastifyInstance,
  listen: ListenAddress,
  onClose: () => Promise<void>,
  settings: ShutdownSettings = {},
): Promise<RunningServer> {
  const signals = settings.signals ?? ['SIGTERM', 'SIGINT']
  const exit = settings.exit ?? ((code: number) => process.exit(code))
  const address = await app.listen({ host: listen.host, port: listen.port })

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
