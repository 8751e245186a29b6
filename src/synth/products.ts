// The credit products that synthetic furnishers report, as Metro 2 codes (CRRG Base Segment field 8 Portfolio
// Type, field 9 Account Type, field 13 Terms Duration, field 28 Interest Type Indicator) and the behaviour
// parameters the simulation uses for each.
import type { FurnisherKind, ProductKind } from './synth.model.ts'

export type PortfolioType = 'C' | 'I' | 'M' | 'O' | 'R'

/** What happens when delinquency passes `lossAfter` months past due. */
export type LossEvent = 'charge_off' | 'collection' | 'none'

export interface Product {
  readonly kind: ProductKind
  readonly portfolioType: PortfolioType
  readonly accountType: string
  readonly offeredBy: readonly FurnisherKind[]
  /** Multiplier of the monthly probability of missing a payment. */
  readonly missFactor: number
  /** Months past due after which the loss event happens (status 97 or 93 the next month). */
  readonly lossAfter: number
  readonly loss: LossEvent
  /** Monthly probability that a current account is paid off early or closed. */
  readonly closeRate: number
  /** CRRG field 28: F fixed, V variable, blank where no interest is charged. */
  readonly interestType: 'F' | 'V' | ''
  /** Two-digit prefix of the account numbers, per product. */
  readonly numberPrefix: string
}

// Charge-off timing follows the FFIEC Uniform Retail Credit Classification and Account Management Policy:
// open-end credit at 180 days past due, closed-end at 120 days. Utilities and telcos place unpaid final bills
// with collections after about 90 days. Mortgages go to loss mitigation, not charge-off, in this simulation.
export const PRODUCTS: Readonly<Record<ProductKind, Product>> = {
  card: {
    kind: 'card',
    portfolioType: 'R',
    accountType: '18',
    offeredBy: ['bank', 'fintech_lender'],
    missFactor: 1,
    lossAfter: 6,
    loss: 'charge_off',
    closeRate: 0.003,
    interestType: 'V',
    numberPrefix: '41',
  },
  line_of_credit: {
    kind: 'line_of_credit',
    portfolioType: 'C',
    accountType: '15',
    offeredBy: ['bank'],
    missFactor: 0.9,
    lossAfter: 6,
    loss: 'charge_off',
    closeRate: 0.004,
    interestType: 'V',
    numberPrefix: '15',
  },
  heloc: {
    kind: 'heloc',
    portfolioType: 'C',
    accountType: '89',
    offeredBy: ['bank'],
    missFactor: 0.5,
    lossAfter: 6,
    loss: 'charge_off',
    closeRate: 0.004,
    interestType: 'V',
    numberPrefix: '89',
  },
  auto: {
    kind: 'auto',
    portfolioType: 'I',
    accountType: '00',
    offeredBy: ['bank'],
    missFactor: 0.8,
    lossAfter: 4,
    loss: 'charge_off',
    closeRate: 0.012,
    interestType: 'F',
    numberPrefix: '20',
  },
  student: {
    kind: 'student',
    portfolioType: 'I',
    accountType: '12',
    offeredBy: ['bank', 'fintech_lender'],
    missFactor: 1.2,
    lossAfter: 6,
    loss: 'charge_off',
    closeRate: 0.004,
    interestType: 'F',
    numberPrefix: '12',
  },
  personal: {
    kind: 'personal',
    portfolioType: 'I',
    accountType: '01',
    offeredBy: ['fintech_lender', 'bank'],
    missFactor: 1.4,
    lossAfter: 4,
    loss: 'charge_off',
    closeRate: 0.012,
    interestType: 'F',
    numberPrefix: '01',
  },
  mortgage: {
    kind: 'mortgage',
    portfolioType: 'M',
    accountType: '26',
    offeredBy: ['bank'],
    missFactor: 0.35,
    lossAfter: Number.POSITIVE_INFINITY,
    loss: 'none',
    closeRate: 0.005,
    interestType: 'F',
    numberPrefix: '26',
  },
  utility: {
    kind: 'utility',
    portfolioType: 'O',
    accountType: '92',
    offeredBy: ['utility'],
    missFactor: 1.5,
    lossAfter: 3,
    loss: 'collection',
    closeRate: 0.008,
    interestType: '',
    numberPrefix: '92',
  },
  telco: {
    kind: 'telco',
    portfolioType: 'O',
    accountType: '4D',
    offeredBy: ['telco'],
    missFactor: 1.6,
    lossAfter: 3,
    loss: 'collection',
    closeRate: 0.01,
    interestType: '',
    numberPrefix: '4D',
  },
}
