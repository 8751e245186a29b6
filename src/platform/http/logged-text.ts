// What an error line of the log says of a request. A refusal's message and details often repeat what the caller
// sent (a member id `no member "801-26-3579"`, an unknown query key, a body key): the answer to the caller keeps
// them, since the caller sent them, but the log line goes through the same masking as the request's URL
// (request-log.ts), or a national ID masked in the URL would stand in clear one line below it (found by probing).
// DESIGN.md principle 4: identifiers are never stored in clear, and a log is stored.
import { loggedText } from './request-log.ts'

/** Deeper than any details an error carries; what lies below is not logged. */
const MAX_DEPTH = 8

/** `value` (an error's details) with every string, key and long number in it masked as loggedText masks them. */
export function loggedValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return loggedText(value)
  if (typeof value === 'number' || typeof value === 'bigint') {
    const text = String(value)
    return loggedText(text) === text ? value : '[number]'
  }
  if (typeof value !== 'object' || value === null) return value
  if (depth >= MAX_DEPTH) return '[nested]'
  if (Array.isArray(value)) return value.map((item) => loggedValue(item, depth + 1))
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [loggedText(key), loggedValue(item, depth + 1)]),
  )
}
