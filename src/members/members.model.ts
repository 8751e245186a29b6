// Institutions registered with the bureau: who may furnish, who may ask for reports, who supervises.
import { z } from 'zod'
import { firstControlCharacter } from '../platform/control-characters.ts'

export const MEMBER_KINDS = [
  'bank',
  'fintech_lender',
  'payment_platform',
  'utility',
  'telco',
  'collector',
  'bureau',
  'regulator',
] as const
export const ROLES = ['furnisher', 'user', 'supervisor', 'operator'] as const

export type MemberKind = (typeof MEMBER_KINDS)[number]
export type Role = (typeof ROLES)[number]
export type MemberStatus = 'active' | 'suspended'

export const memberIdSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,39}$/,
    'a member id is 2-40 characters of a-z, 0-9 and -, starting with a letter or digit',
  )

// CRRG Base Segment field 5: the Identification Number is alphanumeric, at most 20 characters, and must
// never be blank, zero or nine filled.
export const metro2IdSchema = z
  .string()
  .min(1)
  .max(20)
  .regex(/^[A-Za-z0-9]+$/, 'a Metro 2 identification number has letters and digits only')
  .refine(
    (s) => !/^0+$/.test(s) && !/^9+$/.test(s),
    'a Metro 2 identification number is never zero or nine filled',
  )

// A name or label shows something only through a letter, digit, punctuation mark or symbol: spaces, format
// characters and combining marks alone show nothing, and a name of only these reads as a blank row (found by
// probing: U+200B, then U+034F, a lone U+0301). Unicode's default-ignorable code points render as nothing even
// where their category is a letter (the Hangul fillers U+115F, U+3164, U+FFA0), and the Braille blank U+2800 is a
// symbol drawn as a space. Any of them stays allowed within a name, where scripts need them (U+200C in Persian).
const SHOWN = /[\p{L}\p{N}\p{P}\p{S}]/u
const BLANK = /[\p{Default_Ignorable_Code_Point}\u2800]/u
const showsSomething = (text: string): boolean => [...text].some((c) => SHOWN.test(c) && !BLANK.test(c))

/** Text shown in the operator's tables and logs: one line, no control character that could forge a row. */
const displayText = (what: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((text) => firstControlCharacter(text) === undefined, {
      error: (issue) =>
        `${what} holds no control characters (such as NUL, a line break or a direction override): ${firstControlCharacter(String(issue.input))} found`,
    })
    // An empty text is refused once, by min(1).
    .refine((text) => text === '' || showsSomething(text), {
      error: `${what} needs a visible character, not only spaces or zero-width ones`,
    })

// DESIGN.md, roles table: the supervisor sees "the market, not the individuals", "never an individual's file",
// while a user reads individuals' reports and a furnisher their records and disputes. An operator is the bureau's
// own staff: every request of its key is the operator's (server.ts), never a member's, so a user or furnisher role
// beside it could never be used (a consent request answers "only a member requests consent"). Found by probing:
// both were registered.
const EXCLUSIVE_ROLES = [
  [
    'supervisor',
    "a supervisor sees the market, never an individual's file, which a user or furnisher reads (DESIGN.md, roles)",
  ],
  [
    'operator',
    "an operator's key always acts as the bureau's staff, never as a member, so that role could never be used; register the institution as a member of its own",
  ],
] as const satisfies readonly (readonly [Role, string])[]

/** Why these roles cannot be held together, one text per conflict; none when they can. */
export function roleConflicts(roles: readonly Role[]): string[] {
  const individual = ROLES.filter((r) => (r === 'user' || r === 'furnisher') && roles.includes(r))
  if (individual.length === 0) return []
  return EXCLUSIVE_ROLES.filter(([role]) => roles.includes(role)).map(
    ([role, why]) => `the ${role} role cannot be held with ${individual.join(' or ')}: ${why}`,
  )
}

/** An API key's label (`keys create --label`, `POST /v1/members/{id}/keys`). */
export const keyLabelSchema = displayText('a label')

export const newMemberSchema = z.strictObject({
  // `GET /v1/members/me` is the calling member: a member named `me` could never be read by its id (found by
  // probing).
  id: memberIdSchema.refine((id) => id !== 'me', {
    error: '"me" is reserved: /v1/members/me names the caller',
  }),
  name: displayText('a name'),
  kind: z.enum(MEMBER_KINDS),
  roles: z
    .array(z.enum(ROLES))
    .min(1)
    .refine((r) => roleConflicts(r).length === 0, {
      error: (issue) => roleConflicts(issue.input as Role[]).join('; '),
    })
    .transform((r) => [...new Set(r)]),
  // A number named twice is registered once, as a role named twice is granted once.
  metro2Ids: z
    .array(metro2IdSchema)
    .default([])
    .transform((ids) => [...new Set(ids)]),
})
export type NewMember = z.infer<typeof newMemberSchema>

/**
 * More Metro 2 identification numbers for a registered member (`members add-metro2-id`,
 * `POST /v1/members/{id}/metro2-ids`): a furnisher that bought a portfolio furnishes under its number too.
 */
export const newMetro2IdsSchema = z.strictObject({
  metro2Ids: z
    .array(metro2IdSchema)
    .min(1)
    .transform((ids) => [...new Set(ids)]),
})

export const memberSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(MEMBER_KINDS),
  roles: z.array(z.enum(ROLES)),
  status: z.enum(['active', 'suspended']),
  metro2Ids: z.array(z.string()),
  createdAt: z.string(),
})
export type Member = z.infer<typeof memberSchema>

/** A new API key: what it is for, as the operator labels it (`keys create --label`, `POST /v1/members/{id}/keys`). */
export const newKeySchema = z.strictObject({ label: keyLabelSchema.nullable() })

export const hasRole = (m: Pick<Member, 'roles'>, role: Role): boolean => m.roles.includes(role)

/** A key is shown once as `ob_<keyId>_<secret>`; the key id lets the server find the row without a scan. */
export const API_KEY_PATTERN = /^ob_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/

/** The key id of a presented key, or undefined when it is not shaped as a key: what a principal names its key by. */
export const apiKeyId = (presented: string): string | undefined => API_KEY_PATTERN.exec(presented)?.[1]

/**
 * What a key holder amounts to now: `active` while the key is unrevoked and its member active. Read by the lender
 * report with its other reads (members.store.ts, keyStandingRead), so that a holder taken from the key cache is
 * confirmed without a round trip of its own.
 */
export type KeyStanding = 'active' | 'suspended' | 'revoked'

export interface ApiKeyInfo {
  keyId: string
  memberId: string
  label: string | null
  createdAt: string
  revokedAt: string | null
}
