// Identity: what ingestion hands in, what resolution answers, and the pure normalisation that makes the
// same person furnished twice look the same (DESIGN.md principle 4 for what is kept, and how).
import { createHmac } from 'node:crypto'
import { isRealDate, type NationalId } from './national-id.ts'

export const PII_KINDS = ['name', 'birth_date', 'address', 'phone'] as const
export type PiiKind = (typeof PII_KINDS)[number]

export interface PersonName {
  surname: string
  firstName: string
  middleName: string
  generation: string
}

export interface PostalAddress {
  line1: string
  line2: string
  city: string
  state: string
  postcode: string
  country: string
}

/** One consumer as one furnished record names them (Metro 2 Base Segment fields 43-57, J1/J2 alike). */
export interface IdentityInput {
  nationalId?: NationalId | undefined
  surname: string
  firstName: string
  middleName?: string | undefined
  generation?: string | undefined
  /** YYYY-MM-DD, or null when not furnished. */
  birthDate: string | null
  address?: PostalAddress | undefined
  phone?: string | undefined
  /** Only looked for: never created and nothing learned from it (a consumer an account drops, ECOA Z). */
  findOnly?: boolean | undefined
}

/**
 * How a record found its consumer. The `new_consumer_*` reasons say why an existing consumer was not taken:
 * the name + birth date + postcode key belongs to several consumers (the matcher does not guess), or its one
 * consumer already holds another national ID of the same type (one per person, so it is someone else).
 */
export type MatchReason =
  'id_token' | 'name_birth_postcode' | 'new_consumer' | 'new_consumer_ambiguous' | 'new_consumer_id_conflict'

export type UnresolvedReason =
  'insufficient_identity' | 'invalid_national_id' | 'invalid_birth_date' | 'not_on_file' | 'ambiguous'

export type Resolution =
  | { ok: true; consumerKey: string; reason: MatchReason; created: boolean }
  | { ok: false; reason: UnresolvedReason; message: string }

/** One PII value, or a value that could not be read (its data key was shredded, or it failed to decrypt). */
export type PiiEntry<T> =
  | { readable: true; value: T; firstSeen: string; lastSeen: string; source: string | null }
  | { readable: false; firstSeen: string; lastSeen: string; source: string | null }

export interface Identity {
  consumerKey: string
  /** True when the consumer's data key is gone: every entry below is then unreadable. */
  shredded: boolean
  names: PiiEntry<PersonName>[]
  birthDates: PiiEntry<string>[]
  addresses: PiiEntry<PostalAddress>[]
  phones: PiiEntry<string>[]
}

export interface DemographicQuery {
  surname: string
  firstName: string
  birthDate: string
  postcode: string
  country?: string | undefined
}

export type DemographicMatch =
  { match: 'unique'; consumerKey: string } | { match: 'ambiguous'; candidates: number } | { match: 'none' }

export type ShredResult =
  | {
      status: 'shredded' | 'already_shredded'
      consumerKey: string
      idTokensDeleted: number
      matchKeysDeleted: number
    }
  | { status: 'not_found'; consumerKey: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
/** A consumer key in its one spelling (lower case), or undefined when it is not a UUID at all. */
export const canonicalConsumerKey = (s: string): string | undefined =>
  UUID.test(s.toLowerCase()) ? s.toLowerCase() : undefined

// Normalisation of furnished text: compatibility forms folded (NFKC: full-width digits and letters become
// ASCII), upper case, punctuation and symbols become spaces, runs of spaces become one.
const PUNCTUATION = /[\p{P}\p{S}]+/gu
const SPACES = /\s+/g

// Metro 2 text is upper-case ASCII almost always (CRRG: alphanumeric fields are upper case): such a value is
// already normal and skips the Unicode work, which is most of a bulk load's normalisation time.
const PLAIN = /^[A-Z0-9]+(?: [A-Z0-9]+)*$/
const PLAIN_WITH_SPACES = /^[A-Z0-9 ]*$/

export function normaliseText(s: string): string {
  if (PLAIN.test(s)) return s
  return s.normalize('NFKC').toUpperCase().replace(PUNCTUATION, ' ').replace(SPACES, ' ').trim()
}

// Letters whose stroke or ligature Unicode does not decompose, so NFD leaves them whole: spelled as a furnisher
// limited to ASCII writes them (Metro 2 text is upper-case ASCII), else "Łukasz" and "LUKASZ" are two people.
// Upper case only: normaliseText has upper-cased the text, which already turns ß into SS and ı into I.
const STROKED: Readonly<Record<string, string>> = {
  Ł: 'L',
  Ŀ: 'L',
  Ø: 'O',
  Æ: 'AE',
  Œ: 'OE',
  Đ: 'D',
  Ð: 'D',
  Þ: 'TH',
  Ħ: 'H',
  Ŧ: 'T',
  ẞ: 'SS',
}
const STROKED_LETTERS = new RegExp(`[${Object.keys(STROKED).join('')}]`, 'gu')

/**
 * For the match key only: also without spaces and diacritics, so "O'Brien" = "OBRIEN", "Kovács" = "KOVACS" and
 * "Łukasz" = "LUKASZ".
 */
export function compactText(s: string): string {
  if (PLAIN_WITH_SPACES.test(s)) return s.replace(/ /g, '')
  return normaliseText(s)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(STROKED_LETTERS, (c) => STROKED[c] ?? c)
    .replace(/ /g, '')
}

/** Furnished text as it is shown back: trimmed, inner runs of spaces made one, case kept. */
const tidy = (s: string | undefined): string => (s ?? '').replace(SPACES, ' ').trim()

/** ISO 8601 calendar date (YYYY-MM-DD) that exists, or undefined. */
export function normaliseBirthDate(s: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim())
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined
  return `${m[1]}-${m[2]}-${m[3]}`
}

