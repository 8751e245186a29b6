// Consumer enrolment, accounts and sessions: request and answer schemas, the limits the module enforces, and
// the pure rules (login spelling, the lockout after wrong passwords). Why each limit has its value is said where
// it is defined.
import { z } from 'zod'

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS

export const LIMITS = {
  /**
   * NIST SP 800-63A (rev. 3) section 5.3.2 times a KBV session out after two minutes of inactivity per
   * question, so that an impostor has no time to research the answers: three questions, six minutes.
   */
  enrolmentTtlMs: 6 * MINUTE_MS,
  /** Starts per national ID (its keyed hash) in any sliding 24 hours; each start allows one submission. */
  enrolmentsPerDay: 3,
  enrolmentWindowMs: 24 * HOUR_MS,
  /**
   * Failed submissions per national ID, ever, after which online enrolment refuses it until an operator clears
   * them: NIST SP 800-63A (rev. 3) section 5.3.2, "no more than three attempts to complete the KBV". A window
   * alone let a guesser through the 125 answer combinations at three a day.
   */
  enrolmentFailures: 3,
  /** Consecutive wrong passwords before the account locks, and for how long (OWASP Authentication Cheat Sheet). */
  maxFailedLogins: 5,
  lockoutMs: 15 * MINUTE_MS,
  /** A session ends after 12 hours unused or 7 days after sign-in, whichever comes first. */
  sessionIdleMs: 12 * HOUR_MS,
  sessionAbsoluteMs: 7 * 24 * HOUR_MS,
  /** last_used_at is written at most once a minute per session: one write per request would be one per read. */
  sessionTouchMs: MINUTE_MS,
} as const

export const QUESTION_IDS = ['lender', 'yearOpened', 'balance'] as const
export type QuestionId = (typeof QUESTION_IDS)[number]

/** Four options and "none": NIST SP 800-63A 5.3.2 asks for at least four answers per multiple-choice question. */
export const CHOICE_IDS = ['a', 'b', 'c', 'd', 'none'] as const
export type ChoiceId = (typeof CHOICE_IDS)[number]

export const choiceIdSchema = z.enum(CHOICE_IDS)

export const questionSchema = z
  .object({
    id: z.enum(QUESTION_IDS),
    text: z.string(),
    choices: z.array(z.object({ id: choiceIdSchema, text: z.string() })).length(5),
  })
  .meta({ id: 'EnrolmentQuestion' })
export type Question = z.infer<typeof questionSchema>

export type Answers = Record<QuestionId, ChoiceId>

/** The right answers in one canonical spelling, the input of the stored MAC. */
export const answersText = (a: Answers): string => QUESTION_IDS.map((q) => a[q]).join('|')

// Names as furnished are at most 25 (surname) and 20 (first name) characters in Metro 2 (CRRG fields 43-44);
// longer input is allowed, it simply never matches.
const nameField = z.string().trim().min(1).max(100)

export const enrolmentStartSchema = z
  .strictObject({
    nationalId: z.strictObject({ type: z.string().min(1).max(20), value: z.string().min(1).max(40) }),
    surname: nameField,
    firstName: nameField,
    birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
  })
  .meta({ id: 'EnrolmentStart' })
export type EnrolmentStart = z.infer<typeof enrolmentStartSchema>

export const enrolmentSchema = z
  .object({ id: z.uuid(), expiresAt: z.iso.datetime(), questions: z.array(questionSchema).length(3) })
  .meta({
    id: 'Enrolment',
    description:
      'The same shape whether or not the person is on file; the right answers never leave the server.',
  })
export type Enrolment = z.infer<typeof enrolmentSchema>

// A username or an e-mail address: letters, digits and . _ @ + -, compared without case. A letter or digit may
// carry combining marks (\p{M}): Devanagari, Tamil or Thai vowel signs are marks, and so is the dot of "i̇",
// which lower-casing "İ" gives (Unicode SpecialCasing); UAX #31 (Default Identifiers) lets marks follow a start
// character, not begin a name. Spaces, control and format characters (bidi overrides, zero-width joiners) stay
// refused: they make two logins that look alike, or one that reads in another order.
const LOGIN_START = /^[\p{L}\p{N}]$/u
const LOGIN_CHAR = /^[\p{L}\p{M}\p{N}._@+-]$/u
const LOGIN_RULE = '3-128 letters, digits and . _ @ + -, starting with a letter or digit'

/**
 * The one spelling of a login: compatibility forms folded (NFKC), trimmed, lower case, and NFKC again, since
 * lower-casing can leave a string that is not normalised (UAX #15 does not promise closure under case mapping);
 * the second pass makes the function idempotent, so the route's parse and the service's agree.
 */
export const normaliseLogin = (s: string): string =>
  s.normalize('NFKC').trim().toLowerCase().normalize('NFKC')

