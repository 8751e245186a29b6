// National identification numbers: per-type normalisation and validation, then a keyed token (DESIGN.md
// principle 4: a national ID is never stored in clear, only HMAC-SHA-256 under a key that is not in the
// database). Pure functions over node:crypto.
import { createHmac } from 'node:crypto'

export const NATIONAL_ID_TYPES = ['us-ssn', 'cn-rid', 'hu-tax'] as const
export type NationalIdType = (typeof NATIONAL_ID_TYPES)[number]

/** Why a number was refused; `message` says it in words. */
export type NationalIdProblem =
  | 'type'
  | 'format'
  | 'checkDigit'
  | 'area'
  | 'group'
  | 'serial'
  | 'reserved'
  | 'placeholder'
  | 'region'
  | 'birthDate'

export type ParsedNationalId =
  | { ok: true; type: NationalIdType; normalised: string }
  | { ok: false; reason: NationalIdProblem; message: string }

export interface NationalId {
  readonly type: NationalIdType
  readonly normalised: string
}

export const isNationalIdType = (s: string): s is NationalIdType =>
  (NATIONAL_ID_TYPES as readonly string[]).includes(s)

const refuse = (reason: NationalIdProblem, message: string): ParsedNationalId => ({
  ok: false,
  reason,
  message,
})

/**
 * Validates `raw` as a number of `type` and returns its one canonical spelling. Compatibility forms are folded
 * first (Unicode NFKC): full-width digits and hyphens, as a Chinese or Japanese input method types them, are the
 * same number. An embedded birth date must not lie after `today` (YYYY-MM-DD). A refusal's message never
 * repeats digits of the number: it is logged and stored with the issues of a furnished record.
 */
export function parseNationalId(
  type: string,
  raw: string,
  today: string = new Date().toISOString().slice(0, 10),
): ParsedNationalId {
  if (!isNationalIdType(type))
    return refuse('type', `unknown national ID type "${type}" (${NATIONAL_ID_TYPES.join(', ')})`)
  const text = raw.normalize('NFKC')
  switch (type) {
    case 'us-ssn':
      return parseUsSsn(text)
    case 'cn-rid':
      return parseCnRid(text, today)
    case 'hu-tax':
      return parseHuTax(text, today)
  }
}

/** The keyed token that stands for the number in the database: HMAC-SHA-256(key, `type:normalised`). */
export function nationalIdToken(key: Buffer, type: NationalIdType, normalised: string): Buffer {
  return createHmac('sha256', key).update(`${type}:${normalised}`).digest()
}

// US Social Security Number, SSA POMS RM 10201.035: area 000, 666 and 900-999 are never issued as SSNs, nor group
// 00 or serial 0000. Area 9xx holds the IRS's Individual Taxpayer Identification Numbers (ITIN) instead, which
// furnishers report in the same SSN field (CRRG Base field 34, J1/J2 field 6) for consumers without an SSN: 9,
// two digits, then a group of 50-65, 70-88, 90-92 or 94-99 (the IRS's ITIN structure). An ITIN is never an
// SSN, so the two never collide and both are kept as us-ssn; refused, an ITIN would leave its holder matched on
// demographics alone, a new file at every move (FCRA section 607(b)), and unable to enrol. Any other 9xx number
// is refused.
const SSN_PATTERN = /^(\d{3})[- ]?(\d{2})[- ]?(\d{4})$/
const isItinGroup = (group: number): boolean =>
  (group >= 50 && group <= 65) || (group >= 70 && group <= 88) || (group >= 90 && group <= 92) || group >= 94
// 987-65-4320 to 987-65-4329 are reserved for advertising (SSA POMS RM 10201.035), inside ITIN group 65.
const SSN_ADVERTISING_RANGE = /^98765432\d$/
// Numbers made public in advertising and used by thousands of people who were not their holders: the
// Woolworth wallet insert (078-05-1120), an SSA pamphlet (219-09-9999) and a LifeLock campaign (457-55-5462).
const SSN_ADVERTISED = new Set(['078051120', '219099999', '457555462'])
// Placeholders, not numbers: nine equal digits and the digits in order (either way) are what a form's example or
// a clerk types when the SSN is unknown, as the CRRG has furnishers report an unknown SSN zero- or 9-filled. Kept
// as a token, one would merge every consumer furnished with it into one file (FCRA section 607(b)). 999999999
// and 987654321 have the shape of an ITIN and are refused here too.
const SSN_PLACEHOLDER = /^(\d)\1{8}$|^123456789$|^987654321$/

function parseUsSsn(raw: string): ParsedNationalId {
  const m = SSN_PATTERN.exec(raw.trim())
  if (!m) return refuse('format', 'a US SSN is 9 digits, optionally written AAA-GG-SSSS')
  const [, area = '', group = '', serial = ''] = m
  const itin = area >= '900' && isItinGroup(Number(group))
  if (area === '000' || area === '666' || (area >= '900' && !itin))
    return refuse('area', 'the SSN area (its first three digits) is never issued: 000, 666 and 900-999')
  if (group === '00') return refuse('group', 'SSN group 00 is never issued')
  if (serial === '0000') return refuse('serial', 'SSN serial 0000 is never issued')
  const normalised = area + group + serial
  if (SSN_PLACEHOLDER.test(normalised))
    return refuse(
      'placeholder',
      'this SSN is a placeholder (repeated or sequential digits) and identifies no one',
    )
  if (SSN_ADVERTISED.has(normalised) || SSN_ADVERTISING_RANGE.test(normalised))
    return refuse('reserved', 'this SSN was published in advertising and identifies no one')
  return { ok: true, type: 'us-ssn', normalised }
}

