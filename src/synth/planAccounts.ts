// Which accounts a consumer holds: those open when the simulation starts (24 months before the first reported
// month, so the first file already carries a full Payment History Profile) and those opened during the
// reported months. Counts, amounts and prices follow the hidden traits: higher latent risk means more recent
// openings, more new accounts, smaller limits and higher rates.
import { PRODUCTS, type Product } from './products.ts'
import { birthYear, type SynthConsumer } from './population.ts'
import { hashUnit, Rng } from './rng.ts'
import { monthOf, type ProductKind, type SynthFurnisher } from './synth.model.ts'

const S_PLAN = 11
const S_COSIGNER = 12
/** Months simulated before the first reported one: the 24 positions of the Payment History Profile. */
export const HISTORY_MONTHS = 24

export interface PlanContext {
  readonly seed: number
  /** First and last reported months (integers, see synth.model.ts). */
  readonly firstMonth: number
  readonly lastMonth: number
  readonly furnishers: readonly SynthFurnisher[]
  /** Consumers beyond this index do not exist (Infinity when consumers are generated until an account count). */
  readonly populationSize: number
}

/** A consumer on the account besides its holder: J1 (same address) or J2 (another address). */
export interface AssociatedConsumer {
  readonly index: number
  /** CRRG ECOA codes: 2 joint contractual liability, 3 authorised user, 5 co-maker or guarantor. */
  readonly ecoa: '2' | '3' | '5'
  readonly segment: 'j1' | 'j2'
}

export interface AccountPlan {
  readonly consumer: number
  /** Position among the consumer's accounts: part of the account number and of every random stream. */
  readonly slot: number
  readonly product: Product
  readonly furnisher: SynthFurnisher
  readonly accountNumber: string
  readonly openMonth: number
  readonly openDay: number
  /** Day of the month payments fall due (5-28, so a missed payment is 30-59 days late at the next month end). */
  readonly dueDay: number
  /** Original amount (I, M), credit limit (R, C) or typical monthly bill (O), whole dollars. */
  readonly amount: number
  /** Scheduled number of monthly payments (I, M); 0 otherwise. */
  readonly termMonths: number
  readonly apr: number
  /** The holder's ECOA code: 1 individual, 2 joint, 7 maker (with a co-maker). */
  readonly ecoa: '1' | '2' | '7'
  readonly associated: readonly AssociatedConsumer[]
}

/** The segment an associated consumer takes on each product (at most one per account): a partner on joint
 * and authorised-user accounts shares the holder's address (J1); a student loan's co-maker lives elsewhere (J2). */
export const ASSOCIATED_SEGMENT: Readonly<Partial<Record<ProductKind, 'j1' | 'j2'>>> = {
  mortgage: 'j1',
  heloc: 'j1',
  auto: 'j1',
  card: 'j1',
  line_of_credit: 'j1',
  student: 'j2',
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x))
const round100 = (x: number) => Math.max(100, Math.round(x / 100) * 100)

interface Terms {
  amount: number
  termMonths: number
  apr: number
}

const BAND_CARD_LIMIT = [0, 1500, 3000, 6000, 10_000, 18_000]

function termsFor(kind: ProductKind, consumer: SynthConsumer, rng: Rng): Terms {
  const { latentRisk: z, incomeBand: band } = consumer.traits
  const risk = clamp(z, -2, 3)
  switch (kind) {
    case 'card':
      return {
        amount: round100((BAND_CARD_LIMIT[band] ?? 3000) * Math.exp(-0.25 * risk) * rng.logNormal(0, 0.4)),
        termMonths: 0,
        apr: 0.2 + 0.03 * risk,
      }
    case 'line_of_credit':
      return {
        amount: round100(rng.range(3000, 15_000) * (band / 3)),
        termMonths: 0,
        apr: 0.12 + 0.02 * risk,
      }
    case 'heloc':
      return {
        amount: round100(rng.range(20_000, 90_000) * (band / 3)),
        termMonths: 0,
        apr: 0.085 + 0.01 * risk,
      }
    case 'auto':
      return {
        amount: round100(rng.logNormal(Math.log(26_000) + 0.15 * (band - 3), 0.35)),
        termMonths: rng.pick([36, 48, 60, 60, 72, 72]),
        apr: clamp(0.07 + 0.025 * risk + rng.range(-0.01, 0.01), 0.01, 0.25),
      }
    case 'student':
      return {
        amount: round100(rng.logNormal(Math.log(24_000), 0.5)),
        termMonths: 120,
        apr: 0.055 + 0.01 * risk,
      }
    case 'personal':
      return {
        amount: round100(rng.logNormal(Math.log(9000) + 0.1 * (band - 3), 0.5)),
        termMonths: rng.pick([24, 36, 36, 48, 60]),
        apr: clamp(0.13 + 0.04 * risk, 0.06, 0.36),
      }
    case 'mortgage':
      return {
        amount: round100(rng.logNormal(Math.log(240_000) + 0.3 * (band - 3), 0.4)),
        termMonths: rng.chance(0.8) ? 360 : 180,
        apr: clamp(0.05 + 0.005 * risk + rng.range(-0.02, 0.02), 0.025, 0.09),
      }
    case 'utility':
      return { amount: Math.round(rng.logNormal(Math.log(120), 0.35)), termMonths: 0, apr: 0 }
    case 'telco':
      return { amount: Math.round(rng.logNormal(Math.log(85), 0.3)), termMonths: 0, apr: 0 }
  }
}

