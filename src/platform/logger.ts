import { pino, type Logger } from 'pino'

export type { Logger }

/** Structured JSON logs on stderr, so that a command's stdout stays its result. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'openbureau' } }, pino.destination(2))
}
