// The rules a new password must meet (NIST SP 800-63B 5.1.1.2): no composition rules, but a length floor (8
// there; 12 here, as the password guards a whole credit file) and a refusal of values that are common, repetitive
// or sequential, or specific to the context (the login). The national ID, the other contextual value, is checked
// by the service, which alone can compare it with the keyed hash of the enrolment. A probe had the login
// "deborah" accepted with "password1234", "123456789012", "abababababab" and "deborah12345678".
import { COMMON_PASSWORDS } from './common-passwords.ts'
import { PASSWORD_MIN } from './consumers.model.ts'

/** The longest unit whose repetition is refused however it reads: "abab...", "x1!x1!...". */
const REPEAT_UNIT_MAX = 4

/**
 * Orders whose runs are sequences, read either way: the alphabet, the digits (with 0 after 9, as on the
 * keyboard), the same keys shifted on a US keyboard, and the letter rows of a QWERTY keyboard. A run counts from
 * three characters; a password that is at least half such runs is refused ("123456789012", "abcdefgh1234",
 * "poiuytrewq12").
 */
const ORDERS = [
  'abcdefghijklmnopqrstuvwxyz',
  '01234567890',
  '!@#$%^&*()',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
]
const MIN_RUN = 3

// The swaps of letters for look-alike digits and signs that common passwords wear: "p@ssw0rd".
const UNSWAP: Readonly<Record<string, string>> = {
  '@': 'a',
  '4': 'a',
  '3': 'e',
  '1': 'i',
  '!': 'i',
  '0': 'o',
  $: 's',
  '5': 's',
  '7': 't',
}

/** The shortest unit of at most `max` characters whose repetition spells all of `chars`, if any. */
function repeatedUnit(chars: readonly string[], max: number): string | undefined {
  for (let n = 1; n <= Math.min(max, chars.length / 2); n++) {
    if (chars.every((c, i) => c === chars[i % n])) return chars.slice(0, n).join('')
  }
  return undefined
}

/** The spellings of `lower` compared with the list of common passwords. */
function commonForms(lower: string): string[] {
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
  const unswapped = [...core].map((c) => UNSWAP[c] ?? c).join('')
  const forms = [lower, core, unswapped, unswapped.replace(/[^\p{L}]/gu, '')]
  // "passwordpassword" is "password" twice.
  const units = forms.map((f) => repeatedUnit([...f], Math.floor(f.length / 2)))
  return [...forms, ...units].filter((f): f is string => f !== undefined && f !== '')
}

/** Whether `b` follows `a` in one of ORDERS, in the direction `step`. */
const follows = (a: string, b: string, step: 1 | -1): boolean =>
  ORDERS.some((order) => [...order].some((c, i) => c === a && order[i + step] === b))

/** How many characters of `chars` lie in runs of MIN_RUN or more along one of ORDERS. */
function inSequences(chars: readonly string[]): number {
  let count = 0
  for (let i = 0; i < chars.length;) {
    let longest = 1
    for (const step of [1, -1] as const) {
      let n = 1
      while (i + n < chars.length && follows(chars[i + n - 1]!, chars[i + n]!, step)) n++
      longest = Math.max(longest, n)
    }
    if (longest >= MIN_RUN) count += longest
    i += longest >= MIN_RUN ? longest : 1
  }
  return count
}

/**
 * The login and, for an e-mail address, the part before the @ (also without its dots and dashes): the context
 * words a password must not hold. Words of four characters or more: a three-letter login ("ann") would otherwise
 * refuse every password that holds it ("planning").
 */
function contextWords(login: string): string[] {
  const local = login.includes('@') ? login.slice(0, login.lastIndexOf('@')) : login
  const compact = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '')
  return [...new Set([login, local, compact(local)])].filter((w) => [...w].length >= 4)
}

/** The refusal of a password that spells the national ID, which the services check (see above). */
export const HOLDS_NATIONAL_ID = 'the password must not contain the national ID'

/** What is wrong with a new password for `login` (normalised), naming the rule it breaks; undefined when none. */
export function passwordProblem(password: string, login: string): string | undefined {
  const chars = [...password]
  if (chars.length < PASSWORD_MIN) return `the password must have at least ${PASSWORD_MIN} characters`
  // Compared as the login is: the schema has already folded the password's compatibility forms (NFKC).
  const lower = password.toLowerCase()
  const lowerChars = [...lower]
  const bare = lower.replace(/[^\p{L}\p{N}]/gu, '')
  if (contextWords(login).some((w) => lower.includes(w) || bare.includes(w)))
    return 'the password must not contain the login'
  const unit = repeatedUnit(lowerChars, REPEAT_UNIT_MAX)
  if (unit !== undefined && [...unit].length === 1) return 'the password must not repeat a single character'
  if (unit !== undefined)
    return `the password must not repeat a short pattern (of ${REPEAT_UNIT_MAX} characters or fewer)`
  if (commonForms(lower).some((f) => COMMON_PASSWORDS.has(f)))
    return 'the password is too common: it is among the passwords most used, and guessed first'
  if (inSequences(lowerChars) * 2 >= lowerChars.length)
    return 'the password must not be mostly a sequence, such as 123456, abcdef or qwerty'
  return undefined
}
