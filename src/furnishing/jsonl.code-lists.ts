// The Metro 2 code lists and "required" rules in the exported JSON Schema of a line. Each coded field takes the
// codes of the validator's own list (validation/codes.ts, through the checks of code-checks.ts), so that a
// furnisher who validates with the schema is refused the Portfolio Type "Z" that ingestion refuses
// (code.portfolio_type), and no list is written twice. The rules that tie one field to another and that a
// schema can say simply (a Terms Frequency but for Open accounts, a Payment Rating for the rated statuses, a
// State for a US address) are if/then; the rest are named in descriptions.
import { RATED_STATUS_CODES } from '../metro2/index.ts'
import { RATING, TERMS_FREQUENCY, US_STATE, type CodeCheck } from './validation/code-checks.ts'
import { HISTORY_CODE_LIST, US_POSTAL_COUNTRIES } from './validation/codes.ts'

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Any of `codes`, or blank when `blank`, followed by blanks: the reader drops them ("M " is Special Comment M). */
const paddedPattern = (codes: readonly string[], blank: boolean): string =>
  `^(?:${codes.map(escapeRegExp).join('|')})${blank ? '?' : ''} *$`

/** A code field's value: one of the codes (blank too when `blank`), as sent or followed by blanks. */
function codeValue(codes: readonly string[], blank: boolean) {
  return {
    anyOf: [{ enum: blank ? ['', ...codes] : [...codes] }, { pattern: paddedPattern(codes, blank) }],
  }
}

/** Meta of a coded field for the exported JSON Schema: the list it is checked against, and the rule's id. */
export function codeMeta(check: CodeCheck) {
  const blank = check.blank === 'allowed'
  return {
    description: `${check.expected}${blank && !check.expected.includes('blank') ? ', or blank' : ''} (rule ${check.rule})`,
    ...codeValue(check.codes.codes, blank),
  }
}

/** CRRG base field 18 (Exhibit 5): the codes as the validator's history-rules.ts reads them, B only at the end. */
export const HISTORY_META = {
  description:
    'CRRG field 18: a code of Exhibit 5 for each of the 24 months before the Date of Account Information, ' +
    'newest first; B (no history) only fills the ending positions (rules code.payment_history, ' +
    'code.payment_history_embedded_b)',
  pattern: `^[${HISTORY_CODE_LIST.replace(/[ B]/g, '')}]*B*$`,
}

/** CRRG base field 5, as field-rules.ts checks it: not blank, zero or 9 filled (once trimmed). */
export const IDENTIFICATION_NUMBER_META = {
  description:
    'CRRG field 5: the number the furnisher registered (rule furnisher.identification_number); never blank, ' +
    'zero or 9 filled (required.identification_number)',
  not: { pattern: '^\\s*(?:0+|9+)\\s*$' },
}

export const STATE_DESCRIPTION = `${US_STATE.expected}: required for an address in the US or a US territory (a blank Country Code means US; rules required.state, code.state)`
export const PAYMENT_RATING_DESCRIPTION = `${RATING.expected}: reported exactly for Account Status ${RATED_STATUS_CODES.join(', ')}, blank for the others (rule code.payment_rating_presence)`
export const TERMS_FREQUENCY_DESCRIPTION = `${TERMS_FREQUENCY.expected}: blank only for an Open account, Portfolio Type O (rule ${TERMS_FREQUENCY.rule})`

const NOT_BLANK = { pattern: '\\S' }
const BLANK = { pattern: '^ *$' }

/** CRRG fields 43 and 39: a US address (Country Code blank, or the US or a territory) has a State of Exhibit 14. */
const usAddress = {
  if: { properties: { countryCode: { pattern: paddedPattern(US_POSTAL_COUNTRIES.codes, true) } } },
  then: {
    required: ['state'],
    properties: { state: { ...NOT_BLANK, ...codeValue(US_STATE.codes.codes, false) } },
  },
}

/** The if/then rules between fields of the Base Segment (and a J2's address), for the schema's allOf. */
export function crossFieldRules(): object[] {
  const base = (rule: object) => ({ properties: { base: rule } })
  return [
    // CRRG field 14 (Exhibit 3): blank only for Open accounts, as the CDIA industry guides show collections.
    base({
      if: { properties: { portfolioType: { const: 'O' } }, required: ['portfolioType'] },
      else: { required: ['termsFrequency'], properties: { termsFrequency: NOT_BLANK } },
    }),
    // CRRG field 17B: a Payment Rating exactly for the rated statuses, blank for the others.
    base({
      if: {
        properties: { accountStatus: { pattern: paddedPattern(RATED_STATUS_CODES, false) } },
        required: ['accountStatus'],
      },
      then: { required: ['paymentRating'], properties: { paymentRating: NOT_BLANK } },
      else: { properties: { paymentRating: BLANK } },
    }),
    base(usAddress),
    { properties: { j2: { items: usAddress } } },
  ]
}
