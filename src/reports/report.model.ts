// The lender's report: what a member sends (who, for which purpose, under which consent) and what it gets back,
// filtered to the data categories the consent covers (DESIGN.md principle 2). Schemas and types.
import { z } from 'zod'
import { CONSENT_MODES, categorySchema, purposeSchema } from '../consent/index.ts'
import { fraudAlertSchema } from '../rights/index.ts'
import { reportInquirySchema } from './inquiry.model.ts'

const date = z.iso.date()

export const reportRequestSchema = z
  .strictObject({
    nationalId: z
      .strictObject({ type: z.string().min(1).max(20), value: z.string().min(1).max(64) })
      .optional()
      .describe('us-ssn, cn-rid or hu-tax; matched by its keyed token'),
    surname: z.string().min(1).max(100).optional(),
    firstName: z.string().min(1).max(100).optional(),
    birthDate: date.optional(),
    postcode: z.string().min(1).max(20).optional(),
    country: z.string().max(3).optional(),
    purpose: purposeSchema
      .optional()
      .describe('The permissible purpose; a request without one is refused (answered as not found)'),
    consentId: z.uuid().optional().describe('The consent artefact, where the profile requires consent'),
  })
  .superRefine((r, ctx) => {
    const demographic = [r.surname, r.firstName, r.birthDate, r.postcode]
    if (r.nationalId === undefined && demographic.some((x) => x === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'name the consumer by nationalId, or by surname, firstName, birthDate and postcode',
      })
    }
  })
  .meta({
    id: 'ReportRequest',
    description:
      'The consumer is named by a national ID (which then takes precedence), or else by surname, first name, birth date and postcode (a match that fits several consumers is answered as not found).',
  })
export type ReportRequest = z.infer<typeof reportRequestSchema>

export const MATCH_METHODS = ['id_token', 'name_birth_postcode'] as const
export type MatchMethod = (typeof MATCH_METHODS)[number]

// Which member furnished an entry is not given to a lender: it tells which members hold accounts of the
// consumer, which the `accounts` category releases, not `identity` (DESIGN.md principle 2). The consumer's own
// file keeps the sources (FCRA §609(a)(2): the sources of the information).
const seen = { firstSeen: date, lastSeen: date }
const pii = <T extends z.ZodType>(value: T) =>
  z.union([
    z.object({ readable: z.literal(true), value, ...seen }),
    z.object({ readable: z.literal(false), ...seen }),
  ])

/** A person's name and a postal address as decrypted from the file, in every view of an identity. */
export const personNameSchema = z.object({
  surname: z.string(),
  firstName: z.string(),
  middleName: z.string(),
  generation: z.string(),
})
export const postalAddressSchema = z.object({
  line1: z.string(),
  line2: z.string(),
  city: z.string(),
  state: z.string(),
  postcode: z.string(),
  country: z.string(),
})

const reportIdentitySchema = z
  .object({
    shredded: z.boolean().describe('The consumer’s data key is destroyed: no entry is readable'),
    names: z.array(pii(personNameSchema)),
    birthDates: z.array(pii(z.string())),
    addresses: z.array(pii(postalAddressSchema)),
  })
  .meta({ id: 'ReportIdentity' })

const coded = z.object({ code: z.string(), text: z.string() })

/** What every view of a tradeline shows alike: the lender's report and the consumer's own file. */
export const tradelineFields = {
  furnisher: z.object({ id: z.string(), name: z.string() }),
  role: z.object({ ecoa: z.string(), text: z.string() }),
  portfolio: coded,
  accountType: coded,
  status: z.object({ code: z.string(), text: z.string(), paymentRating: z.string() }),
  amounts: z.object({
    creditLimit: z.number(),
    highestCredit: z.number(),
    balance: z.number(),
    pastDue: z.number(),
    chargedOff: z.number(),
    scheduledPayment: z.number(),
    actualPayment: z.number(),
  }),
  terms: z.object({ duration: z.string(), frequency: z.string() }),
  specialComment: z.string(),
  complianceCondition: z.string(),
  consumerInformationIndicator: z.string(),
  extra: z.record(z.string(), z.unknown()).nullable(),
}

export const reportTradelineSchema = z
  .object({
    ...tradelineFields,
    status: tradelineFields.status
      .optional()
      .describe(
        'With the payment_history category only: the Account Status and Payment Rating say how it was paid',
      ),
    specialComment: tradelineFields.specialComment
      .optional()
      .describe(
        'With the payment_history category only: the Special Comment says how it was handled or paid',
      ),
    consumerInformationIndicator: tradelineFields.consumerInformationIndicator
      .optional()
      .describe(
        'With the payment_history category only: bankruptcy of this debt, its discharge or reaffirmation',
      ),
    amounts: tradelineFields.amounts.extend({
      pastDue: z.number().optional().describe('With the payment_history category only'),
      chargedOff: z.number().optional().describe('With the payment_history category only'),
      actualPayment: z.number().optional().describe('With the payment_history category only'),
    }),
    tradelineId: z
      .uuid()
      .describe(
        'This member’s id of the account: the same in every report this member receives, another for every other member; keyed, so it tells nothing of the account number (not the id in the consumer’s own file)',
      ),
    accountNumber: z
      .string()
      .describe('Masked: at most the last four characters, and never more than half of them'),
    alternativePayment: z
      .boolean()
      .describe('A utility, telecom or rent account (category alternative_payments)'),
    dates: z.object({
      opened: date.nullable(),
      accountInformation: date,
      closed: date.nullable(),
      lastPayment: date.nullable().optional().describe('With the payment_history category only'),
      firstDelinquency: date.nullable().optional().describe('With the payment_history category only'),
    }),
    paymentGrid: z
      .array(z.object({ month: z.string(), code: z.string() }))
      .optional()
      .describe('24 months, newest first; with the payment_history category only'),
  })
  .meta({ id: 'ReportTradeline' })