// Chinese resident identity number, GB 11643-1999: 6-digit address (region) code per GB/T 2260, 8-digit
// birth date YYYYMMDD, 3-digit sequence, then a check character by ISO 7064 MOD 11-2 ('X' stands for 10).
const CN_RID_PATTERN = /^\d{17}[\dX]$/
// First two digits of the region code: the provinces of GB/T 2260, plus 71 (Taiwan), 81 and 82 (Hong Kong,
// Macau) and 83 (residence permits for Taiwan residents, whose holders from Hong Kong and Macau use 81/82).
const CN_PROVINCES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(
    ' ',
  ),
)

/** ISO 7064 MOD 11-2 check character of the first 17 digits: weight of position i (0-based) is 2^(17-i) mod 11. */
export function cnRidCheckCharacter(first17: string): string {
  let sum = 0
  let weight = 1
  for (let i = 16; i >= 0; i--) {
    weight = (weight * 2) % 11
    sum += Number(first17[i]) * weight
  }
  const check = (12 - (sum % 11)) % 11
  return check === 10 ? 'X' : String(check)
}

function parseCnRid(raw: string, today: string): ParsedNationalId {
  const s = raw.replace(/\s+/g, '').toUpperCase()
  if (/^\d{15}$/.test(s))
    return refuse('format', 'first-generation 15-digit numbers are not accepted; give the 18-digit number')
  if (!CN_RID_PATTERN.test(s))
    return refuse('format', 'a resident identity number is 17 digits and a check character (0-9 or X)')
  if (!CN_PROVINCES.has(s.slice(0, 2)))
    return refuse('region', 'the region code (the first six digits) names no province (GB/T 2260)')
  const year = Number(s.slice(6, 10))
  if (year < 1800 || !isRealDate(year, Number(s.slice(10, 12)), Number(s.slice(12, 14)))) {
    return refuse('birthDate', 'the birth date (digits 7 to 14) is not a date')
  }
  if (`${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}` > today)
    return refuse('birthDate', 'the birth date (digits 7 to 14) is in the future')
  if (cnRidCheckCharacter(s.slice(0, 17)) !== s[17])
    return refuse('checkDigit', 'check character does not match (ISO 7064 MOD 11-2)')
  return { ok: true, type: 'cn-rid', normalised: s }
}

// Hungarian tax identification number (adóazonosító jel), Act XX of 1996 on identification codes: 8, then the
// days from 1867-01-01 to the birth date (5 digits), a 3-digit sequence, and a check digit: the sum of digit
// i times i for i = 1..9, mod 11; a remainder of 10 is never issued.
const HU_TAX_PATTERN = /^\d{10}$/

/** Check digit of the first 9 digits, or undefined when the remainder is 10 (such numbers are not issued). */
export function huTaxCheckDigit(first9: string): number | undefined {
  let sum = 0
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (i + 1)
  const check = sum % 11
  return check === 10 ? undefined : check
}

/** The birth date that digits 2-6 encode, as YYYY-MM-DD. */
export function huTaxBirthDate(normalised: string): string {
  const epoch = Date.UTC(1867, 0, 1)
  return new Date(epoch + Number(normalised.slice(1, 6)) * 86_400_000).toISOString().slice(0, 10)
}

function parseHuTax(raw: string, today: string): ParsedNationalId {
  const s = raw.replace(/\s+/g, '')
  if (!HU_TAX_PATTERN.test(s)) return refuse('format', 'a Hungarian tax identification number is 10 digits')
  if (s[0] !== '8') return refuse('format', 'a Hungarian tax identification number of a person starts with 8')
  const check = huTaxCheckDigit(s)
  if (check === undefined) return refuse('checkDigit', 'the weighted sum leaves 10: no such number is issued')
  if (check !== Number(s[9])) return refuse('checkDigit', 'check digit does not match')
  if (huTaxBirthDate(s) > today)
    return refuse('birthDate', 'the birth date (days since 1867-01-01, digits 2 to 6) is in the future')
  return { ok: true, type: 'hu-tax', normalised: s }
}

/**
 * The birth date (YYYY-MM-DD) a valid national ID encodes: a cn-rid's digits 7-14 (GB 11643-1999), a hu-tax
 * number's days since 1867-01-01 (Act XX of 1996); undefined for a us-ssn, which encodes none.
 */
export function nationalIdBirthDate(id: NationalId): string | undefined {
  switch (id.type) {
    case 'cn-rid':
      return `${id.normalised.slice(6, 10)}-${id.normalised.slice(10, 12)}-${id.normalised.slice(12, 14)}`
    case 'hu-tax':
      return huTaxBirthDate(id.normalised)
    case 'us-ssn':
      return undefined
  }
}

/**
 * True when the national ID encodes a birth date and `birthDate` (YYYY-MM-DD, as furnished) is another one. The
 * number then belongs to someone else, or one of the two was mistyped: matched on it, the record could put one
 * person's data on another's file (FCRA section 607(b)), so it is matched as if the number were not valid.
 */
export function birthDateContradicts(id: NationalId, birthDate: string | null): boolean {
  const encoded = nationalIdBirthDate(id)
  return encoded !== undefined && birthDate !== null && birthDate.trim() !== encoded
}

export function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day))
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
}
