// The population as a stream: consumer after consumer, each with its accounts and their monthly records.
// Nothing accumulates: a consumer's output is yielded and forgotten, so memory is bounded by one consumer.
import { synthConsumer, type SynthConsumer } from './population.ts'
import { planAccounts, type AccountPlan, type PlanContext } from './planAccounts.ts'
import { chooseError, plantError } from './plantError.ts'
import { hashInts } from './rng.ts'
import { simulateAccount, type AccountOutcome } from './simulateAccount.ts'
import {
  parseMonth,
  synthOptionsSchema,
  type SynthFurnisher,
  type SynthOptions,
  type SynthOptionsInput,
  type SynthRecord,
} from './synth.model.ts'
import { synthFurnishers } from './synthFurnishers.ts'

export interface SynthAccount {
  plan: AccountPlan
  records: SynthRecord[]
  outcome: AccountOutcome
}

export interface SynthConsumerOutput {
  consumer: SynthConsumer
  accounts: SynthAccount[]
}

/** A part of the window to emit (month integers, both included); the whole window by default. */
export interface MonthChunk {
  from: number
  to: number
}

export interface GenerationPlan {
  options: SynthOptions
  furnishers: SynthFurnisher[]
  firstMonth: number
  lastMonth: number
}

export function generationPlan(input: SynthOptionsInput): GenerationPlan {
  const options = synthOptionsSchema.parse(input)
  const firstMonth = parseMonth(options.start)
  return {
    options,
    furnishers: synthFurnishers(options.furnishers),
    firstMonth,
    lastMonth: firstMonth + options.months - 1,
  }
}

/**
 * Consumers in index order with their accounts and records. With `accounts` set, consumers continue until
 * exactly that many accounts have been reported in the window (the last consumer's list is cut).
 */
export function* generatePopulation(
  input: SynthOptionsInput,
  chunk?: MonthChunk,
): Generator<SynthConsumerOutput> {
  const plan = generationPlan(input)
  const { options, firstMonth, lastMonth } = plan
  const emitFrom = chunk?.from ?? firstMonth
  const emitTo = chunk?.to ?? lastMonth
  const cap = options.accounts
  const populationSize = cap === undefined ? options.consumers : Number.POSITIVE_INFINITY
  const ctx: PlanContext = {
    seed: options.seed,
    firstMonth,
    lastMonth,
    furnishers: plan.furnishers,
    populationSize,
  }
  // Cutting at an account count needs each account's whole-window outcome, whatever chunk is emitted.
  const window = {
    seed: options.seed,
    firstMonth,
    lastMonth,
    emitFrom,
    emitTo,
    simulateTo: cap === undefined ? emitTo : lastMonth,
  }
  // Partners are neighbours (2h, 2h+1): a few recent consumers cover nearly every associated-consumer lookup.
  const recent = new Map<number, SynthConsumer>()
  const consumerAt = (index: number): SynthConsumer => {
    let consumer = recent.get(index)
    if (consumer === undefined) {
      if (recent.size >= 8) recent.clear()
      consumer = synthConsumer(options.seed, index)
      recent.set(index, consumer)
    }
    return consumer
  }

  let accountsSoFar = 0
  for (let index = 0; index < populationSize; index++) {
    if (cap !== undefined && accountsSoFar >= cap) return
    const consumer = consumerAt(index)
    const accounts: SynthAccount[] = []
    for (const account of planAccounts(consumer, ctx)) {
      const people = {
        holder: consumer.identity,
        holderRisk: consumer.traits.latentRisk,
        associated: account.associated.map((a) => consumerAt(a.index).identity),
      }
      const records: SynthRecord[] = []
      const outcome = simulateAccount(account, people, window, (month, record) => {
        const kind = chooseError(options.errorRate, options.seed, index, account.slot, month, record)
        const error =
          kind === undefined
            ? undefined
            : plantError(record, kind, hashInts(options.seed, index, account.slot, month))
        records.push({ furnisher: account.furnisher.index, month, record, error })
      })
      if (cap !== undefined) {
        if (outcome.reportedMonths === 0) continue
        if (accountsSoFar >= cap) break
        accountsSoFar++
      }
      accounts.push({ plan: account, records, outcome })
    }
    yield { consumer, accounts }
  }
}
