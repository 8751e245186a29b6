// Option values of the command line, checked where commander reads them: a bad value is refused with the
// option's name and what it must be (commander prints it with the command's usage, exit 1), instead of a NaN
// that reaches a socket or a LIMIT clause and comes back as a stack trace.
import { InvalidArgumentError } from 'commander'

/** A parser for a whole number from `min` to `max`, for commander's `.option(flags, text, parser, default)`. */
export function wholeNumber(min: number, max: number = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value)
    const digits = /^\d+$/.test(value.trim())
    // A whole number too large is said to be so, not called something it is (found by probing).
    if (digits && n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`)
    if (!digits || n < min)
      throw new InvalidArgumentError(
        max === Number.MAX_SAFE_INTEGER
          ? `must be a whole number of at least ${min}`
          : `must be a whole number from ${min} to ${max}`,
      )
    return n
  }
}