/** A character shown in a message: itself when visible, its code point too, so that "\u202e" cannot hide. */
const shown = (c: string): string => {
  const code = `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c) ? `"${c}" (${code})` : code
}

/** Why a normalised login is refused, naming the first character refused; undefined when it is accepted. */
export function loginProblem(login: string): string | undefined {
  const chars = [...login]
  if (chars.length < 3 || chars.length > 128) return LOGIN_RULE
  for (const [i, c] of chars.entries()) {
    if (i === 0 && !LOGIN_START.test(c)) return `${shown(c)} cannot start a login: ${LOGIN_RULE}`
    if (!LOGIN_CHAR.test(c)) return `${shown(c)} is not allowed: ${LOGIN_RULE}`
    if (/^\p{M}$/u.test(c) && !/^[\p{L}\p{M}\p{N}]$/u.test(chars[i - 1]!))
      return `${shown(c)} is a mark and must follow a letter or digit: ${LOGIN_RULE}`
  }
  return undefined
}

// overwrite() rather than transform(): the checks after it see the normalised form, and the OpenAPI document can
// still say the field is a string (the output of a transform is unknown to it, and was shown as `{}`).
export const loginSchema = z
  .string()
  .overwrite(normaliseLogin)
  .check((ctx) => {
    const problem = loginProblem(ctx.value)
    if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value })
  })

export const PASSWORD_MIN = 12
export const PASSWORD_MAX = 256

// NIST SP 800-63B 5.1.1.2 asks verifiers to accept at least 64 characters and to normalise Unicode (NFKC);
// the least length is checked in policy (password-policy.ts) rather than here so that the answer names the rule
// that failed. The most is checked after normalising: the route and then the service parse the body, the second
// time in its normalised form, and a limit checked on the raw form let through the first parse a password that
// NFKC then lengthened past it ("\ufdfa" alone becomes 18 characters) and that failed the second.
export const passwordSchema = z
  .string()
  .overwrite((s) => s.normalize('NFKC'))
  .max(PASSWORD_MAX)

export const enrolmentAnswersSchema = z
  .strictObject({
    answers: z.strictObject({ lender: choiceIdSchema, yearOpened: choiceIdSchema, balance: choiceIdSchema }),
    login: loginSchema,
    password: passwordSchema,
  })
  .meta({ id: 'EnrolmentAnswers' })
export type EnrolmentAnswers = z.infer<typeof enrolmentAnswersSchema>

export const credentialsSchema = z
  .strictObject({ login: z.string().overwrite(normaliseLogin).max(256), password: passwordSchema })
  .meta({ id: 'ConsumerCredentials' })
export type Credentials = z.infer<typeof credentialsSchema>

/**
 * The login state after one more wrong password, at sign-in or at a password change alike: the count so far
 * (`failed`), and at the LIMITS.maxFailedLogins-th a lockout of LIMITS.lockoutMs from `now`, which starts the
 * count again.
 */
export function afterWrongPassword(
  failedLogins: number,
  now: Date,
): { failed: number; locks: boolean; state: { failedLogins: number; lockedUntil: Date | null } } {
  const failed = failedLogins + 1
  const locks = failed >= LIMITS.maxFailedLogins
  return {
    failed,
    locks,
    state: {
      failedLogins: locks ? 0 : failed,
      lockedUntil: locks ? new Date(now.getTime() + LIMITS.lockoutMs) : null,
    },
  }
}

export const passwordChangeSchema = z
  .strictObject({ currentPassword: passwordSchema, newPassword: passwordSchema })
  .meta({ id: 'PasswordChange' })
export type PasswordChange = z.infer<typeof passwordChangeSchema>

export const sessionsEndedSchema = z
  .object({
    sessionsEnded: z
      .number()
      .int()
      .describe('How many of the consumer’s other sessions ended; the one of this request stays'),
  })
  .meta({ id: 'SessionsEnded' })
export type SessionsEnded = z.infer<typeof sessionsEndedSchema>

export const sessionSchema = z
  .object({
    token: z.string(),
    tokenType: z.literal('Bearer'),
    /** The absolute end; the session ends earlier after `idleTimeoutSeconds` unused. */
    expiresAt: z.iso.datetime(),
    idleTimeoutSeconds: z.number().int(),
  })
  .meta({ id: 'ConsumerSession' })
export type Session = z.infer<typeof sessionSchema>

export const enrolledSchema = z
  .object({ consumerKey: z.uuid(), login: z.string(), session: sessionSchema })
  .meta({ id: 'Enrolled' })
export type Enrolled = z.infer<typeof enrolledSchema>

export const meSchema = z
  .object({ consumerKey: z.uuid(), login: z.string(), enrolledAt: z.iso.datetime() })
  .meta({ id: 'Me' })
export type Me = z.infer<typeof meSchema>

/**
 * Every run of the password that could spell a national ID, separators dropped: "my-ssn-123-45-6789!" holds
 * "123456789". Runs of 9 to 18 characters cover the numbers of every type (identity/national-id.ts); the
 * service parses each as the enrolment's ID type and compares its keyed hash with the enrolment's, because a
 * national ID is the one secret an impostor who starts an enrolment certainly holds.
 */
export function nationalIdWindows(password: string): string[] {
  const compact = password.toUpperCase().replace(/[^0-9X]/g, '')
  const out: string[] = []
  for (let length = 9; length <= 18; length++) {
    for (let i = 0; i + length <= compact.length; i++) out.push(compact.slice(i, i + length))
  }
  return out
}
