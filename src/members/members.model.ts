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

// Format characters (zero-width spaces and joiners, marks, the byte-order mark) and spaces show nothing: a name of
// only these reads as a blank row (found by probing: U+200B passed the check for a name). Joiners stay allowed
// within a name, where scripts need them (U+200C in Persian).
const INVISIBLE = /[\p{Cf}\p{Z}\s]/gu

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
    .refine((text) => text === '' || text.replace(INVISIBLE, '') !== '', {
      error: `${what} needs a visible character, not only spaces or zero-width ones`,
    })

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
    .transform((r) => [...new Set(r)]),
  // A number named twice is registered once, as a role named twice is granted once.
  metro2Ids: z
    .array(metro2IdSchema)
    .default([])
    .transform((ids) => [...new Set(ids)]),
})
export type NewMember = z.infer<typeof newMemberSchema>

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
