// The rules of a JSON Lines record that span its fields: one SSN per consumer, funders named once whose shares
// make the whole loan, and an alternative-payment account of the Metro 2 type of its kind. Zod checks them
// (jsonl.model.ts); the exported JSON Schema says the first two in words and the last as if/then.
import type { z } from 'zod'

export const ALTERNATIVE_PAYMENT_KINDS = ['utility', 'telecom', 'rent'] as const
/** Metro 2 account types for the same accounts (CRRG Exhibit 1): 92 utility, 4D telecommunication, 29 rental agreement. */
export const ALTERNATIVE_PAYMENT_ACCOUNT_TYPES: Readonly<
  Record<(typeof ALTERNATIVE_PAYMENT_KINDS)[number], string>
> = {
  utility: '92',
  telecom: '4D',
  rent: '29',
}

type Consumer = { socialSecurityNumber: number; nationalId?: { type: string; value: string } | undefined }
type Path = (string | number)[]

/** What the rules read of a record, as zod gives it once every field has passed. */
interface AcrossFields {
  base: Consumer & { portfolioType: string; accountType: string }
  j1: Consumer[]
  j2: Consumer[]
  funders?: { funder: string; share: number }[] | undefined
  alternativePayment?: { kind: (typeof ALTERNATIVE_PAYMENT_KINDS)[number] } | undefined
}

const consumersOf = (r: AcrossFields): [Path, Consumer][] => [
  [['base'], r.base],
  ...r.j1.map((c, i): [Path, Consumer] => [['j1', i], c]),
  ...r.j2.map((c, i): [Path, Consumer] => [['j2', i], c]),
]

/** A US SSN given twice that differs once written as nine digits: identity would silently use one of them. */
function ssnConflicts(c: Consumer): boolean {
  if (c.nationalId?.type !== 'us-ssn' || c.socialSecurityNumber === 0) return false
  const given = c.nationalId.value.normalize('NFKC').replace(/\D/g, '')
  return given !== String(c.socialSecurityNumber).padStart(9, '0')
}

export function checkAcrossFields(r: AcrossFields, ctx: z.RefinementCtx): void {
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
}

/** The alternative-payment rule as JSON Schema: one if/then per kind. */
export const alternativePaymentRules = (): object[] =>
  Object.entries(ALTERNATIVE_PAYMENT_ACCOUNT_TYPES).map(([kind, accountType]) => ({
    if: {
      properties: { alternativePayment: { properties: { kind: { const: kind } } } },
      required: ['alternativePayment'],
    },
    then: {
      properties: {
        base: { properties: { portfolioType: { const: 'O' }, accountType: { const: accountType } } },
      },
    },
  }))
