// Law as configuration (DESIGN.md principle 6): per jurisdiction, which purposes a member may read a file for,
// which of them need the consumer's consent, which are hard inquiries, and the numbers that the reports,
// scoring and rights modules read (consent validity, free self-access, score range, retention, disputes).
// Pure data and lookups. Where no statute fixes a number, the value is the bureau's policy and says so.
import { z } from 'zod'
import type { JurisdictionCode } from '../config.ts'

export const JURISDICTION_CODES = [
  'US-FCRA',
  'CN-PBOC',
  'HU-KHR',
  'DE-SCHUFA',
  'EU-GDPR',
] as const satisfies readonly JurisdictionCode[]
// Fails to compile when config.ts gains a code that has no profile here.
const everyCode: Record<JurisdictionCode, true> = {
  'US-FCRA': true,
  'CN-PBOC': true,
  'HU-KHR': true,
  'DE-SCHUFA': true,
  'EU-GDPR': true,
}
export const jurisdictionCodeSchema = z.enum(JURISDICTION_CODES)
export const isJurisdictionCode = (s: string): s is JurisdictionCode => Object.hasOwn(everyCode, s)

/** Permissible purposes (DESIGN.md glossary). self_access is the consumer's own request, never a member's. */
export const PURPOSES = [
  'credit_application',
  'account_review',
  'collection',
  'tenancy',
  'employment',
  'insurance',
  'self_access',
] as const
export const purposeSchema = z.enum(PURPOSES)
export type Purpose = z.infer<typeof purposeSchema>

/**
 * The longest time any profile shows a hard inquiry to members: the report reads no older inquiry from the
 * database, whichever profile is in force (the schema holds every profile to it).
 */
export const LONGEST_INQUIRY_RETENTION_MONTHS = 24

export const purposeRuleSchema = z.object({
  purpose: purposeSchema,
  /** An active consent artefact of the consumer is needed on top of the purpose itself. */
  consentRequired: z.boolean(),
  /** Shown to other lenders (and may weigh in their scores); soft inquiries are shown to the consumer only. */
  hardInquiry: z.boolean(),
  /** The provision that makes the read lawful, as recorded with each report. */
  legalGround: z.string(),
})
export type PurposeRule = z.infer<typeof purposeRuleSchema>

export const jurisdictionProfileSchema = z
  .object({
    code: jurisdictionCodeSchema,
    name: z.string(),
    /** The allowed purposes; a purpose that is not listed is refused. */
    purposes: z.array(purposeRuleSchema),
    maxConsentDays: z.number().int().positive(),
    /** Self-access reports free of charge in any rolling 12 months. */
    freeSelfAccessPerYear: z.number().int().nonnegative(),
    scoreRange: z.object({ min: z.number().int(), max: z.number().int() }),
    negativeRetentionYears: z.number().positive(),
    /** When the retention period of negative data starts. */
    negativeRetentionFrom: z.enum(['first_delinquency', 'delinquency_end', 'settlement']),
    /** Days the bureau has to investigate a dispute and answer. */
    disputeDeadlineDays: z.number().int().positive(),
    /** Months a hard inquiry is shown to other members (the consumer sees every inquiry, whatever its age). */
    inquiryRetentionMonths: z.number().int().positive().max(LONGEST_INQUIRY_RETENTION_MONTHS),
    /** The source of each number above, for the operator and the consumer to read. */
    sources: z.object({
      purposes: z.string(),
      maxConsentDays: z.string(),
      freeSelfAccessPerYear: z.string(),
      scoreRange: z.string(),
      negativeRetention: z.string(),
      disputeDeadlineDays: z.string(),
      inquiryRetention: z.string(),
    }),
  })
  .meta({ id: 'JurisdictionProfile' })
export type JurisdictionProfile = z.infer<typeof jurisdictionProfileSchema>

const rule = (
  purpose: Purpose,
  consentRequired: boolean,
  hardInquiry: boolean,
  legalGround: string,
): PurposeRule => ({ purpose, consentRequired, hardInquiry, legalGround })

const DEFAULT_SCORE_RANGE = { min: 300, max: 850 }
const BUREAU_POLICY_VALIDITY =
  'no statutory maximum: bureau policy of one year, after which the consumer is asked again'

// GDPR profiles: the bureau's score is an automated decision when a lender draws strongly on it (CJEU C-634/21
// SCHUFA, 7 Dec 2023, on art. 22(1)); of the art. 22(2) exceptions only explicit consent (22(2)(c)) does not
// depend on national law such as §31 BDSG, whose compatibility the Court questioned. So every member read
// rests on consent (art. 6(1)(a), demonstrable under art. 7(1): the signed artefact). Employment is not
// offered: consent given to a prospective employer is rarely free (art. 7(4), recital 43; EDPB Guidelines
// 05/2020 on consent, paras 21-22).
const GDPR_CONSENT = 'GDPR art. 6(1)(a), 7 and 22(2)(c) explicit consent (CJEU C-634/21)'
const gdprPurposes = (selfAccess: string): PurposeRule[] => [
  rule('credit_application', true, true, GDPR_CONSENT),
  rule('account_review', true, false, GDPR_CONSENT),
  rule('collection', true, false, GDPR_CONSENT),
  rule('tenancy', true, false, GDPR_CONSENT),
  rule('insurance', true, false, GDPR_CONSENT),
  rule('self_access', false, false, selfAccess),
]

