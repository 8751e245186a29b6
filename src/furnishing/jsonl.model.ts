// The native JSON Lines format, for furnishers without Metro 2: one account per line, in Metro 2's own
// vocabulary (moov-io/metro2's JSON property names, so a `metro2 to-json` record is nearly a valid line),
// plus what Metro 2 cannot carry: the banks that fund a platform's loan and their shares, and on-time bill
// payments as alternative-payment accounts. Unknown properties are refused by name; consumption and contact
// data have no place at all (DESIGN.md principle 1).
import { z } from 'zod'
import { NATIONAL_ID_TYPES } from '../identity/index.ts'
import { isoDate } from '../metro2/index.ts'

// Metro 2 alphanumeric fields hold printable characters (CRRG, "Alphanumeric" fields: uppercase letters, digits,
// blanks and punctuation); a control character, NUL above all, is never part of a name, address or number.
const text = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'holds a control character (such as NUL or a tab)')
const amount = z.number().int().min(0).max(999_999_999)
// The same days the Metro 2 reader takes (syntax.date): years 0001-9999, months 1-12, days that exist.
// The refine is lost in the exported JSON Schema, so the day check is also said as formats there: RFC 3339
// full-date, or date-time for moov's midnight form, either of which a format-asserting validator checks. Those
// formats take year 0000, which the reader refuses: the pattern leaves it out, so that the schema does too.
const date = z
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
const optionalDate = z
  .preprocess((v) => (MOOV_ZERO_DATES.includes(v) ? null : v), date.nullable())
  .default(null)

// Checked across fields (ssnConflicts, below), so said in words in the exported JSON Schema.
const NATIONAL_ID_RULE =
  'any supported national ID, never stored in clear; a us-ssn here and a socialSecurityNumber other than 0 must ' +
  'name the same SSN (compared as nine digits): give the number once, or the same in both'
const nationalId = z.strictObject({ type: z.enum(NATIONAL_ID_TYPES), value: z.string().min(1).max(40) })

const consumerFields = {
  surname: text(25).min(1),
  firstName: text(20).min(1),
  middleName: text(20).default(''),
  generationCode: text(1).default(''),
  socialSecurityNumber: z.number().int().min(0).max(999_999_999).default(0),
  /** Any supported national ID (a Chinese resident ID, a Hungarian tax number...); never stored in clear. */
  nationalId: nationalId.optional().describe(NATIONAL_ID_RULE),
  dateBirth: optionalDate,
  telephoneNumber: z.number().int().min(0).max(9_999_999_999).default(0),
  ecoaCode: text(1).min(1),
  consumerInformationIndicator: text(2).default(''),
}
const addressFields = {
  countryCode: text(2).default(''),
  firstLineAddress: text(32).min(1),
  secondLineAddress: text(32).default(''),
  city: text(20).min(1),
  state: text(2).default(''),
  zipCode: text(9).min(1),
  addressIndicator: text(1).default(''),
  residenceCode: text(1).default(''),
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
  identificationNumber: text(20).min(1),
  cycleIdentifier: text(2).default(''),
  consumerAccountNumber: text(30).min(1),
  portfolioType: text(1).min(1),
  accountType: text(2).min(1),
  dateOpened: date,
  creditLimit: amount.default(0),
  highestCredit: amount.default(0),
  termsDuration: text(3).min(1),
  termsFrequency: text(1).default(''),
  scheduledMonthlyPaymentAmount: amount.default(0),
  actualPaymentAmount: amount.default(0),
  accountStatus: text(2).min(1),
  paymentRating: text(1).default(''),
  paymentHistoryProfile: z.string().length(24),
  specialComment: text(2).default(''),
  complianceConditionCode: text(2).default(''),
  currentBalance: amount,
  amountPastDue: amount.default(0),
  originalChargeOffAmount: amount.default(0),
  dateAccountInformation: date,
  dateFirstDelinquency: optionalDate,
  dateClosed: optionalDate,
  dateLastPayment: optionalDate,
  interestTypeIndicator: text(1).default(''),
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
  funder: z
    .string()
    .max(100)
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'holds a control character (such as NUL or a tab)')
    .regex(/\S/, 'is blank')
    .trim()
    .describe('member id or legal name of the institution that funds part of the loan'),
  share: z
    .number()
    .gt(0)
    .max(1)
    .describe('share of the principal it funds, and of the default risk it bears'),
})

export const ALTERNATIVE_PAYMENT_KINDS = ['utility', 'telecom', 'rent'] as const
/** Metro 2 account types for the same accounts (CRRG Exhibit 1): 92 utility, 4D telecommunication, 29 rental agreement. */
export const ALTERNATIVE_PAYMENT_ACCOUNT_TYPES: Readonly<
  Record<(typeof ALTERNATIVE_PAYMENT_KINDS)[number], string>
> = {
  utility: '92',
  telecom: '4D',
  rent: '29',
}

