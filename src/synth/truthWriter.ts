// The truth file (`--truth FILE`): per consumer, the SSN that identifies them in the Metro 2 files, the hidden
// traits that drove them, and what happened in the reported window. Never part of what a furnisher sends;
// it exists so that tests of scoring and matching can compare what the bureau infers with what was true.
// Streamed one consumer per line inside a JSON document, so a population of any size fits.
import { open, type FileHandle } from 'node:fs/promises'
import type { SynthAccount } from './generatePopulation.ts'
import type { SynthConsumer } from './population.ts'
import type { SynthOptions } from './synth.model.ts'

/** One consumer's line of the truth file. */
export interface TruthEntry {
  index: number
  /** 9 digits, as in the base segment. */
  ssn: string
  latentRisk: number
  incomeBand: number
  annualIncome: number
  creditAppetite: number
  homeowner: boolean
  /** Accounts of this consumer (as holder) reported in the window. */
  accounts: number
  /** Worst delinquency in the window: 0 current .. 6 (180+ days), 7 charge-off or collection. */
  worstLevel: number
  /** 90+ days past due, charge-off or collection in the window: the usual "bad" of a scorecard. */
  bad: boolean
}

export function truthEntry(consumer: SynthConsumer, accounts: readonly SynthAccount[]): TruthEntry {
  const t = consumer.traits
  const reported = accounts.filter((a) => a.outcome.reportedMonths > 0)
  const worstLevel = Math.max(0, ...reported.map((a) => a.outcome.worstLevel))
  return {
    index: consumer.index,
    ssn: String(consumer.identity.socialSecurityNumber).padStart(9, '0'),
    latentRisk: Math.round(t.latentRisk * 1e6) / 1e6,
    incomeBand: t.incomeBand,
    annualIncome: t.annualIncome,
    creditAppetite: Math.round(t.creditAppetite * 1e6) / 1e6,
    homeowner: t.homeowner,
    accounts: reported.length,
    worstLevel,
    bad: worstLevel >= 3,
  }
}

export class TruthWriter {
  private buffer = ''
  private first = true

  private constructor(private readonly handle: FileHandle) {}

  static async open(path: string, options: SynthOptions, start: string): Promise<TruthWriter> {
    const writer = new TruthWriter(await open(path, 'w'))
    const head = { generator: 'openbureau synth', seed: options.seed, start, months: options.months }
    writer.buffer = `${JSON.stringify(head).slice(0, -1)},"consumers":[\n`
    return writer
  }

  async add(consumer: SynthConsumer, accounts: readonly SynthAccount[]): Promise<void> {
    this.buffer += (this.first ? '' : ',\n') + JSON.stringify(truthEntry(consumer, accounts))
    this.first = false
    if (this.buffer.length >= 1 << 20) {
      await this.handle.write(this.buffer)
      this.buffer = ''
    }
  }

  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined)
  }

  async close(): Promise<void> {
    await this.handle.write(`${this.buffer}\n]}\n`)
    await this.handle.close()
  }
}
