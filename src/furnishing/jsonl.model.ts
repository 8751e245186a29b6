// The native JSON Lines format, for furnishers without Metro 2: one account per line, in Metro 2's own
// vocabulary (moov-io/metro2's JSON property names, so a `metro2 to-json` record is nearly a valid line),
// plus what Metro 2 cannot carry: the banks that fund a platform's loan and their shares, and on-time bill
// payments as alternative-payment accounts. Unknown properties are refused by name; consumption and contact
// data have no place at all (DESIGN.md principle 1).
import { z } from 'zod'
import {
  codeMeta,
  crossFieldRules,
  HISTORY_META,
  IDENTIFICATION_NUMBER_META,
  PAYMENT_RATING_DESCRIPTION,
  STATE_DESCRIPTION,
  TERMS_FREQUENCY_DESCRIPTION,
} from './jsonl.code-lists.ts'
import {
  amount,
  date,
  funderName,
  identifier,
  NATIONAL_ID_RULE,
  nationalId,
  optionalDate,
  requiredIdentifier,
  requiredText,
  text,
} from './jsonl.field-types.ts'
import {
  ALTERNATIVE_PAYMENT_ACCOUNT_TYPES,
  ALTERNATIVE_PAYMENT_KINDS,
  alternativePaymentRules,
  checkAcrossFields,
} from './jsonl.record-rules.ts'
import {
  ACCOUNT_TYPE,
  ADDRESS_INDICATOR,
  COMPLIANCE,
  CONSUMER_INFORMATION,
  COUNTRY,
  ECOA,
  GENERATION,
  INTEREST_TYPE,
  OPEN_TERMS_FREQUENCY,
  PORTFOLIO,
  RATING,
  RESIDENCE,
  SPECIAL_COMMENT,
  STATUS,
  type CodeCheck,
} from './validation/code-checks.ts'

/** A coded field: text for the reader (ingestion's validator names a bad code by its rule), its list in the schema. */
const code = (max: number, check: CodeCheck, description?: string) =>
  (check.blank === 'allowed' ? text(max) : requiredText(max)).meta({
    ...codeMeta(check),
    ...(description === undefined ? {} : { description }),
  })

const consumerFields = {
  surname: requiredText(25),
  firstName: requiredText(20),
  middleName: text(20).default(''),
  generationCode: code(1, GENERATION).default(''),
  socialSecurityNumber: z.number().int().min(0).max(999_999_999).default(0),
  /** Any supported national ID (a Chinese resident ID, a Hungarian tax number...); never stored in clear. */
  nationalId: nationalId.optional().describe(NATIONAL_ID_RULE),
  dateBirth: optionalDate,
  telephoneNumber: z.number().int().min(0).max(9_999_999_999).default(0),
  ecoaCode: code(1, ECOA),
  consumerInformationIndicator: code(2, CONSUMER_INFORMATION).default(''),
}
const addressFields = {
  countryCode: code(2, COUNTRY).default(''),
  firstLineAddress: requiredText(32),
  secondLineAddress: text(32).default(''),
  city: requiredText(20),
  state: text(2).meta({ description: STATE_DESCRIPTION }).default(''),
  zipCode: requiredText(9),
  addressIndicator: code(1, ADDRESS_INDICATOR).default(''),
  residenceCode: code(1, RESIDENCE).default(''),
}

// Moov's Metro 2 file mechanics are accepted so that converted records pass, and ignored.
const mechanics = {
  blockDescriptorWord: z.number().int().optional(),
  recordDescriptorWord: z.number().int().optional(),
  processingIndicator: z.number().int().optional(),
  timeStamp: z.string().optional(),
  correctionIndicator: z.number().int().optional(),
}

export const jsonlBaseSchema = z.strictObject({
  ...mechanics,
  identificationNumber: requiredIdentifier(20).meta(IDENTIFICATION_NUMBER_META),
  cycleIdentifier: text(2).default(''),
  consumerAccountNumber: requiredIdentifier(30),
  portfolioType: code(1, PORTFOLIO),
  accountType: code(2, ACCOUNT_TYPE),
  dateOpened: date,
  creditLimit: amount.default(0),
  highestCredit: amount.default(0),
  termsDuration: requiredText(3),
  termsFrequency: code(1, OPEN_TERMS_FREQUENCY, TERMS_FREQUENCY_DESCRIPTION).default(''),
  scheduledMonthlyPaymentAmount: amount.default(0),
  actualPaymentAmount: amount.default(0),
  accountStatus: code(2, STATUS),
  paymentRating: code(1, RATING, PAYMENT_RATING_DESCRIPTION).default(''),
  paymentHistoryProfile: z.string().length(24).meta(HISTORY_META),
  specialComment: code(2, SPECIAL_COMMENT).default(''),
  complianceConditionCode: code(2, COMPLIANCE).default(''),
  currentBalance: amount,
  amountPastDue: amount.default(0),
  originalChargeOffAmount: amount.default(0),
  dateAccountInformation: date,
  dateFirstDelinquency: optionalDate,
  dateClosed: optionalDate,
  dateLastPayment: optionalDate,
  interestTypeIndicator: code(1, INTEREST_TYPE).default(''),
  ...consumerFields,
  ...addressFields,
})

