// The audit event (DESIGN.md principle 3): who did what to whose file, for which purpose, with what outcome.
// Schemas, types and the verification result; hashing is in audit.hash.ts, chain checking in audit.verifier.ts.
import { z } from 'zod'

export const ACTOR_KINDS = ['operator', 'member', 'consumer', 'system'] as const
export type ActorKind = (typeof ACTOR_KINDS)[number]

export const OUTCOMES = ['allowed', 'refused', 'done'] as const
export type Outcome = (typeof OUTCOMES)[number]

/** The prev_hash of the first event. */
export const GENESIS_HASH = '0'.repeat(64)

/** `module.verb`, e.g. report.read, batch.applied, consent.approved, key.created (same rule as the SQL check). */
export const ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/

// PostgreSQL text and jsonb cannot hold U+0000, and a lone surrogate does not survive UTF-8; either would make
// the stored event differ from the one that was hashed.
export const storable = (s: string) => !s.includes('\u0000') && !/\p{Cs}/u.test(s)
const text = (max: number) =>
  z.string().min(1).max(max).refine(storable, 'must not contain NUL or unpaired surrogate characters')

// Key names that would carry clear personal data, including the Metro 2 (CRRG Base Segment fields 22-37 and
// J1/J2) names of this codebase, compared case- and separator-insensitively. Principle 4: the log holds
// consumer keys and ID tokens, never a national ID, name, birth date, address, phone or e-mail in clear.
const PII_KEYS = new Set(
  [
    'name',
    'firstName',
    'lastName',
    'surname',
    'middleName',
    'givenName',
    'familyName',
    'fullName',
    'consumerName',
    'generationCode',
    'ssn',
    'socialSecurityNumber',
    'nationalId',
    'nationalIdNumber',
    'taxId',
    'passport',
    'passportNumber',
    'birthDate',
    'dateBirth',
    'dateOfBirth',
    'dob',
    'address',
    'firstLineAddress',
    'secondLineAddress',
    'street',
    'postcode',
    'zipCode',
    'phone',
    'phoneNumber',
    'telephoneNumber',
    'email',
  ].map((k) => k.toLowerCase()),
)
export const isPiiKey = (key: string) => PII_KEYS.has(key.toLowerCase().replace(/[^a-z]/g, ''))

/** A details key: an identifier of at most 64 characters. */
export const DETAIL_KEY = /^[a-zA-Z][a-zA-Z0-9_]{0,63}$/
export const MAX_DETAILS = 50
export const MAX_DETAIL_LIST = 100

const scalar = z.union([text(1000), z.literal(''), z.number().finite(), z.boolean(), z.null()])
export const AuditDetailValueSchema = z.union([scalar, z.array(scalar).max(MAX_DETAIL_LIST)])
export type AuditDetailValue = z.infer<typeof AuditDetailValueSchema>

/**
 * Machine-readable facts about the event: ids, counts, codes, tokens and consumer keys. Callers must pass
 * tokens or keys only, never a clear national ID, name, birth date, address or phone; the keys that would
 * obviously carry them are refused, but the contract is on the caller.
 */
export const AuditDetailsSchema = z
  .record(
    z.string().regex(DETAIL_KEY, 'must be an identifier of at most 64 characters'),
    AuditDetailValueSchema,
  )
  .superRefine((details, ctx) => {
    const keys = Object.keys(details)
    if (keys.length > MAX_DETAILS) ctx.addIssue({ code: 'custom', message: `at most ${MAX_DETAILS} details` })
    for (const key of keys) {
      if (isPiiKey(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'personal data must not enter the audit log: pass a token or key',
        })
      }
    }
  })
export type AuditDetails = z.infer<typeof AuditDetailsSchema>

export const AuditEventSchema = z
  .strictObject({
    actor: z.strictObject({ kind: z.enum(ACTOR_KINDS), id: text(200) }),
    action: z.string().max(100).regex(ACTION_PATTERN, 'must look like module.verb'),
    /** The consumer whose file the event concerns; their own view of the log lists events through it. */
    consumerKey: z
      .uuid()
      .transform((s) => s.toLowerCase())
      .nullable()
      .optional(),
    /** What was acted on: a batch id, consent id, dispute id, key id. */
    target: text(200).nullable().optional(),
    purpose: text(100).nullable().optional(),
    outcome: z.enum(OUTCOMES),
    /** The true reason of a refusal; stays in the log, the refused caller never sees it (principle 2). */
    reason: text(1000).nullable().optional(),
    details: AuditDetailsSchema.optional(),
  })
  .superRefine((e, ctx) => {
    if (e.outcome === 'refused' && (e.reason === undefined || e.reason === null)) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a refusal must record its reason' })
    }
  })

/** What a caller appends. */
export type AuditEvent = z.input<typeof AuditEventSchema>

