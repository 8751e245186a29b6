// The three enrolment questions, built from the consumer's own file (the way bureaus verify a caller: which
// lender, what year, what balance). Pure: the caller supplies the account, the lender names and the draws.
//
// Every person gets the same three texts and five choices per question, the fifth always "none". For a
// person with an account, one choice per question is right; for a person with no account, or not on file, or
// whose name or birth date did not match, the four options are decoys drawn the same way, and "none" is right
// (the service makes the last group unpassable). So the questions do not tell who is on file (DESIGN.md
// principle 2). The year and balance questions name no lender: naming it would give the first answer away,
// and would tell whoever holds a stolen national ID where its owner banks.
import type { Answers, ChoiceId, Question } from './consumers.model.ts'

export interface QuestionAccount {
  lender: string
  /** The year of the account's Date Opened (CRRG field 10). */
  yearOpened: number
  /** The Current Balance (CRRG field 21), whole currency units. */
  balance: number
}

export interface QuestionInput {
  /** The most recently opened account of the consumer; undefined when they have none (or are not on file). */
  account: QuestionAccount | undefined
  /** The consumer's own lenders: never offered as decoys. */
  ownLenders: readonly string[]
  /** The names of the bureau's furnishers: the decoy pool. */
  lenders: readonly string[]
  currentYear: number
  /** A deterministic draw per label (keyed-hashes.ts): the same person sees the same choices every time. */
  draw: (label: string) => number
}

/** The balance question's ranges, as [lowest, highest] in whole units, the last open-ended. */
export const BALANCE_RANGES: readonly { text: string; min: number; max: number }[] = [
  { text: '0 - 499', min: 0, max: 499 },
  { text: '500 - 1,999', min: 500, max: 1999 },
  { text: '2,000 - 9,999', min: 2000, max: 9999 },
  { text: '10,000 or more', min: 10_000, max: Number.POSITIVE_INFINITY },
]

// Padding for a bureau with fewer than four other furnishers. An attacker who knows the member list can strike
// these out, so a bureau that small cannot hide the true lender; a national bureau has hundreds of furnishers.
const FILLER_LENDERS = [
  'Harbour Savings Bank',
  'Northfield Credit Union',
  'Meridian Consumer Finance',
  'Keystone Auto Finance',
]

const OPTION_IDS = ['a', 'b', 'c', 'd'] as const
/** How far back the decoy "most recent account" of a person without one may lie. */
const DECOY_YEARS_BACK = 10

const choices = (options: readonly string[], none: string): Question['choices'] => [
  ...options.map((text, i) => ({ id: OPTION_IDS[i]!, text })),
  { id: 'none' as const, text: none },
]

/** Four lender names: the true one (if any) at a drawn position, the rest decoys in a drawn order. */
function lenderOptions(input: QuestionInput): { options: string[]; right: ChoiceId } {
  const own = new Set([...input.ownLenders, ...(input.account ? [input.account.lender] : [])])
  const pool = [...new Set([...input.lenders, ...FILLER_LENDERS])].filter((name) => !own.has(name))
  const real = new Set(input.lenders)
  // Real furnishers first, fillers only when they run out; each group in an order drawn per person.
  const ranked = pool
    .map((name) => ({ name, filler: !real.has(name), rank: input.draw(`decoy:${name}`) }))
    .sort((x, y) => Number(x.filler) - Number(y.filler) || x.rank - y.rank || (x.name < y.name ? -1 : 1))
    .map((d) => d.name)
  if (input.account === undefined) return { options: ranked.slice(0, 4), right: 'none' }
  const at = input.draw('lender-position') % 4
  const options = ranked.slice(0, 3)
  options.splice(at, 0, input.account.lender)
  return { options, right: OPTION_IDS[at]! }
}

/** Four consecutive years around the year opened (or a drawn stand-in), none after the current year. */
function yearOptions(input: QuestionInput): { options: string[]; right: ChoiceId } {
  const year = input.account?.yearOpened ?? input.currentYear - (input.draw('decoy-year') % DECOY_YEARS_BACK)
  const first = Math.min(year - (input.draw('year-position') % 4), input.currentYear - 3)
  const options = [0, 1, 2, 3].map((i) => String(first + i))
  const at = year - first
  return {
    options,
    right: input.account !== undefined && at >= 0 && at < 4 ? OPTION_IDS[at]! : 'none',
  }
}

function balanceRight(account: QuestionAccount | undefined): ChoiceId {
  if (account === undefined) return 'none'
  const at = BALANCE_RANGES.findIndex((r) => account.balance >= r.min && account.balance <= r.max)
  // A negative balance (a credit balance) is not a range offered: "none" is then the truthful answer.
  return at < 0 ? 'none' : OPTION_IDS[at]!
}

export function buildQuestions(input: QuestionInput): { questions: Question[]; answers: Answers } {
  const lender = lenderOptions(input)
  const year = yearOptions(input)
  return {
    questions: [
      {
        id: 'lender',
        text: 'Which of these lenders holds a credit account of yours?',
        choices: choices(lender.options, 'None of these'),
      },
      {
        id: 'yearOpened',
        text: 'In what year did you open your most recently opened credit account?',
        choices: choices(year.options, 'I have no credit account'),
      },
      {
        id: 'balance',
        text: 'What range is the current balance of that account in?',
        choices: choices(
          BALANCE_RANGES.map((r) => r.text),
          'I have no credit account',
        ),
      },
    ],
    answers: { lender: lender.right, yearOpened: year.right, balance: balanceRight(input.account) },
  }
}
