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
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T00:00:00Z)?$/, { error: 'a date is YYYY-MM-DD', abort: true })
  .refine(
    (s) => isoDate(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))) !== '',
    'is not a real date',
  )
  .transform((s) => s.slice(0, 10))
// moov-io/metro2's JSON writes an empty date as its zero time, 0001-01-01T00:00:00Z (moov-json.ts reads it so):
// a record that `metro2 to-json` printed must not carry a Date Closed of year 1.
const optionalDate = z
  .preprocess((v) => (typeof v === 'string' && v.startsWith('0001-01-01') ? null : v), date.nullable())
  .default(null)

const nationalId = z.strictObject({ type: z.enum(NATIONAL_ID_TYPES), value: z.string().min(1).max(40) })

const consumerFields = {
  surname: text(25).min(1),
  firstName: text(20).min(1),
  middleName: text(20).default(''),
  generationCode: text(1).default(''),
  socialSecurityNumber: z.number().int().min(0).max(999_999_999).default(0),
  /** Any supported national ID (a Chinese resident ID, a Hungarian tax number...); never stored in clear. */
  nationalId: nationalId.optional(),
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
  funder: text(100).min(1).describe('member id or legal name of the institution that funds part of the loan'),
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
      })
      .optional(),
    funders: z.array(funder).min(1).max(50).optional(),
    alternativePayment: z.strictObject({ kind: z.enum(ALTERNATIVE_PAYMENT_KINDS) }).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.funders) {
      const seen = new Set<string>()
      r.funders.forEach((f, i) => {
        if (seen.has(f.funder))
          ctx.addIssue({
            code: 'custom',
            path: ['funders', i, 'funder'],
            message: `${JSON.stringify(f.funder)} is named twice: list each funder once, with its whole share`,
          })
        seen.add(f.funder)
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

/** Names that betray consumption or contact data: refused with that reason, not as a mere unknown property. */
const NOT_CREDIT_DATA =
  /merchant|item|basket|product|sku|purchase|order|cart|shop|store|location|latitude|longitude|geo|gps|contact|email|social|browsing|device/i

export function isConsumptionField(name: string): boolean {
  return NOT_CREDIT_DATA.test(name)
}

/** The JSON Schema of one line (draft 2020-12), for furnishers' own validators. */
export function jsonlJsonSchema(): unknown {
  return z.toJSONSchema(jsonlRecordSchema, { io: 'input', unrepresentable: 'any' })
}