/** Consumers whose own credit life is under way (born 20+ years before) and who can co-sign: earlier indices. */
function findCosigner(ctx: PlanContext, consumer: SynthConsumer, bornYear: number): number | undefined {
  if (consumer.index === 0) return undefined
  for (let attempt = 0; attempt < 8; attempt++) {
    const j = Math.floor(hashUnit(ctx.seed, S_COSIGNER, consumer.index, attempt) * consumer.index)
    if (j !== consumer.partner && birthYear(ctx.seed, j) <= bornYear - 20) return j
  }
  return undefined
}

export function planAccounts(consumer: SynthConsumer, ctx: PlanContext): AccountPlan[] {
  return new AccountPlanner(consumer, ctx).plan()
}

/** One consumer's planning; a class rather than closures because it runs once per consumer, millions of times. */
class AccountPlanner {
  private readonly rng: Rng
  private readonly plans: AccountPlan[] = []
  private readonly born: number
  private readonly adult: number
  private readonly earliest: number
  /** Probability that a card or personal loan was opened in the last 12 months: rises with risk. */
  private readonly pRecent: number
  private readonly partnerExists: boolean

  constructor(
    private readonly consumer: SynthConsumer,
    private readonly ctx: PlanContext,
  ) {
    const { latentRisk: z, creditAppetite: appetite, tenureShare } = consumer.traits
    this.rng = Rng.from(ctx.seed, S_PLAN, consumer.index)
    this.born = monthOf(consumer.identity.dateBirth)
    this.adult = this.born + 18 * 12
    this.earliest = Math.max(
      this.adult,
      ctx.firstMonth - Math.round((ctx.firstMonth - this.adult) * tenureShare),
    )
    this.pRecent = clamp(0.12 + 0.1 * z + 0.05 * appetite, 0.03, 0.45)
    this.partnerExists = consumer.partner !== undefined && consumer.partner < ctx.populationSize
  }

  plan(): AccountPlan[] {
    const { rng, ctx, consumer } = this
    const { latentRisk: z, creditAppetite: appetite, incomeBand: band, homeowner } = consumer.traits
    const primary = consumer.primary
    const cards = Math.min(6, rng.poisson(clamp(0.5 + 0.3 * band + 0.25 * appetite, 0.2, 5)))
    for (let i = 0; i < cards; i++) this.add('card', this.preWindow(true))
    if (homeowner && primary) this.running('mortgage')
    if (homeowner && primary && rng.chance(0.12)) this.add('heloc', this.preWindow(false))
    if (rng.chance(0.3 + 0.05 * band)) this.running('auto')
    if (ctx.firstMonth - this.born < 45 * 12 && rng.chance(0.4)) this.running('student')
    if (rng.chance(clamp(0.1 + 0.06 * z + 0.04 * appetite, 0.02, 0.4))) {
      const terms = termsFor('personal', consumer, rng)
      const recent = rng.chance(this.pRecent)
      const lo = Math.max(this.earliest, ctx.firstMonth - (recent ? 12 : terms.termMonths - 1))
      this.add('personal', this.between(lo, ctx.firstMonth - 1), terms)
    }
    if (rng.chance(0.08)) this.add('line_of_credit', this.preWindow(false))
    if (rng.chance(0.75)) this.add('utility', this.preWindow(false))
    if (rng.chance(0.85)) this.add('telco', this.preWindow(false))

    // New accounts during the reported months: a monthly rate that rises with risk and appetite.
    const rate = clamp(0.012 * Math.exp(0.5 * z + 0.35 * appetite), 0.002, 0.08)
    const young = ctx.firstMonth - this.born < 35 * 12
    const kinds: ProductKind[] = [
      'card',
      'personal',
      'auto',
      'telco',
      'utility',
      'line_of_credit',
      'student',
      'mortgage',
    ]
    const weights = [
      0.45,
      0.15 + 0.05 * Math.max(z, 0),
      0.15,
      0.1,
      0.06,
      0.04,
      young ? 0.05 : 0,
      homeowner && primary ? 0.03 : 0,
    ]
    for (let month = ctx.firstMonth; month <= ctx.lastMonth; month++) {
      if (month < this.adult || !rng.chance(rate)) continue
      this.add(kinds[rng.weighted(weights)] ?? 'card', month)
    }
    return this.plans
  }

