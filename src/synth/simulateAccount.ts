// One account, month by month: payments, missed payments, roll rates, cures, charge-off or collection,
// closure; each reported month rendered as a Metro 2 record (recordFor.ts). State only lives for the length of
// one account's simulation, so a population of any size streams.
//
// Delinquency levels count months past due (CRRG field 17A: 71 = 30-59 days ... 84 = 180+). A missed payment
// due in month t-1 is 30-59 days late at the end of month t. From level L the consumer cures (pays all past
// due), pays one instalment and stays at L, or rolls to L+1; past the product's loss point the account is
// charged off (97) or placed for collection (93).
import type { DataRecord } from '../metro2/index.ts'
import { DELINQUENT_STATUS, NO_HISTORY, currentHistory, historyCode } from './paymentHistory.ts'
import { amortisedBalance, levelPayment } from './amortisation.ts'
import { HISTORY_MONTHS, type AccountPlan } from './planAccounts.ts'
import { recordFor, type AccountPeople, type AccountSnapshot } from './recordFor.ts'
import { Rng } from './rng.ts'
import { addDays, dateIn } from './synth.model.ts'

const S_ACCOUNT = 21

/** Base cure probabilities by level (1..6), before the risk adjustment. */
const CURE = [0, 0.45, 0.35, 0.25, 0.18, 0.12, 0.08]
const STAY = 0.15
const LATE_FEE = 30
/** Monthly probabilities after a loss: paid in full, partial recovery; and of a deletion (DA) of any account. */
const PAID_AFTER_LOSS = 0.012
const RECOVERY = 0.04
const DELETE_RATE = 0.0002

export interface SimulationWindow {
  readonly seed: number
  readonly firstMonth: number
  readonly lastMonth: number
  /** Records are built only for months in [emitFrom, emitTo] (a chunk of the window). */
  readonly emitFrom: number
  readonly emitTo: number
  /** The last month simulated: emitTo, or lastMonth when the whole window's outcome is needed. */
  readonly simulateTo: number
}

/** What the account did in the reported window (all months, whatever was emitted). */
export interface AccountOutcome {
  reportedMonths: number
  /** Worst level reached in the window: 0-6 months past due, 7 for a charge-off or collection. */
  worstLevel: number
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x))

export function simulateAccount(
  plan: AccountPlan,
  people: AccountPeople,
  window: SimulationWindow,
  emit: (month: number, record: DataRecord) => void,
): AccountOutcome {
  return new AccountSimulation(plan, window.seed).run(people, window, emit)
}

const minimumPayment = (balance: number) =>
  balance <= 0 ? 0 : Math.min(balance, Math.max(25, Math.round(balance * 0.03)))

const isTerminal = (status: string) =>
  status === '13' || status === '64' || status === '62' || status === 'DA'

