// One account, month by month: payments, missed payments, roll rates, cures, charge-off or collection,
// closure; each reported month rendered as a Metro 2 record (recordFor.ts). State only lives for the length of
// one account's simulation, so a population of any size streams. The state is accountState.ts; the month
// steps and the delinquency levels they move through are accountMonth.ts.
import type { DataRecord } from '../metro2/index.ts'
import { accountMonth } from './accountMonth.ts'
import { AccountState } from './accountState.ts'
import { historyCode } from './paymentHistory.ts'
import { HISTORY_MONTHS, type AccountPlan } from './planAccounts.ts'
import { recordFor, type AccountPeople } from './recordFor.ts'

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

const isTerminal = (status: string) =>
  status === '13' || status === '64' || status === '62' || status === 'DA'

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x))

export function simulateAccount(
  plan: AccountPlan,
  people: AccountPeople,
  window: SimulationWindow,
  emit: (month: number, record: DataRecord) => void,
): AccountOutcome {
  const acct = new AccountState(plan, window.seed)
  const s = acct.s
  const z = people.holderRisk
  acct.missProb = acct.product.missFactor * sigmoid(-6.4 + 1.15 * z)
  acct.cureFactor = Math.exp(-0.35 * z) * (acct.product.kind === 'mortgage' ? 0.8 : 1)
  acct.targetUse = sigmoid(-1.2 + 1.3 * z + 0.5 * acct.rng.normal())
  const start = Math.max(plan.openMonth, window.firstMonth - HISTORY_MONTHS)
  const end = Math.min(window.lastMonth, window.simulateTo)
  const outcome: AccountOutcome = { reportedMonths: 0, worstLevel: 0 }
  if (start > end) return outcome
  acct.open(start)
  for (let month = start; month <= end && acct.phase !== 'ended'; month++) {
    if (month > start) {
      acct.codes.push(historyCode(s.status, s.balance))
      s.actual = 0
      accountMonth(acct, month)
    }
    if (month >= window.firstMonth) {
      outcome.reportedMonths++
      const lost = s.status === '97' || s.status === '93' || s.status === '64' || s.status === '62'
      outcome.worstLevel = Math.max(outcome.worstLevel, lost ? 7 : acct.level)
      if (month >= window.emitFrom && month <= window.emitTo) {
        s.history = acct.historyNow()
        emit(month, recordFor(plan, people, month, s))
      }
    }
    if (isTerminal(s.status)) acct.phase = 'ended'
  }
  return outcome
}