  /** A month in [lo, hi], or undefined when the range is empty (e.g. a consumer too young for old accounts). */
  private between(lo: number, hi: number): number | undefined {
    return lo > hi ? undefined : this.rng.int(lo, hi)
  }

  private preWindow(recentBias: boolean): number | undefined {
    const last = this.ctx.firstMonth - 1
    return recentBias && this.rng.chance(this.pRecent)
      ? this.between(Math.max(this.earliest, this.ctx.firstMonth - 12), last)
      : this.between(this.earliest, last)
  }

  /** Installment loans still running at the first reported month: opened less than a term ago. */
  private running(kind: ProductKind): void {
    const terms = termsFor(kind, this.consumer, this.rng)
    const simStart = this.ctx.firstMonth - HISTORY_MONTHS
    const oldest = kind === 'mortgage' ? simStart - 25 * 12 : 0
    const lo = Math.max(this.earliest, this.ctx.firstMonth - terms.termMonths + 1, oldest)
    this.add(kind, this.between(lo, this.ctx.firstMonth - 1), terms)
  }

  private add(kind: ProductKind, openMonth: number | undefined, terms?: Terms): void {
    const { rng, ctx, consumer, plans } = this
    if (openMonth === undefined || plans.length >= 99) return
    const product = PRODUCTS[kind]
    const offering = ctx.furnishers.filter((f) => product.offeredBy.includes(f.kind))
    if (offering.length === 0) return
    const furnisher = rng.pick(offering)
    const t = terms ?? termsFor(kind, consumer, rng)
    const slot = plans.length
    let ecoa: AccountPlan['ecoa'] = '1'
    const associated: AssociatedConsumer[] = []
    const segment = ASSOCIATED_SEGMENT[kind]
    const jointRate = kind === 'mortgage' ? 0.8 : kind === 'heloc' ? 0.6 : kind === 'auto' ? 0.3 : 0
    if (segment === undefined) {
      // Utility and telco accounts: individual.
    } else if (this.partnerExists && consumer.primary && rng.chance(jointRate)) {
      ecoa = '2'
      associated.push({ index: consumer.partner!, ecoa: '2', segment })
    } else if (this.partnerExists && (kind === 'card' || kind === 'line_of_credit') && rng.chance(0.2)) {
      associated.push({ index: consumer.partner!, ecoa: '3', segment })
    } else if (kind === 'student' && openMonth - this.born < 30 * 12 && rng.chance(0.3)) {
      const cosigner = findCosigner(ctx, consumer, Math.floor(this.born / 12))
      if (cosigner !== undefined) {
        ecoa = '7'
        associated.push({ index: cosigner, ecoa: '5', segment })
      }
    }
    plans.push({
      consumer: consumer.index,
      slot,
      product,
      furnisher,
      accountNumber: `${product.numberPrefix}${String(consumer.index).padStart(10, '0')}${String(slot).padStart(2, '0')}`,
      openMonth,
      openDay: rng.int(1, 28),
      dueDay: rng.int(5, 28),
      amount: t.amount,
      termMonths: t.termMonths,
      apr: t.apr,
      ecoa,
      associated,
    })
  }
}