/** The mutable state of one account; a class (not closures) because millions are made per run. */
class AccountSimulation {
  private readonly rng: Rng
  private readonly product: AccountPlan['product']
  private readonly installment: boolean
  private readonly revolving: boolean
  private missProb = 0
  private cureFactor = 1
  /** Revolving: the utilisation this consumer aims at on this account. */
  private targetUse = 0
  private readonly payment: number
  private readonly exactPayment: number
  private amortisedAt = -2
  private amortisedValue = 0
  /** Payment History Profile: the profile at the first simulated month, then one code per month since
   * (CRRG Exhibit 5); the 24-character field is assembled only for the months that are emitted. */
  private initialHistory = NO_HISTORY
  private readonly codes: string[] = []
  private readonly s: AccountSnapshot = {
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
  private level = 0
  private phase: 'open' | 'loss' | 'ended' = 'open'
  /** Instalments paid (I, M). */
  private paid = 0
  private fees = 0
  /** This month's bill (O). */
  private bill: number
  /** Bills outstanding before this month's (O). */
  private unpaid = 0
  /** The instalment or minimum payment missed, fixed when the delinquency starts. */
  private pastDueUnit = 0

  constructor(
    private readonly plan: AccountPlan,
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

  run(
    people: AccountPeople,
    window: SimulationWindow,
    emit: (month: number, record: DataRecord) => void,
  ): AccountOutcome {
    const { plan, s } = this
    const z = people.holderRisk
    this.missProb = this.product.missFactor * sigmoid(-6.4 + 1.15 * z)
    this.cureFactor = Math.exp(-0.35 * z) * (this.product.kind === 'mortgage' ? 0.8 : 1)
    this.targetUse = sigmoid(-1.2 + 1.3 * z + 0.5 * this.rng.normal())
    const start = Math.max(plan.openMonth, window.firstMonth - HISTORY_MONTHS)
    const end = Math.min(window.lastMonth, window.simulateTo)
    const outcome: AccountOutcome = { reportedMonths: 0, worstLevel: 0 }
    if (start > end) return outcome
    this.open(start)
    for (let month = start; month <= end && this.phase !== 'ended'; month++) {
      if (month > start) {
        this.codes.push(historyCode(s.status, s.balance))
        s.actual = 0
        if (this.phase === 'loss') this.afterLoss(month)
        else if (this.level === 0) this.current(month)
        else this.delinquent(month)
      }
      if (month >= window.firstMonth) {
        outcome.reportedMonths++
        const lost = s.status === '97' || s.status === '93' || s.status === '64' || s.status === '62'
        outcome.worstLevel = Math.max(outcome.worstLevel, lost ? 7 : this.level)
        if (month >= window.emitFrom && month <= window.emitTo) {
          s.history = this.historyNow()
          emit(month, recordFor(plan, people, month, s))
        }
      }
      if (isTerminal(s.status)) this.phase = 'ended'
    }
    return outcome
  }

  private amortised(paid: number): number {
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
  private historyNow(): string {
    let profile = ''
    for (let j = this.codes.length - 1; j >= 0 && profile.length < 24; j--) profile += this.codes[j]
    return profile.length >= 24 ? profile : profile + this.initialHistory.slice(0, 24 - profile.length)
  }

  private revolvingBalance(scale: number): number {
    if (this.targetUse < 0.08 && this.rng.chance(0.5)) return 0
    return Math.round(this.plan.amount * Math.min(1, this.targetUse * scale))
  }

  private newBill(): number {
    return Math.round(this.plan.amount * this.rng.range(0.85, 1.15))
  }

  /** The state at the first simulated month: a new account, or one that has run current since it opened. */
  private open(start: number): void {
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

  private close(month: number, finalPayment: number): void {
    const s = this.s
    s.status = '13'
    // CRRG field 17B: Payment Rating is required with status 13; the account was current when paid.
    s.rating = '0'
    s.actual = Math.max(0, Math.round(finalPayment))
    if (s.actual > 0) s.lastPaymentMonth = month
    s.closedMonth = month
    s.balance = 0
    s.pastDue = 0
    s.scheduled = 0
    s.dofd = null
  }

  private current(month: number): void {
    const { s, rng } = this
    if (rng.chance(DELETE_RATE)) {
      s.status = 'DA'
      return
    }
    const owing = this.installment || this.revolving ? s.balance : this.unpaid + this.bill
    if (rng.chance(this.product.closeRate)) return this.close(month, owing)
    // The first payment falls due the month after opening, so it can be 30 days late two months after.
    if (owing > 0 && month - this.plan.openMonth >= 2 && rng.chance(this.missProb)) {
      this.level = 1
      // CRRG field 25: the date the account first became 30 days past due (the missed due date + 30 days).
      s.dofd = addDays(dateIn(month - 1, this.plan.dueDay), 30)
      s.status = DELINQUENT_STATUS[1]
      this.pastDueUnit = this.installment ? this.payment : this.revolving ? s.scheduled : this.bill
      this.accrueMissed()
      return
    }
    if (this.installment) {
      this.paid++
      if (this.paid >= this.plan.termMonths) return this.close(month, s.balance)
      s.balance = this.amortised(this.paid)
      s.actual = this.payment
      s.scheduled = this.payment
    } else if (this.revolving) {
      const before = s.balance
      const transactor = this.targetUse < 0.3 && rng.chance(0.7)
      s.actual =
        before === 0 ? 0 : transactor ? before : Math.min(before, Math.round(s.scheduled * rng.range(1, 3)))
      s.balance = this.revolvingBalance(rng.range(0.75, 1.25))
      s.scheduled = minimumPayment(s.balance)
      s.highest = Math.max(s.highest, s.balance)
    } else {
      s.actual = this.bill
      this.bill = this.newBill()
      s.balance = this.bill
      s.scheduled = this.bill
      s.highest = Math.max(s.highest, this.bill)
    }
    if (s.actual > 0) s.lastPaymentMonth = month
    s.status = '11'
    s.pastDue = 0
  }

  /** A month without (enough) payment at level >= 1: interest and a late fee accrue; bills pile up. */
  private accrueMissed(): void {
    const s = this.s
    if (this.installment) {
      this.fees += LATE_FEE
      s.balance = this.amortised(this.paid) + this.fees
    } else if (this.revolving) {
      s.balance = Math.round(s.balance * (1 + this.plan.apr / 12)) + LATE_FEE
      s.highest = Math.max(s.highest, s.balance)
    } else {
      this.unpaid += this.bill
      this.bill = this.newBill()
      s.balance = this.unpaid + this.bill
      s.scheduled = this.bill
    }
    const owed = this.product.portfolioType === 'O' ? this.unpaid : this.level * this.pastDueUnit + this.fees
    s.pastDue = Math.min(s.balance, owed)
  }

  private delinquent(month: number): void {
    const { s, rng } = this
    const roll = rng.float()
    const cure = Math.min(0.9, (CURE[this.level] ?? 0.08) * this.cureFactor)
    if (roll < cure) {
      // Pays everything past due and this month's instalment: current again, DOFD cleared (CRRG field 25).
      s.actual = s.pastDue + this.pastDueUnit
      s.lastPaymentMonth = month
      const missed = this.level
      this.level = 0
      this.fees = 0
      s.dofd = null
      s.status = '11'
      s.pastDue = 0
      if (this.installment) {
        this.paid = Math.min(this.plan.termMonths, this.paid + missed + 1)
        if (this.paid >= this.plan.termMonths) return this.close(month, s.balance)
        s.balance = this.amortised(this.paid)
      } else if (this.revolving) {
        s.balance = Math.max(0, s.balance - s.actual)
        s.scheduled = minimumPayment(s.balance)
      } else {
        this.unpaid = 0
        this.bill = this.newBill()
        s.balance = this.bill
        s.scheduled = this.bill
      }
      return
    }
    if (roll < cure + STAY) {
      // One instalment paid: the oldest due date moves on, the level stays.
      s.actual = this.pastDueUnit
      s.lastPaymentMonth = month
      if (this.installment) this.paid++
      else if (this.revolving) s.balance = Math.max(0, s.balance - this.pastDueUnit)
      else this.unpaid = Math.max(0, this.unpaid - this.pastDueUnit)
      this.accrueMissed()
      return
    }
    if (this.level >= this.product.lossAfter) return this.loss(month)
    this.level = Math.min(6, this.level + 1)
    s.status = DELINQUENT_STATUS[this.level] ?? '84'
    this.accrueMissed()
  }

  private loss(month: number): void {
    const s = this.s
    this.phase = 'loss'
    this.level = 0
    s.scheduled = 0
    s.pastDue = s.balance
    if (this.product.loss === 'charge_off') {
      // CRRG 97 with field 23 Original Charge-off Amount and field 26 Date Closed; field 25 DOFD stays as it was.
      s.status = '97'
      s.chargeOff = s.balance
      s.closedMonth = month
    } else {
      s.status = '93'
    }
  }

  private afterLoss(month: number): void {
    const { s, rng } = this
    const roll = rng.float()
    if (roll < PAID_AFTER_LOSS) {
      const settled = rng.chance(0.5)
      s.actual = settled ? Math.round(s.balance * rng.range(0.4, 0.8)) : s.balance
      s.lastPaymentMonth = month
      // 64 paid in full, was a charge-off; 62 paid in full, was a collection. AU: settled for less.
      s.status = s.status === '97' ? '64' : '62'
      s.specialComment = settled ? 'AU' : ''
      s.balance = 0
      s.pastDue = 0
      s.closedMonth ??= month
      return
    }
    if (roll < PAID_AFTER_LOSS + RECOVERY && s.balance > 0) {
      s.actual = Math.max(1, Math.round(s.balance * rng.range(0.05, 0.2)))
      s.balance -= s.actual
      s.lastPaymentMonth = month
    }
    s.pastDue = s.balance
  }
}