/** A stored event, every field of it hashed (see audit.hash.ts). `occurredAt` is UTC with microseconds. */
export interface AuditRecord {
  readonly seq: number
  readonly occurredAt: string
  readonly actor: { readonly kind: ActorKind; readonly id: string }
  readonly action: string
  readonly consumerKey: string | null
  readonly target: string | null
  readonly purpose: string | null
  readonly outcome: Outcome
  readonly reason: string | null
  readonly details: AuditDetails
  readonly prevHash: string
  /** 32 hex digits of random, hashed with the event (audit.hash.ts); null on events chained before salts. */
  readonly salt: string | null
  readonly hash: string
  /**
   * HMAC of `hash` under the bureau's audit key (chain-mac.ts), not itself hashed; null on events chained before
   * the log's `audit.keyed` event or by a service without the key.
   */
  readonly mac: string | null
}

export interface ChainHead {
  readonly seq: number
  readonly hash: string
}

/** A head as text, `<seq>:<hash>`, as verify gives it: the form an anchor is given in (CLI and HTTP). */
export const ANCHOR_TEXT = /^(\d{1,16}):([0-9a-fA-F]{64})$/

/**
 * The head that `text` names (ANCHOR_TEXT), or undefined when it is not in that form. Hex digits in either case,
 * as a copy through another tool may give them; the hash is compared in lower case, as it is stored.
 */
export function parseAnchorText(text: string): ChainHead | undefined {
  const m = ANCHOR_TEXT.exec(text)
  const seq = Number(m?.[1])
  return m && Number.isSafeInteger(seq) ? { seq, hash: m[2]!.toLowerCase() } : undefined
}

/**
 * Whether the seq of an anchor in ANCHOR_TEXT's form is past the last whole number a seq can be: it would be
 * rounded on reading (9007199254740993 read as ...992) and name another event (found by probing).
 */
export const anchorSeqTooLarge = (text: string): boolean =>
  ANCHOR_TEXT.test(text) && parseAnchorText(text) === undefined

/** Why an anchor is too large, as the verify route and command say it. */
export const ANCHOR_SEQ_TOO_LARGE = `its seq is past the largest an event can have (${Number.MAX_SAFE_INTEGER})`

// forged: the event has no valid MAC (chain-mac.ts) where the log is keyed: it was not appended by the bureau's
// servers, whatever its hash.
export type AuditProblemKind = 'edited' | 'deleted' | 'reordered' | 'broken_link' | 'forged'

export interface AuditProblem {
  readonly seq: number
  readonly kind: AuditProblemKind
  readonly message: string
}

export interface VerifyOptions {
  /** First seq to check (default 1). */
  readonly from?: number | undefined
  /** Last seq to check (default: the chain head, or the last stored event if there are more). */
  readonly to?: number | undefined
  /**
   * A head recorded earlier outside the database (by the supervisor, say). A database owner who rewrites
   * the whole chain and the head row can fool every check but this one.
   */
  readonly anchor?: ChainHead | undefined
  /** Seq numbers read per query (default 1000); memory stays flat whatever the length of the log. */
  readonly pageSize?: number | undefined
  /** Stop listing problems after this many (default 1000); `truncated` then says so. */
  readonly maxProblems?: number | undefined
}

/**
 * Sets of events of committed work that wait in audit_pending, outside the chain, until an API server chains them
 * (one at most PENDING_GRACE_MS old and swept every 30 s; none while no server runs): a verify says so, since
 * their work (an inquiry, a report) is already in the database (found by probing: "intact" said nothing of them).
 */
export interface PendingSummary {
  readonly sets: number
  /** When the oldest of them was written (ISO 8601), null when none waits. */
  readonly oldest: string | null
}

/** What a verify found in the chain; ChainVerifier's answer. */
export type ChainResult =
  | {
      readonly ok: true
      readonly events: number
      readonly head: ChainHead
      /**
       * Set when this verify had no audit key: the MACs of the events from this seq on (the log's `audit.keyed`
       * event) were not checked, so an event appended by someone with database access only would not show.
       */
      readonly unauthenticatedFrom?: number
      /**
       * Set when this verify had the audit key and passed events that carry no MAC, none being required of them:
       * appended before the log was keyed (its `audit.keyed` event, `keyedFrom`; null when the log has none, as
       * after a rewrite that removed it and every MAC), so not authenticated.
       */
      readonly unkeyed?: {
        readonly from: number
        readonly to: number
        readonly events: number
        readonly keyedFrom: number | null
      }
    }
  | {
      readonly ok: false
      readonly events: number
      readonly problems: AuditProblem[]
      readonly truncated: boolean
    }

/** A verify's answer: the chain's, and the sets of events still waiting to join it. */
export type VerifyResult = ChainResult & { readonly pending: PendingSummary }
