// The kinds of field of a JSON Lines record. Its text fields hold what Metro 2's alphanumeric fields hold, read
// as the Metro 2 reader reads them, so that an account furnished in either format is stored under the same
// value. Every check is a pattern, which the exported JSON Schema carries as it is: the schema and the server
// take the same lines (jsonl.schema-agreement.test.ts).
import { z } from 'zod'
import { NATIONAL_ID_TYPES } from '../identity/index.ts'
import { isoDate } from '../metro2/index.ts'
import {
  CONTROL_CHARACTER,
  firstInvisibleCharacter,
  NO_INVISIBLE_CHARACTER,
} from '../platform/control-characters.ts'

// CRRG "Alphanumeric" fields hold printable characters (uppercase letters, digits, blanks, punctuation): a
// control character, NUL above all, is never part of a name, address or number, and neither is a C1 control
// (U+009B is a terminal's escape) nor a direction override, which would show an operator another number.
const NO_CONTROL = new RegExp(`^${CONTROL_CHARACTER.source.replace(/^\[/, '[^')}*$`)
const CONTROL_MESSAGE = 'holds a control character (such as NUL or a tab)'

// A JSON string may escape half of a surrogate pair ("\ud800") alone: no character, which PostgreSQL would store
// as U+FFFD, so that "LS-\ud800" and "LS-\udc00" became one account. Written so that it means the same with and
// without the "u" flag (a pair is two units, or one code point; a lone half matches neither branch), since a
// furnisher's JSON Schema validator may compile patterns either way: an emoji or a CJK Extension B name passes.
export const WELL_FORMED = /^(?:[^\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/
const WELL_FORMED_MESSAGE = 'holds a lone surrogate escape (such as \\ud800), which is no character'

/**
 * Metro 2's reader drops the trailing blanks of an alphanumeric field (CRRG: left-justified, blank-filled). Applied
 * as zod's overwrite, a string check, not a transform: a pipe on each of some 50 fields made a line 60% slower.
 */
function dropTrailingBlanks(s: string): string {
  let end = s.length
  while (end > 0 && s.charCodeAt(end - 1) === 0x20) end--
  return end === s.length ? s : s.slice(0, end)
}

/**
 * Printable, well-formed text of at most `max` characters as sent (a Metro 2 field is that many bytes). With
 * `controlEnds`, a control character is the field's one issue: the checks after it are skipped.
 */
const printable = (max: number, controlEnds = false) =>
  z
    .string()
    .max(max)
    .regex(NO_CONTROL, { error: CONTROL_MESSAGE, abort: controlEnds })
    .regex(WELL_FORMED, WELL_FORMED_MESSAGE)

// Blank as the validator's required.* rules see it (String.prototype.trim, which drops what \s matches).
const NOT_BLANK = /\S/

/**
 * A Metro 2 alphanumeric field, its trailing blanks dropped as the Metro 2 reader drops them: "LOAN-1 " is the
 * account "LOAN-1" in either format. Leading blanks are kept, as Metro 2 keeps them (a name, an address).
 */
export const text = (max: number) => printable(max).overwrite(dropTrailingBlanks)

/** A required alphanumeric field: blank once its trailing blanks are dropped is refused. */
export const requiredText = (max: number) =>
  printable(max).regex(NOT_BLANK, 'is blank').overwrite(dropTrailingBlanks)

// A number that names an account or a furnisher (CRRG fields 5 and 7, L1 fields 3 and 4, K3 fields 3 and 4) is
// left-justified in Metro 2: a leading blank there makes another number, which no furnisher means. JSON Lines
// refuses it rather than keep a second account, and refuses a trailing blank that Metro 2 could not hold (a
// no-break or ideographic space), which would make another account of "LOAN-1" as "LOAN-1 " did. For the same
// reason it refuses a character that shows nothing (a zero-width space, a word joiner, a byte order mark, a
// direction mark: control-characters.ts), and names it, since the furnisher cannot see it. A name keeps them.
const NO_LEADING_BLANK = /^(?!\s+\S)/
const NO_OTHER_TRAILING_BLANK = /(?:^|\S) *$/
const identifierText = (max: number) =>
  // A direction override is both a control and an invisible character, and a byte order mark at the end is a
  // trailing blank too: the first check that refuses one says it, alone.
  printable(max, true)
    .regex(NO_INVISIBLE_CHARACTER, {
      error: (iss) =>
        `holds ${firstInvisibleCharacter(String(iss.input))}, a character that does not show (such as a ` +
        'zero-width space or a direction mark), which would make another number that looks the same',
      abort: true,
    })
    .regex(NO_LEADING_BLANK, 'begins with a blank: a Metro 2 number is left-justified (remove the blank)')
    .regex(NO_OTHER_TRAILING_BLANK, 'ends with a blank other than a space (such as U+00A0 or U+3000)')

/** An account or identification number: no leading blank, its trailing spaces dropped as Metro 2 drops them. */
export const identifier = (max: number) => identifierText(max).overwrite(dropTrailingBlanks)

export const requiredIdentifier = (max: number) =>
  identifierText(max).regex(NOT_BLANK, 'is blank').overwrite(dropTrailingBlanks)

/** A funder's name (not a Metro 2 field): checked as sent, then trimmed both sides; see jsonl.model.ts. */
export const funderName = printable(100).regex(NOT_BLANK, 'is blank').trim()

export const amount = z.number().int().min(0).max(999_999_999)

// The same days the Metro 2 reader takes (syntax.date): years 0001-9999, months 1-12, days that exist.
// The refine is lost in the exported JSON Schema, so the day check is also said as formats there: RFC 3339
// full-date, or date-time for moov's midnight form, either of which a format-asserting validator checks. Those
// formats take year 0000, which the reader refuses: the pattern leaves it out, so that the schema does too.
export const date = z
  .string()
  .regex(/^([1-9]\d{3}|0[1-9]\d{2}|00[1-9]\d|000[1-9])-\d{2}-\d{2}(T00:00:00Z)?$/, {
    error: (iss) =>
      typeof iss.input === 'string' && iss.input.startsWith('0000-')
        ? 'is not a real date'
        : 'a date is YYYY-MM-DD',
    abort: true,
  })
  .refine(
    (s) => isoDate(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))) !== '',
    'is not a real date',
  )
  .transform((s) => s.slice(0, 10))
  .meta({
    description: 'a day that exists, YYYY-MM-DD (or YYYY-MM-DDT00:00:00Z, as moov-io/metro2 writes it)',
    anyOf: [{ format: 'date' }, { format: 'date-time' }],
  })

// moov-io/metro2's JSON writes an empty date as its zero time, 0001-01-01T00:00:00Z (moov-json.ts reads it so):
// a record that `metro2 to-json` printed must not carry a Date Closed of year 1. Only that value and its day
// alone, which the schema's pattern takes: "0001-01-01junk" is refused as the schema refuses it.
const MOOV_ZERO_DATES: readonly unknown[] = ['0001-01-01', '0001-01-01T00:00:00Z']
export const optionalDate = z
  .preprocess((v) => (MOOV_ZERO_DATES.includes(v) ? null : v), date.nullable())
  .default(null)

// Checked across fields (ssnConflicts, jsonl.model.ts), so said in words in the exported JSON Schema.
export const NATIONAL_ID_RULE =
  'any supported national ID, never stored in clear; a us-ssn here and a socialSecurityNumber other than 0 must ' +
  'name the same SSN (compared as nine digits): give the number once, or the same in both'
export const nationalId = z.strictObject({
  type: z.enum(NATIONAL_ID_TYPES),
  value: z.string().min(1).max(40).regex(WELL_FORMED, WELL_FORMED_MESSAGE),
})