const FUNDERS_RULE =
  'the banks that fund the loan: their shares add up to 1, and each is named once (compared trimmed, ignoring case)'
const ALTERNATIVE_PAYMENT_RULE = `an on-time bill payment account: portfolio type O with account type ${Object.entries(
  ALTERNATIVE_PAYMENT_ACCOUNT_TYPES,
)
  .map(([k, t]) => `${t} for ${k}`)
  .join(', ')}`

type Consumer = { socialSecurityNumber: number; nationalId?: { type: string; value: string } | undefined }
const consumersOf = (r: {
  base: Consumer
  j1: Consumer[]
  j2: Consumer[]
}): [(string | number)[], Consumer][] => [
  [['base'], r.base],
  ...r.j1.map((c, i): [(string | number)[], Consumer] => [['j1', i], c]),
  ...r.j2.map((c, i): [(string | number)[], Consumer] => [['j2', i], c]),
]

/** A US SSN given twice that differs once written as nine digits: identity would silently use one of them. */
function ssnConflicts(c: Consumer): boolean {
  if (c.nationalId?.type !== 'us-ssn' || c.socialSecurityNumber === 0) return false
  const given = c.nationalId.value.normalize('NFKC').replace(/\D/g, '')
  return given !== String(c.socialSecurityNumber).padStart(9, '0')
}

export const jsonlRecordSchema = z
  .strictObject({
    base: jsonlBaseSchema,
    j1: z.array(j1).default([]),
    j2: z.array(j2).default([]),
    k1: z
      .strictObject({
        segmentIdentifier: z.literal('K1').default('K1'),
        originalCreditorName: text(30).min(1),
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
        accountNumber: text(18).default(''),
        mortgageIdentificationNumber: text(18).default(''),
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
        newConsumerAccountNumber: text(30).default(''),
        newIdentificationNumber: text(20).default(''),
        // moov-io/metro2 writes the New Identification Number under the JSON tag "balloonPaymentDueDate" (its
        // L1Segment struct), and so does `openbureau metro2 to-json`, so that either name reads.
        balloonPaymentDueDate: text(20)
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
  .superRefine((r, ctx) => {
    for (const [path, c] of consumersOf(r)) {
      if (ssnConflicts(c))
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'socialSecurityNumber'],
          // Neither number is quoted: issues are stored, and national IDs are never kept in clear.
          message: `${path.join('.')}.nationalId and ${path.join('.')}.socialSecurityNumber name different SSNs: give the number once, or the same in both`,
        })
    }
    if (r.funders) {
      const seen = new Set<string>()
      r.funders.forEach((f, i) => {
        const key = f.funder.normalize('NFKC').toLowerCase()
        if (seen.has(key))
          ctx.addIssue({
            code: 'custom',
            path: ['funders', i, 'funder'],
            message: `${JSON.stringify(f.funder)} is named twice (names are compared ignoring case and surrounding blanks): list each funder once, with its whole share`,
          })
        seen.add(key)
      })
      const total = r.funders.reduce((s, f) => s + f.share, 0)
      if (Math.abs(total - 1) > 1e-6) {
        ctx.addIssue({
          code: 'custom',
          path: ['funders'],
          message: `the funders' shares add up to ${total.toFixed(4)}, not 1`,
        })
      }
    }
    if (r.alternativePayment) {
      const want = ALTERNATIVE_PAYMENT_ACCOUNT_TYPES[r.alternativePayment.kind]
      if (r.base.portfolioType !== 'O' || r.base.accountType !== want) {
        ctx.addIssue({
          code: 'custom',
          path: ['alternativePayment'],
          message: `a ${r.alternativePayment.kind} payment account is portfolio type O with account type ${want}`,
        })
      }
    }
  })

export type JsonlRecord = z.infer<typeof jsonlRecordSchema>

/** The JSON Schema of one line (draft 2020-12), for furnishers' own validators. Zod's refinements cannot be
 * said in it, so the rules that span fields are described in words, and the alternative-payment one as if/then. */
export function jsonlJsonSchema(): unknown {
  const schema = z.toJSONSchema(jsonlRecordSchema, { io: 'input', unrepresentable: 'any' })
  return {
    ...schema,
    description:
      'One OpenBureau JSON Lines record: one account, in Metro 2 vocabulary. The bureau applies further ' +
      'cross-field rules, named in the descriptions here and listed whole by `openbureau metro2 rules`.',
    allOf: Object.entries(ALTERNATIVE_PAYMENT_ACCOUNT_TYPES).map(([kind, accountType]) => ({
      if: {
        properties: { alternativePayment: { properties: { kind: { const: kind } } } },
        required: ['alternativePayment'],
      },
      then: {
        properties: {
          base: { properties: { portfolioType: { const: 'O' }, accountType: { const: accountType } } },
        },
      },
    })),
  }
}