export type ReportTradeline = z.infer<typeof reportTradelineSchema>

const classSummary = z.object({ open: z.number(), all: z.number(), balance: z.number(), limit: z.number() })
const worstSchema = z.object({ scale: z.number(), text: z.string() }).nullable()

export const reportSummarySchema = z
  .object({
    asOf: date,
    openAccounts: z.number().optional(),
    byType: z
      .object({
        revolving: classSummary,
        installment: classSummary,
        mortgage: classSummary,
        other: classSummary,
      })
      .optional(),
    totalBalance: z.number().optional(),
    totalLimit: z.number().optional(),
    revolvingUtilisation: z.number().nullable().optional(),
    oldestAccountAgeMonths: z.number().nullable().optional(),
    worstStatus24m: worstSchema.optional(),
    monthsSinceLastDelinquency: z.number().nullable().optional(),
    hardInquiries12m: z
      .number()
      .optional()
      .describe('Hard inquiries of every member, the caller’s included, before this report'),
    attributes: z
      .record(z.string(), z.number().nullable())
      .describe(
        'Every bureau attribute the consent’s categories cover, by name (GET /v1/attributes defines them)',
      ),
  })
  .meta({
    id: 'ReportSummary',
    description: 'Attributes as of the day of the report; each field only with the category it comes from.',
  })
export type ReportSummary = z.infer<typeof reportSummarySchema>

// The score (issue: scoring): produced by the scoring module's champion scorecard of the consumer's segment and
// injected into the report (reports never imports scoring: scoring reads the reports' attributes).
export const scoreReasonSchema = z
  .object({
    rank: z.number().int().positive(),
    attribute: z.string().describe('The bureau attribute (GET /v1/attributes defines it)'),
    code: z.string().describe('The reason code'),
    text: z.string().describe('What the attribute measures, in plain language'),
    bin: z.string().describe('Where the consumer stands on it: the scorecard bin of their value'),
    pointsLost: z.number().int().describe('Points lost against the best bin of this attribute'),
    whatWouldChange: z
      .object({ bin: z.string(), points: z.number(), text: z.string() })
      .nullable()
      .describe('The nearest bin that scores higher and the points it would add; null when none does'),
  })
  .meta({ id: 'ScoreReason' })
export type ScoreReason = z.infer<typeof scoreReasonSchema>

export const reportScoreSchema = z
  .object({
    value: z.number().int(),
    range: z
      .object({ min: z.number().int(), max: z.number().int() })
      .describe('From the jurisdiction profile'),
    probabilityDefault: z
      .number()
      .min(0)
      .max(1)
      .describe('Probability of 90+ days past due, a charge-off or a collection within 12 months'),
    segment: z
      .string()
      .describe('thick: 2 or more credit accounts, the oldest 6 months or more; thin: the rest'),
    reasons: z
      .array(scoreReasonSchema)
      .max(5)
      .describe(
        'Where the most points were lost, largest first: up to four, and a fifth when the number of inquiries lost points but is not among them (FCRA §609(f)(1)(C), (f)(9))',
      ),
    modelVersion: z.string().describe('The scorecard version that made the score'),
    scoreId: z.uuid().describe('The score as recorded by the bureau'),
  })
  .meta({
    id: 'Score',
    description:
      'Present when a champion scorecard is in use for the consumer’s segment and the released categories cover every data category its attributes come from.',
  })
export type ReportScore = z.infer<typeof reportScoreSchema>

export const lenderReportSchema = z
  .object({
    reportId: z.uuid().describe('Also the id of the inquiry the report recorded'),
    generatedAt: z.iso.datetime(),
    consumerKey: z.uuid(),
    match: z.object({ method: z.enum(MATCH_METHODS) }).describe('How the consumer was identified'),
    purpose: purposeSchema,
    legalGround: z.string(),
    consent: z
      .object({ id: z.uuid(), mode: z.enum(CONSENT_MODES), storeDays: z.number().nullable() })
      .nullable()
      .describe('The consent the report used; null where the profile needs none for the purpose'),
    inquiry: z.object({ id: z.uuid(), hard: z.boolean() }),
    categories: z.array(categorySchema).describe('The data categories released'),
    alerts: z.array(fraudAlertSchema).describe('Fraud alerts in force (FCRA §605A): always shown'),
    identity: reportIdentitySchema.optional().describe('With the identity category only'),
    tradelines: z
      .array(reportTradelineSchema)
      .optional()
      .describe(
        'Credit accounts with the accounts category, utility/telecom/rent with alternative_payments; collection accounts (type 48, 0C) with payment_history too',
      ),
    summary: reportSummarySchema,
    inquiries: z
      .array(reportInquirySchema)
      .optional()
      .describe(
        "Every earlier hard inquiry (the asking member's own included: the set the counts are taken from), newest first, with the inquiries category only",
      ),
    publicRecords: z
      .array(z.never())
      .optional()
      .describe('With the public_records category: always empty, as OpenBureau holds no public records yet'),
    score: reportScoreSchema.optional(),
  })
  .meta({ id: 'LenderReport' })
export type LenderReport = z.infer<typeof lenderReportSchema>

export const attributeDefinitionSchema = z
  .object({
    name: z.string(),
    definition: z.string(),
    text: z.string(),
    type: z.enum(['count', 'amount', 'ratio', 'months', 'scale']),
    categories: z
      .array(z.enum(['accounts', 'payment_history', 'inquiries', 'alternative_payments']))
      .min(1)
      .describe('The consent categories it reveals: a report releases it only when all of them are granted'),
    missing: z.string(),
  })
  .meta({ id: 'AttributeDefinition' })
