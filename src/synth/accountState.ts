// The state of one simulated account and what is derived from it alone: the amortised balance, the Payment
// History Profile, a revolving balance or a new bill, and the state at the first simulated month. The month
// steps (accountMonth.ts) and the run loop (simulateAccount.ts) move it on.
import { NO_HISTORY, currentHistory } from './paymentHistory.ts'
import { amortisedBalance, levelPayment } from './amortisation.ts'
import type { AccountPlan } from './planAccounts.ts'
import type { AccountSnapshot } from './recordFor.ts'
import { Rng } from './rng.ts'

const S_ACCOUNT = 21

export const minimumPayment = (balance: number) =>
  balance <= 0 ? 0 : Math.min(balance, Math.max(25, Math.round(balance * 0.03)))

/** The mutable state of one account; a class (not closures) because millions are made per run. */
export class AccountState {
  readonly rng: Rng
  readonly product: AccountPlan['product']
  readonly installment: boolean
  readonly revolving: boolean
  missProb = 0
  cureFactor = 1
  /** Revolving: the utilisation this consumer aims at on this account. */
  targetUse = 0
  readonly payment: number
  private readonly exactPayment: number
  private amortisedAt = -2
  private amortisedValue = 0
  /** Payment History Profile: the profile at the first simulated month, then one code per month since
   * (CRRG Exhibit 5); the 24-character field is assembled only for the months that are emitted. */
  private initialHistory = NO_HISTORY
  readonly codes: string[] = []
  readonly s: AccountSnapshot = {
    status: '11',
    rating: '',
    history: NO_HISTORY,
    balance: 0,
    pastDue: 0,
    scheduled: 0,
    actual: 0,
    highest: 0,
    chargeOff: 0,
    dofd: null,
    closedMonth: undefined,
    lastPaymentMonth: undefined,
    specialComment: '',
  }
  level = 0
  phase: 'open' | 'loss' | 'ended' = 'open'
  /** Instalments paid (I, M). */
  paid = 0
  fees = 0
  /** This month's bill (O). */
  bill: number
  /** Bills outstanding before this month's (O). */
  unpaid = 0
  /** The instalment or minimum payment missed, fixed when the delinquency starts. */
  pastDueUnit = 0

  constructor(
    readonly plan: AccountPlan,
    seed: number,
  ) {
    this.rng = Rng.from(seed, S_ACCOUNT, plan.consumer, plan.slot)
    this.product = plan.product
    this.installment = this.product.portfolioType === 'I' || this.product.portfolioType === 'M'
    this.revolving = this.product.portfolioType === 'R' || this.product.portfolioType === 'C'
    this.exactPayment = this.installment ? levelPayment(plan.amount, plan.apr, plan.termMonths) : 0
    this.payment = Math.round(this.exactPayment)
    this.bill = plan.amount
  }

  amortised(paid: number): number {
    const { amount, apr, termMonths } = this.plan
    // Most months pay exactly one instalment: one step of the recurrence instead of the closed form.
    if (paid === this.amortisedAt + 1 && paid < termMonths) {
      this.amortisedValue = this.amortisedValue * (1 + apr / 12) - this.exactPayment
    } else {
      this.amortisedValue = amortisedBalance(amount, apr, termMonths, paid, this.exactPayment)
    }
    this.amortisedAt = paid
    return Math.max(0, Math.round(this.amortisedValue))
  }

  /** Newest first: last month's code, then the months before, then the profile the account started with. */
  historyNow(): string {
    let profile = ''
    for (let j = this.codes.length - 1; j >= 0 && profile.length < 24; j--) profile += this.codes[j]
    return profile.length >= 24 ? profile : profile + this.initialHistory.slice(0, 24 - profile.length)
  }

  revolvingBalance(scale: number): number {
    if (this.targetUse < 0.08 && this.rng.chance(0.5)) return 0
    return Math.round(this.plan.amount * Math.min(1, this.targetUse * scale))
  }

  newBill(): number {
    return Math.round(this.plan.amount * this.rng.range(0.85, 1.15))
  }

  /** The state at the first simulated month: a new account, or one that has run current since it opened. */
  open(start: number): void {
    const { plan, s, rng } = this
    if (plan.openMonth < start) this.initialHistory = currentHistory(start - plan.openMonth)
    if (this.installment) {
      this.paid = Math.max(0, start - plan.openMonth)
      s.balance = this.amortised(this.paid)
      s.highest = plan.amount
      s.scheduled = this.payment
      if (this.paid > 0) {
        s.actual = this.payment
        s.lastPaymentMonth = start
      }
    } else if (this.revolving) {
      s.balance =
        plan.openMonth >= start
          ? Math.round(plan.amount * this.targetUse * rng.range(0, 0.6))
          : this.revolvingBalance(rng.range(0.75, 1.25))
      s.highest = Math.max(
        s.balance,
        Math.round(plan.amount * Math.min(1, this.targetUse * rng.range(1, 1.5))),
      )
      s.scheduled = minimumPayment(s.balance)
    } else {
      this.bill = this.newBill()
      s.balance = this.bill
      s.highest = this.bill
      s.scheduled = this.bill
    }
  }
}