/** Digits only; '' when none or all zero (Metro 2 zero-fills an absent telephone number). */
export function normalisePhone(s: string): string {
  const digits = s.replace(/\D/g, '')
  return /^0*$/.test(digits) ? '' : digits
}

/**
 * The postcode as the match key uses it: letters and digits only, and a US ZIP+4 cut to its 5-digit ZIP so
 * that a furnisher reporting ZIP+4 and one reporting ZIP meet (Metro 2 field 53: blank country is the US).
 */
export function matchPostcode(postcode: string, country = ''): string {
  const p = normaliseText(postcode).replace(/ /g, '')
  if (/^0*$/.test(p)) return ''
  const c = normaliseText(country)
  return (c === '' || c === 'US' || c === 'USA') && /^\d{9}$/.test(p) ? p.slice(0, 5) : p
}

/**
 * HMAC-SHA-256(tokenKey, 'match:' + surname|first name|birth date|postcode), or undefined when a part is
 * missing. The 'match:' prefix keeps these apart from national-ID tokens under the same key.
 */
export function matchKey(tokenKey: Buffer, q: DemographicQuery): Buffer | undefined {
  const surname = compactText(q.surname)
  const firstName = compactText(q.firstName)
  const birthDate = normaliseBirthDate(q.birthDate)
  const postcode = matchPostcode(q.postcode, q.country)
  if (surname === '' || firstName === '' || birthDate === undefined || postcode === '') return undefined
  return createHmac('sha256', tokenKey)
    .update(`match:${surname}|${firstName}|${birthDate}|${postcode}`)
    .digest()
}

/**
 * The parts of a demographic query that normalise to nothing (the reasons matchKey has no key), each named as the
 * request names it, so that an emoji or a row of dashes is not answered as if the field were missing.
 */
export function demographicProblems(q: DemographicQuery): string[] {
  const problems: string[] = []
  if (compactText(q.surname) === '') problems.push('surname: has no letters or digits')
  if (compactText(q.firstName) === '') problems.push('firstName: has no letters or digits')
  if (normaliseBirthDate(q.birthDate) === undefined)
    problems.push('birthDate: expected a real date as YYYY-MM-DD')
  if (matchPostcode(q.postcode, q.country) === '') problems.push('postcode: has no letters or digits')
  return problems
}

/** A PII value ready to be hashed and encrypted: `normalised` is hashed, `plaintext` is what is kept. */
export interface PiiValue {
  kind: PiiKind
  normalised: string
  plaintext: string
}

// Names and addresses are kept as JSON arrays in a fixed field order: compact, and read back by position.
export function nameValue(
  i: Pick<IdentityInput, 'surname' | 'firstName' | 'middleName' | 'generation'>,
): PiiValue | undefined {
  const fields = [i.surname, i.firstName, i.middleName, i.generation].map(tidy)
  if (fields[0] === '' && fields[1] === '') return undefined
  return { kind: 'name', normalised: fields.map(normaliseText).join('|'), plaintext: JSON.stringify(fields) }
}

export function addressValue(a: PostalAddress | undefined): PiiValue | undefined {
  if (!a) return undefined
  const fields = [a.line1, a.line2, a.city, a.state, a.postcode, a.country].map(tidy)
  if (fields.every((f) => f === '')) return undefined
  return {
    kind: 'address',
    normalised: fields.map(normaliseText).join('|'),
    plaintext: JSON.stringify(fields),
  }
}

export function decodeName(plaintext: string): PersonName {
  const [surname = '', firstName = '', middleName = '', generation = ''] = JSON.parse(plaintext) as string[]
  return { surname, firstName, middleName, generation }
}

export function decodeAddress(plaintext: string): PostalAddress {
  const [line1 = '', line2 = '', city = '', state = '', postcode = '', country = ''] = JSON.parse(
    plaintext,
  ) as string[]
  return { line1, line2, city, state, postcode, country }
}