const PBOC_CONSENT =
  '征信业管理条例 art. 18 (written consent, agreed purpose) and art. 20 (use only for that purpose)'
const KHR_CONSENT =
  'Act CXXII of 2011 on the Central Credit Information System (KHR Act) §1, with the consumer consent'

const profiles: Record<JurisdictionCode, JurisdictionProfile> = {
  'US-FCRA': {
    code: 'US-FCRA',
    name: 'United States: Fair Credit Reporting Act (15 U.S.C. §1681 et seq.)',
    purposes: [
      rule('credit_application', false, true, 'FCRA §604(a)(3)(A)'),
      rule('account_review', false, false, 'FCRA §604(a)(3)(A) (review of an account), §604(a)(3)(F)(ii)'),
      rule('collection', false, false, 'FCRA §604(a)(3)(A) (collection of an account)'),
      rule('tenancy', false, false, 'FCRA §604(a)(3)(F)(i) (business transaction initiated by the consumer)'),
      rule(
        'employment',
        true,
        false,
        'FCRA §604(a)(3)(B) with the written authorization of §604(b)(2)(A)(ii)',
      ),
      rule('insurance', false, false, 'FCRA §604(a)(3)(C)'),
      rule('self_access', false, false, 'FCRA §609(a) and §612(a)'),
    ],
    maxConsentDays: 365,
    // §612(a)(1)(A) requires one free disclosure per 12 months from each nationwide bureau; the three
    // nationwide bureaus have offered free weekly reports since 2020 and made them permanent in September 2023.
    // A consent-first bureau follows the practice, not the floor.
    freeSelfAccessPerYear: 52,
    scoreRange: DEFAULT_SCORE_RANGE,
    negativeRetentionYears: 7,
    negativeRetentionFrom: 'first_delinquency',
    disputeDeadlineDays: 30,
    inquiryRetentionMonths: 24,
    sources: {
      purposes: 'FCRA §604(a)(3)(A)-(F); employment only with written authorization, §604(b)(2)',
      maxConsentDays: BUREAU_POLICY_VALIDITY,
      freeSelfAccessPerYear:
        'FCRA §612(a)(1)(A) floor of one per 12 months; weekly free reports, permanent practice of the nationwide bureaus since September 2023',
      scoreRange: 'industry convention (300-850)',
      negativeRetention:
        'FCRA §605(a)(4)-(5): 7 years, counted per §605(c)(1) from the date of first delinquency',
      disputeDeadlineDays: 'FCRA §611(a)(1)(A): reinvestigation within 30 days',
      inquiryRetention:
        'no statutory term (FCRA §605(a) bounds adverse items, not inquiries): the nationwide bureaus show hard inquiries for 24 months',
    },
  },
  'CN-PBOC': {
    code: 'CN-PBOC',
    name: 'China: Regulations on the Administration of the Credit Reporting Industry (征信业管理条例, State Council 2013)',
    purposes: [
      rule('credit_application', true, true, PBOC_CONSENT),
      rule('account_review', true, false, PBOC_CONSENT),
      rule('collection', true, false, PBOC_CONSENT),
      rule('tenancy', true, false, PBOC_CONSENT),
      rule('employment', true, false, PBOC_CONSENT),
      rule('insurance', true, false, PBOC_CONSENT),
      rule('self_access', false, false, '征信业管理条例 art. 17'),
    ],
    maxConsentDays: 365,
    freeSelfAccessPerYear: 2,
    scoreRange: DEFAULT_SCORE_RANGE,
    negativeRetentionYears: 5,
    negativeRetentionFrom: 'delinquency_end',
    disputeDeadlineDays: 20,
    inquiryRetentionMonths: 24,
    sources: {
      purposes:
        '征信业管理条例 art. 18 and 20: written consent for every query, used only for the agreed purpose',
      maxConsentDays: BUREAU_POLICY_VALIDITY,
      freeSelfAccessPerYear: '征信业管理条例 art. 17: two free credit reports a year',
      scoreRange: 'the regulations set no score scale; default range',
      negativeRetention: '征信业管理条例 art. 16: 5 years from the day the adverse behaviour or event ends',
      disputeDeadlineDays: '征信业管理条例 art. 25: verify and answer within 20 days of the objection',
      inquiryRetention:
        'the regulations set no term: the PBoC credit reference centre’s report lists the queries of the last two years',
    },
  },
  'HU-KHR': {
    code: 'HU-KHR',
    name: 'Hungary: Act CXXII of 2011 on the Central Credit Information System (KHR)',
    purposes: [
      rule('credit_application', true, true, KHR_CONSENT),
      rule('account_review', true, false, KHR_CONSENT),
      rule('self_access', false, false, 'GDPR art. 15 and the KHR Act right to information'),
    ],
    maxConsentDays: 365,
    freeSelfAccessPerYear: 1,
    scoreRange: DEFAULT_SCORE_RANGE,
    negativeRetentionYears: 5,
    negativeRetentionFrom: 'settlement',
    disputeDeadlineDays: 30,
    inquiryRetentionMonths: 24,
    sources: {
      purposes:
        'KHR Act §1: the data serve only the assessment of creditworthiness for financial services, so tenancy, employment, insurance and collection reads are not offered; consent for every member read',
      maxConsentDays: BUREAU_POLICY_VALIDITY,
      freeSelfAccessPerYear: 'GDPR art. 15(3): the first copy is free',
      scoreRange: 'no statutory score scale; default range',
      negativeRetention: 'KHR Act §9: reference data kept for 5 years, counted here from repayment',
      disputeDeadlineDays: 'GDPR art. 12(3): one month, taken as 30 days',
      inquiryRetention: 'the KHR Act sets no term for inquiries shown to members: bureau policy of 24 months',
    },
  },
  'DE-SCHUFA': {
    code: 'DE-SCHUFA',
    name: 'Germany: GDPR with the BDSG and the credit bureaus’ code of conduct (SCHUFA practice)',
    purposes: gdprPurposes('GDPR art. 15'),
    maxConsentDays: 365,
    freeSelfAccessPerYear: 1,
    // SCHUFA's score published in 2025: twelve criteria, 100 to 999 points.
    scoreRange: { min: 100, max: 999 },
    negativeRetentionYears: 3,
    negativeRetentionFrom: 'settlement',
    disputeDeadlineDays: 30,
    inquiryRetentionMonths: 12,
    sources: {
      purposes: 'GDPR art. 6(1)(a), 7 and 22 as read in CJEU C-634/21 (SCHUFA, 7 December 2023)',
      maxConsentDays: BUREAU_POLICY_VALIDITY,
      freeSelfAccessPerYear: 'GDPR art. 15(3): the first copy is free',
      scoreRange: 'SCHUFA score scale of 2025 (100-999 points)',
      negativeRetention:
        'code of conduct of the German credit bureaus on erasure periods (GDPR art. 40, approved by the Hessian DPA): 3 years to the day after settlement',
      disputeDeadlineDays: 'GDPR art. 12(3): one month, taken as 30 days',
      inquiryRetention:
        'GDPR art. 5(1)(e) storage limitation: bureau policy of 12 months, the period the German bureaus give for inquiry data',
    },
  },
  'EU-GDPR': {
    code: 'EU-GDPR',
    name: 'European Union: General Data Protection Regulation (EU) 2016/679',
    purposes: gdprPurposes('GDPR art. 15'),
    maxConsentDays: 365,
    freeSelfAccessPerYear: 1,
    scoreRange: DEFAULT_SCORE_RANGE,
    negativeRetentionYears: 3,
    negativeRetentionFrom: 'settlement',
    disputeDeadlineDays: 30,
    inquiryRetentionMonths: 12,
    sources: {
      purposes: 'GDPR art. 6(1)(a), 7 and 22 as read in CJEU C-634/21 (SCHUFA, 7 December 2023)',
      maxConsentDays: BUREAU_POLICY_VALIDITY,
      freeSelfAccessPerYear: 'GDPR art. 15(3): the first copy is free',
      scoreRange: 'no statutory score scale; default range',
      negativeRetention:
        'GDPR art. 5(1)(e) storage limitation fixes no term: bureau policy follows the German approved code (3 years after settlement)',
      disputeDeadlineDays: 'GDPR art. 12(3): one month, taken as 30 days',
      inquiryRetention:
        'GDPR art. 5(1)(e) storage limitation fixes no term: bureau policy of 12 months, as for DE-SCHUFA',
    },
  },
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}
deepFreeze(profiles)

export function jurisdictionProfile(code: JurisdictionCode): JurisdictionProfile {
  return profiles[code]
}

export const purposeRule = (profile: JurisdictionProfile, purpose: Purpose): PurposeRule | undefined =>
  profile.purposes.find((r) => r.purpose === purpose)

export const isPurposeAllowed = (profile: JurisdictionProfile, purpose: Purpose): boolean =>
  purposeRule(profile, purpose) !== undefined

/** True for a purpose that needs a consent artefact; a purpose the profile does not allow needs more than that. */
export const consentRequired = (profile: JurisdictionProfile, purpose: Purpose): boolean =>
  purposeRule(profile, purpose)?.consentRequired ?? true

export const isHardInquiry = (profile: JurisdictionProfile, purpose: Purpose): boolean =>
  purposeRule(profile, purpose)?.hardInquiry ?? false
