// One month of one account after the first simulated month: a payment, a missed payment, a cure, a roll to
// the next level, a charge-off or collection, a recovery, a closure or a deletion.
//
// Delinquency levels count months past due (CRRG field 17A: 71 = 30-59 days ... 84 = 180+). A missed payment
// due in month t-1 is 30-59 days late at the end of month t. From level L the consumer cures (pays all past
// due), pays one instalment and stays at L, or rolls to L+1; past the product's loss point the account is
// charged off (97) or placed for collection (93).
import { DELINQUENT_STATUS } from './paymentHistory.ts'
import { minimumPayment, type AccountState } from './accountState.ts'
import { addDays, dateIn } from './synth.model.ts'

/** Base cure probabilities by level (1..6), before the risk adjustment. */
const CURE = [0, 0.45, 0.35, 0.25, 0.18, 0.12, 0.08]
const STAY = 0.15
const LATE_FEE = 30
/** Monthly probabilities after a loss: paid in full, partial recovery; and of a deletion (DA) of any account. */
const PAID_AFTER_LOSS = 0.012
const RECOVERY = 0.04
const DELETE_RATE = 0.0002

/** Moves the account on by one month, from where it stands: after a loss, current, or delinquent. */
export function accountMonth(acct: AccountState, month: number): void {
  if (acct.phase === 'loss') afterLoss(acct, month)
  else if (acct.level === 0) current(acct, month)
  else delinquent(acct, month)
  // CRRG field 12: for a revolving or open account, Highest Credit is the highest balance reached, never below
  // the current balance. Kept here, whatever moved the balance: missed bills piling up on a utility account once
  // reported a balance of 504 against a highest credit of 145. An instalment loan's is its original amount.
  if (!acct.installment) acct.s.highest = Math.max(acct.s.highest, acct.s.balance)
}

function close(acct: AccountState, month: number, finalPayment: number): void {
  const s = acct.s
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

function current(acct: AccountState, month: number): void {
  const { s, rng } = acct
  if (rng.chance(DELETE_RATE)) {
    s.status = 'DA'
    return
  }
  const owing = acct.installment || acct.revolving ? s.balance : acct.unpaid + acct.bill
  if (rng.chance(acct.product.closeRate)) return close(acct, month, owing)
  // The first payment falls due the month after opening, so it can be 30 days late two months after.
  if (owing > 0 && month - acct.plan.openMonth >= 2 && rng.chance(acct.missProb)) {
    acct.level = 1
    // CRRG field 25: the date the account first became 30 days past due (the missed due date + 30 days).
    s.dofd = addDays(dateIn(month - 1, acct.plan.dueDay), 30)
    s.status = DELINQUENT_STATUS[1]
    acct.pastDueUnit = acct.installment ? acct.payment : acct.revolving ? s.scheduled : acct.bill
    accrueMissed(acct)
    return
  }
  if (acct.installment) {
    acct.paid++
    if (acct.paid >= acct.plan.termMonths) return close(acct, month, s.balance)
    s.balance = acct.amortised(acct.paid)
    s.actual = acct.payment
    s.scheduled = acct.payment
  } else if (acct.revolving) {
    const before = s.balance
    const transactor = acct.targetUse < 0.3 && rng.chance(0.7)
    s.actual =
      before === 0 ? 0 : transactor ? before : Math.min(before, Math.round(s.scheduled * rng.range(1, 3)))
    s.balance = acct.revolvingBalance(rng.range(0.75, 1.25))
    s.scheduled = minimumPayment(s.balance)
  } else {
    s.actual = acct.bill
    acct.bill = acct.newBill()
    s.balance = acct.bill
    s.scheduled = acct.bill
  }
  if (s.actual > 0) s.lastPaymentMonth = month
  s.status = '11'
  s.pastDue = 0
}

/** A month without (enough) payment at level >= 1: interest and a late fee accrue; bills pile up. */
function accrueMissed(acct: AccountState): void {
  const s = acct.s
  if (acct.installment) {
    acct.fees += LATE_FEE
    s.balance = acct.amortised(acct.paid) + acct.fees
  } else if (acct.revolving) {
    s.balance = Math.round(s.balance * (1 + acct.plan.apr / 12)) + LATE_FEE
  } else {
    acct.unpaid += acct.bill
    acct.bill = acct.newBill()
    s.balance = acct.unpaid + acct.bill
    s.scheduled = acct.bill
  }
  const owed = acct.product.portfolioType === 'O' ? acct.unpaid : acct.level * acct.pastDueUnit + acct.fees
  s.pastDue = Math.min(s.balance, owed)
}

function delinquent(acct: AccountState, month: number): void {
  const { s, rng } = acct
  const roll = rng.float()
  const cure = Math.min(0.9, (CURE[acct.level] ?? 0.08) * acct.cureFactor)
  if (roll < cure) {
    // Pays everything past due and this month's instalment: current again, DOFD cleared (CRRG field 25).
    s.actual = s.pastDue + acct.pastDueUnit
    s.lastPaymentMonth = month
    const missed = acct.level
    acct.level = 0
    acct.fees = 0
    s.dofd = null
    s.status = '11'
    s.pastDue = 0
    if (acct.installment) {
      acct.paid = Math.min(acct.plan.termMonths, acct.paid + missed + 1)
      if (acct.paid >= acct.plan.termMonths) return close(acct, month, s.balance)
      s.balance = acct.amortised(acct.paid)
    } else if (acct.revolving) {
      // The late months' interest and fees (accrueMissed) can take the balance past the limit: the catch-up
      // payment also covers the excess, so that a current account is within its credit limit (CRRG field 11).
      s.actual = Math.max(s.actual, s.balance - acct.plan.amount)
      s.balance = Math.max(0, s.balance - s.actual)
      s.scheduled = minimumPayment(s.balance)
    } else {
      acct.unpaid = 0
      acct.bill = acct.newBill()
      s.balance = acct.bill
      s.scheduled = acct.bill
    }
    return
  }
  if (roll < cure + STAY) {
    // One instalment paid: the oldest due date moves on, the level stays.
    s.actual = acct.pastDueUnit
    s.lastPaymentMonth = month
    if (acct.installment) acct.paid++
    else if (acct.revolving) s.balance = Math.max(0, s.balance - acct.pastDueUnit)
    else acct.unpaid = Math.max(0, acct.unpaid - acct.pastDueUnit)
    accrueMissed(acct)
    return
  }
  if (acct.level >= acct.product.lossAfter) return loss(acct, month)
  acct.level = Math.min(6, acct.level + 1)
  s.status = DELINQUENT_STATUS[acct.level] ?? '84'
  accrueMissed(acct)
}

function loss(acct: AccountState, month: number): void {
  const s = acct.s
  acct.phase = 'loss'
  acct.level = 0
  s.scheduled = 0
  s.pastDue = s.balance
  if (acct.product.loss === 'charge_off') {
    // CRRG 97 with field 23 Original Charge-off Amount and field 26 Date Closed; field 25 DOFD stays as it was.
    s.status = '97'
    s.chargeOff = s.balance
    s.closedMonth = month
  } else {
    s.status = '93'
  }
}

function afterLoss(acct: AccountState, month: number): void {
  const { s, rng } = acct
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