const j1 = z.strictObject({ segmentIdentifier: z.literal('J1').default('J1'), ...consumerFields })
const j2 = z.strictObject({
  segmentIdentifier: z.literal('J2').default('J2'),
  ...consumerFields,
  ...addressFields,
})

/** CRRG "Joint loans" have no Metro 2 field for funding; the PBoC's second-generation report records them. */
const funder = z.strictObject({
  // Checked as sent, as the exported JSON Schema checks it (a blank or tab around the name counts), then trimmed,
  // so that " bank a " is the same funder as "Bank A" (below).
  funder: funderName.describe('member id or legal name of the institution that funds part of the loan'),
  share: z
    .number()
    .gt(0)
    .max(1)
    .describe('share of the principal it funds, and of the default risk it bears'),
})

const FUNDERS_RULE =
  'the banks that fund the loan: their shares add up to 1, and each is named once (compared trimmed, ignoring case)'
const ALTERNATIVE_PAYMENT_RULE = `an on-time bill payment account: portfolio type O with account type ${Object.entries(
  ALTERNATIVE_PAYMENT_ACCOUNT_TYPES,
)
  .map(([k, t]) => `${t} for ${k}`)
  .join(', ')}`

export const jsonlRecordSchema = z
  .strictObject({
    base: jsonlBaseSchema,
    j1: z.array(j1).default([]),
    j2: z.array(j2).default([]),
    k1: z
      .strictObject({
        segmentIdentifier: z.literal('K1').default('K1'),
        originalCreditorName: requiredText(30),
        creditorClassification: z.number().int().min(0).max(99),
      })
      .optional(),
    k2: z
      .strictObject({
        segmentIdentifier: z.literal('K2').default('K2'),
        purchasedIndicator: z.number().int().min(0).max(9),
        purchasedName: text(30),
      })
      .optional(),
    k3: z
      .strictObject({
        segmentIdentifier: z.literal('K3').default('K3'),
        agencyIdentifier: z.number().int().min(0).max(99).default(0),
        accountNumber: identifier(18).default(''),
        mortgageIdentificationNumber: identifier(18).default(''),
      })
      .optional(),
    k4: z
      .strictObject({
        segmentIdentifier: z.literal('K4').default('K4'),
        specializedPaymentIndicator: z.number().int().min(0).max(99),
        deferredPaymentStartDate: optionalDate,
        balloonPaymentDueDate: optionalDate,
        balloonPaymentAmount: amount.default(0),
      })
      .optional(),
    // CRRG L1: an account number or identification number change, in moov-io/metro2's property names.
    l1: z
      .strictObject({
        segmentIdentifier: z.literal('L1').default('L1'),
        changeIndicator: z.number().int().min(0).max(9),
        newConsumerAccountNumber: identifier(30).default(''),
        newIdentificationNumber: identifier(20).default(''),
        // moov-io/metro2 writes the New Identification Number under the JSON tag "balloonPaymentDueDate" (its
        // L1Segment struct), and so does `openbureau metro2 to-json`, so that either name reads.
        balloonPaymentDueDate: identifier(20)
          .optional()
          .describe(
            "moov-io/metro2's property name for newIdentificationNumber; give one name, or the same value in both",
          ),
      })
      .refine(
        (l) =>
          l.balloonPaymentDueDate === undefined ||
          l.newIdentificationNumber === '' ||
          l.newIdentificationNumber === l.balloonPaymentDueDate,
        {
          path: ['balloonPaymentDueDate'],
          message:
            'l1.newIdentificationNumber and l1.balloonPaymentDueDate (its moov-io name) differ: give it once',
        },
      )
      .optional(),
    funders: z.array(funder).min(1).max(50).optional().describe(FUNDERS_RULE),
    alternativePayment: z
      .strictObject({ kind: z.enum(ALTERNATIVE_PAYMENT_KINDS) })
      .optional()
      .describe(ALTERNATIVE_PAYMENT_RULE),
  })
  .superRefine(checkAcrossFields)

export type JsonlRecord = z.infer<typeof jsonlRecordSchema>

/** The JSON Schema of one line (draft 2020-12), for furnishers' own validators. Zod's refinements cannot be
 * said in it, so the rules that span fields are described in words, and those a schema says simply as if/then
 * (the alternative-payment types, and the Terms Frequency, Payment Rating and State rules of jsonl.code-lists.ts). */
export function jsonlJsonSchema(): unknown {
  const schema = z.toJSONSchema(jsonlRecordSchema, { io: 'input', unrepresentable: 'any' })
  return {
    ...schema,
    description:
      'One OpenBureau JSON Lines record: one account, in Metro 2 vocabulary. The bureau applies further ' +
      'cross-field rules, named in the descriptions here and listed whole by `openbureau metro2 rules`.',
    allOf: [...alternativePaymentRules(), ...crossFieldRules()],
  }
}
