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

// Padding for a bureau with fewer than four furnishers. An attacker who knows the member list can strike these
// out, so a bureau that small cannot hide the true lender; a national bureau has hundreds of furnishers.
const FILLER_LENDERS = [
  'Harbour Savings Bank',
  'Northfield Credit Union',
  'Meridian Consumer Finance',
  'Keystone Auto Finance',
]

const OPTION_IDS = ['a', 'b', 'c', 'd'] as const

/**
 * The oldest year the year question names, as years before the current one; its choice reads "<year> or
 * earlier" and is the answer for every account opened that year or before.
 */
export const YEARS_SHOWN_BACK = 12
/**
 * The share of consumers taken to open a new account in any one year: the stand-in "most recent account" of a
 * person without one is that many years old with the geometric odds this rate gives, so that stand-ins cluster
 * in recent years as real accounts do. An estimate; the bureau's own files are the way to tune it.
 */
const YEARLY_OPENING_RATE = 0.3

const choices = (options: readonly string[], none: string): Question['choices'] => [
  ...options.map((text, i) => ({ id: OPTION_IDS[i]!, text })),
  { id: 'none' as const, text: none },
]

/**
 * Four lender names: the lender of the most recent account, or for a person without one a stand-in, and three
 * decoys, shown in an order drawn per name.
 *
 * The decoys are drawn from every furnisher but that one lender, the same way for everyone: on file or not,
 * whatever other lenders the consumer has. Leaving out all of the consumer's own lenders (as this once did)
 * made the pool of a person on file smaller, so a small bureau's list ran out and filler names appeared for
 * people on file only, and the furnishers never shown were exactly the consumer's other lenders. So the
 * question asks for the lender of the most recent account, which has one right answer even when another lender
 * of the consumer's is a decoy; fillers come in only when the bureau has fewer than four furnishers, and then
 * as many for everyone (4 - n).
 *
 * The four are then ordered by a draw per name, which does not know which name is the truth (DESIGN.md
 * principle 2). The truth was once put at a drawn position among decoys listed real furnishers first: a person
 * not on file always got the real names before the fillers, so a real furnisher after a filler showed both that
 * the national ID was on file and which furnisher was its lender. The order draw is its own label, apart from
 * the decoy ranks: ordered by those, the decoys (the best ranked of the others) would come before the truth
 * more often than not. Now, for a bureau of four furnishers or fewer, a person's list is the same whoever the
 * truth is and whether they are on file or not; beyond that, the true lender is one of the four, at a position
 * that only the order draws decide. The stand-in is drawn the way the decoys are, so the names of a person not
 * on file are any four furnishers alike; a real lender follows the market shares of the furnishers, which this
 * pure function does not see.
 */
function lenderOptions(input: QuestionInput): { options: string[]; right: ChoiceId } {
  const real = new Set(input.lenders)
  // Real furnishers first, fillers only when they run out; each group in an order drawn per person.
  const ranked = [...new Set([...input.lenders, ...FILLER_LENDERS])]
    .map((name) => ({ name, filler: !real.has(name), rank: input.draw(`decoy:${name}`) }))
    .sort((x, y) => Number(x.filler) - Number(y.filler) || x.rank - y.rank || (x.name < y.name ? -1 : 1))
    .map((d) => d.name)
  const truth = input.account?.lender ?? ranked[0]!
  const options = [truth, ...ranked.filter((name) => name !== truth).slice(0, 3)]
    .map((name) => ({ name, order: input.draw(`order:${name}`) }))
    .sort((x, y) => x.order - y.order || (x.name < y.name ? -1 : 1))
    .map((o) => o.name)
  return {
    options,
    right: input.account === undefined ? 'none' : OPTION_IDS[options.indexOf(truth)]!,
  }
}

/**
 * Four consecutive years around the year opened (or a drawn stand-in), from YEARS_SHOWN_BACK years ago to the
 * current year at most; the first reads "<year> or earlier" when it is the oldest year shown.
 *
 * The window is placed by one rule from one year, real or stand-in, and clamped into the same range for both,
 * so no window shows that a person is on file. Before, stand-ins lay at most ten years back while real years
 * could be any year, and a window older than any stand-in's gave a person on file away. An account older than
 * the range counts as opened in its oldest year, which its "or earlier" choice answers truthfully. The
 * stand-in's age follows the geometric odds of YEARLY_OPENING_RATE rather than a flat draw, since real most
 * recent accounts are mostly a few years old: windows then also come up about as often for both, not only
 * from the same range. Exactly as often would take stand-ins drawn from real files, which this pure function
 * does not see.
 */
function yearOptions(input: QuestionInput): { options: string[]; right: ChoiceId } {
  const oldest = input.currentYear - YEARS_SHOWN_BACK
  const year = Math.min(
    Math.max(input.account?.yearOpened ?? input.currentYear - standInAge(input.draw('decoy-year')), oldest),
    // A year opened after the current one is a clock a little behind the furnisher's: the latest year it is.
    input.currentYear,
  )
  const first = Math.max(Math.min(year - (input.draw('year-position') % 4), input.currentYear - 3), oldest)
  const options = [0, 1, 2, 3].map((i) => String(first + i))
  if (first === oldest) options[0] = `${oldest} or earlier`
  return { options, right: input.account !== undefined ? OPTION_IDS[year - first]! : 'none' }
}

/** Years back of a stand-in most recent account: geometric, censored at YEARS_SHOWN_BACK; `draw` a uint32. */
function standInAge(draw: number): number {
  const u = (draw + 0.5) / 2 ** 32
  return Math.min(Math.floor(Math.log(u) / Math.log(1 - YEARLY_OPENING_RATE)), YEARS_SHOWN_BACK)
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
        text: 'Which of these lenders holds your most recently opened credit account?',
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
