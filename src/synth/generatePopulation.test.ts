import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { DataRecord } from '../metro2/index.ts'
import { generatePopulation, type SynthConsumerOutput } from './generatePopulation.ts'
import { historyCode, shiftHistory } from './paymentHistory.ts'
import { hiddenTraits } from './population.ts'
import { monthEnd, parseMonth } from './synth.model.ts'

const NEEDS_DOFD = new Set('61 62 63 64 65 71 78 80 82 83 84 88 89 93 94 95 96 97'.split(' '))
const RATING_REQUIRED = new Set(['05', '13', '65', '88', '89', '94', '95'])
const options = { consumers: 2000, furnishers: 5, months: 12, seed: 20240101, errorRate: 0, start: '2024-01' }
const population: SynthConsumerOutput[] = [...generatePopulation(options)]
const accounts = population.flatMap((c) => c.accounts)
const records = accounts.flatMap((a) => a.records)
const bases = records.map((r) => r.record.base)
/** Each account's records by month, in order. */
const timelines: DataRecord[][] = accounts.map((a) => a.records.map((r) => r.record))

function consecutive(): [DataRecord, DataRecord][] {
  return timelines.flatMap((t) => t.slice(1).map((r, i): [DataRecord, DataRecord] => [t[i]!, r]))
}

describe('generatePopulation', () => {
  it('gives each consumer several accounts of several types', () => {
    const perConsumer = accounts.length / population.length
    assert.ok(perConsumer >= 3 && perConsumer <= 8, `accounts per consumer ${perConsumer}`)
    const types = new Set(bases.map((b) => `${b.portfolioType}${b.accountType}`))
    for (const t of ['R18', 'C15', 'I00', 'I01', 'I12', 'M26', 'O92', 'O4D']) assert.ok(types.has(t), t)
  })

  it('reports one record per account and month, at the month end, in the reported window', () => {
    const first = parseMonth(options.start)
    const ends = new Set(Array.from({ length: options.months }, (_, i) => monthEnd(first + i)))
    for (const r of records) assert.ok(ends.has(r.record.base.dateAccountInformation!))
    for (const t of timelines) {
      const doais = t.map((r) => r.base.dateAccountInformation!)
      assert.deepEqual([...doais].sort(), doais)
      assert.equal(new Set(doais).size, doais.length)
    }
  })

  it('gives revolving accounts limits and keeps balances within sane bounds', () => {
    for (const b of bases) {
      assert.ok(b.currentBalance >= 0 && b.amountPastDue >= 0 && b.scheduledMonthlyPaymentAmount >= 0)
      assert.ok(b.amountPastDue <= b.currentBalance, `${b.consumerAccountNumber} past due above balance`)
      if (b.portfolioType === 'R' || b.portfolioType === 'C') {
        assert.ok(b.creditLimit > 0)
        assert.ok(
          b.currentBalance <= 1.6 * b.creditLimit + 500,
          `${b.consumerAccountNumber} ${b.currentBalance}`,
        )
        assert.equal(b.termsDuration, b.portfolioType === 'R' ? 'REV' : 'LOC')
      } else {
        assert.equal(b.creditLimit, 0)
      }
      if (b.portfolioType === 'I' || b.portfolioType === 'M') {
        assert.ok(b.highestCredit > 0)
        assert.ok(b.currentBalance <= b.highestCredit * 1.1 + 1000)
        assert.match(b.termsDuration, /^\d{3}$/)
      }
      if (b.portfolioType === 'M') assert.ok(['015', '030'].includes(b.termsDuration))
      if (b.portfolioType === 'O') assert.equal(b.termsDuration, '001')
      // CRRG field 12: a revolving or open account's Highest Credit is the highest balance it reached.
      if (b.portfolioType === 'R' || b.portfolioType === 'C' || b.portfolioType === 'O')
        assert.ok(
          b.currentBalance <= b.highestCredit,
          `${b.consumerAccountNumber} ${b.dateAccountInformation} status ${b.accountStatus}: balance ${b.currentBalance} above highest credit ${b.highestCredit}`,
        )
    }
  })

  it('reports joint accounts, authorised users and co-makers', () => {
    const joint = records.filter(
      (r) => r.record.base.ecoaCode === '2' && r.record.j1.some((j) => j.ecoaCode === '2'),
    )
    const authorised = records.filter((r) => r.record.j1.some((j) => j.ecoaCode === '3'))
    const comakers = records.filter(
      (r) => r.record.base.ecoaCode === '7' && r.record.j2.some((j) => j.ecoaCode === '5'),
    )
    assert.ok(joint.length > 100 && authorised.length > 100 && comakers.length > 10)
    for (const r of joint) {
      const j = r.record.j1[0]!
      assert.notEqual(j.socialSecurityNumber, r.record.base.socialSecurityNumber)
    }
  })

  it('keeps dates in order and DOFD exactly where CRRG asks for it', () => {
    for (const b of bases) {
      const doai = b.dateAccountInformation!
      assert.ok(b.dateOpened! <= doai)
      if (b.dateClosed !== null) assert.ok(b.dateOpened! <= b.dateClosed && b.dateClosed <= doai)
      if (b.dateLastPayment !== null)
        assert.ok(b.dateOpened! <= b.dateLastPayment && b.dateLastPayment <= doai)
      if (NEEDS_DOFD.has(b.accountStatus)) {
        assert.ok(b.dateFirstDelinquency !== null, `${b.accountStatus} without DOFD`)
        assert.ok(b.dateOpened! < b.dateFirstDelinquency && b.dateFirstDelinquency <= doai)
      } else {
        assert.equal(b.dateFirstDelinquency, null)
      }
      assert.equal(b.paymentRating !== '', RATING_REQUIRED.has(b.accountStatus), b.accountStatus)
    }
  })

  it('shifts the payment history profile by one month between consecutive reports (CRRG Exhibit 5)', () => {
    const pairs = consecutive()
    assert.ok(pairs.length > 10_000)
    for (const [prev, next] of pairs) {
      const expected = shiftHistory(
        prev.base.paymentHistoryProfile,
        historyCode(prev.base.accountStatus, prev.base.currentBalance),
      )
      assert.equal(next.base.paymentHistoryProfile, expected, next.base.consumerAccountNumber)
    }
    for (const t of timelines) {
      const first = t[0]?.base
      if (
        first !== undefined &&
        first.dateOpened!.slice(0, 7) === first.dateAccountInformation!.slice(0, 7)
      ) {
        assert.equal(first.paymentHistoryProfile, 'B'.repeat(24))
      }
    }
  })

  it('lets delinquency roll, persist, cure, and end in charge-off or collection with DOFD kept', () => {
    const pairs = consecutive()
    const order = ['11', '71', '78', '80', '82', '83', '84']
    const rolls = pairs.filter(
      ([a, b]) =>
        order.indexOf(b.base.accountStatus) === order.indexOf(a.base.accountStatus) + 1 &&
        a.base.accountStatus !== '11',
    )
    const cures = pairs.filter(
      ([a, b]) => ['71', '78', '80'].includes(a.base.accountStatus) && b.base.accountStatus === '11',
    )
    const chargeOffs = pairs.filter(
      ([a, b]) => a.base.accountStatus === '97' && b.base.accountStatus === '97',
    )
    const collections = pairs.filter(
      ([a, b]) => a.base.accountStatus === '93' && b.base.accountStatus === '93',
    )
    assert.ok(rolls.length > 20 && cures.length > 10 && chargeOffs.length > 20 && collections.length > 20)
    for (const [a, b] of pairs) {
      const stillDelinquent = NEEDS_DOFD.has(a.base.accountStatus) && NEEDS_DOFD.has(b.base.accountStatus)
      if (stillDelinquent) assert.equal(b.base.dateFirstDelinquency, a.base.dateFirstDelinquency)
    }
    for (const [, b] of cures) assert.equal(b.base.dateFirstDelinquency, null)
    for (const [a, b] of chargeOffs) {
      assert.ok(b.base.originalChargeOffAmount > 0)
      assert.equal(b.base.originalChargeOffAmount, a.base.originalChargeOffAmount)
      assert.ok(b.base.dateClosed !== null)
      assert.equal(b.base.amountPastDue, b.base.currentBalance)
      assert.equal(b.base.paymentHistoryProfile[0], 'L')
    }
  })

  it('closes accounts with status 13, a date closed, zero balance, and reports them no more', () => {
    const closed = timelines.filter((t) => t.some((r) => r.base.accountStatus === '13'))
    assert.ok(closed.length > 50)
    for (const t of closed) {
      const last = t[t.length - 1]!.base
      assert.equal(last.accountStatus, '13')
      assert.equal(last.currentBalance, 0)
      assert.ok(last.dateClosed !== null)
      assert.equal(last.paymentRating, '0')
    }
  })

  it('opens new accounts during the reported months', () => {
    const first = options.start
    assert.ok(
      bases.filter((b) => b.dateOpened! > first && b.paymentHistoryProfile === 'B'.repeat(24)).length > 50,
    )
  })

  it('exposes the hidden traits that drove each consumer', () => {
    for (const c of population.slice(0, 50))
      assert.deepEqual(c.consumer.traits, hiddenTraits(options.seed, c.consumer.index))
  })

  it('is deterministic for a seed and changes with it', () => {
    const again = [...generatePopulation({ ...options, consumers: 200 })]
    assert.deepEqual(
      again.map((c) => c.accounts.map((a) => a.records.map((r) => r.record))),
      population.slice(0, 200).map((c) => c.accounts.map((a) => a.records.map((r) => r.record))),
    )
    const other = [...generatePopulation({ ...options, consumers: 200, seed: 7 })]
    assert.notDeepEqual(
      other.map((c) => c.accounts.length),
      again.map((c) => c.accounts.length),
    )
  })

  it('emits exactly the months of a chunk, identical to the same months of the whole window', () => {
    const first = parseMonth(options.start)
    const chunk = [...generatePopulation({ ...options, consumers: 200 }, { from: first + 4, to: first + 6 })]
    const expected = population
      .slice(0, 200)
      .map((c) =>
        c.accounts.map((a) => a.records.filter((r) => r.month >= first + 4 && r.month <= first + 6)),
      )
    assert.deepEqual(
      chunk.map((c) => c.accounts.map((a) => a.records)),
      expected,
    )
  })
})

describe('generatePopulation with an account count', () => {
  it('stops at exactly that many accounts, each reported', () => {
    const out = [...generatePopulation({ accounts: 1234, furnishers: 1, months: 1, seed: 3, errorRate: 0 })]
    const reported = out.flatMap((c) => c.accounts)
    assert.equal(reported.length, 1234)
    assert.equal(reported.flatMap((a) => a.records).length, 1234)
    assert.ok(reported.every((a) => a.plan.furnisher.index === 0))
  })
})

describe('latent risk', () => {
  it('carries into later delinquency: rank correlation clearly above zero on 5,000 consumers', () => {
    const risk: number[] = []
    const worst: number[] = []
    for (const c of generatePopulation({
      consumers: 5000,
      furnishers: 5,
      months: 12,
      seed: 99,
      errorRate: 0,
    })) {
      risk.push(c.consumer.traits.latentRisk)
      worst.push(Math.max(0, ...c.accounts.map((a) => a.outcome.worstLevel)))
    }
    const rho = spearman(risk, worst)
    assert.ok(rho > 0.2, `Spearman rho ${rho}`)
  })

  it('raises utilisation and recent openings', () => {
    const rows = population.map((c) => {
      const cards = c.accounts.flatMap((a) =>
        a.records.filter((r) => r.record.base.portfolioType === 'R').slice(0, 1),
      )
      const used = cards.reduce((s, r) => s + r.record.base.currentBalance, 0)
      const limit = cards.reduce((s, r) => s + r.record.base.creditLimit, 0)
      const recent = c.accounts.filter((a) => a.plan.openMonth >= parseMonth(options.start) - 12).length
      return { z: c.consumer.traits.latentRisk, use: limit > 0 ? used / limit : undefined, recent }
    })
    const withCards = rows.filter((r) => r.use !== undefined)
    assert.ok(
      spearman(
        withCards.map((r) => r.z),
        withCards.map((r) => r.use!),
      ) > 0.3,
    )
    assert.ok(
      spearman(
        rows.map((r) => r.z),
        rows.map((r) => r.recent),
      ) > 0.1,
    )
  })
})

function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0])
  const result = new Array<number>(values.length)
  for (let i = 0; i < order.length;) {
    let j = i
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++
    for (let k = i; k <= j; k++) result[order[k]![1]] = (i + j) / 2
    i = j + 1
  }
  return result
}

function spearman(xs: number[], ys: number[]): number {
  const rx = ranks(xs)
  const ry = ranks(ys)
  const n = xs.length
  const m = (n - 1) / 2
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    sxy += (rx[i]! - m) * (ry[i]! - m)
    sxx += (rx[i]! - m) ** 2
    syy += (ry[i]! - m) ** 2
  }
  return sxy / Math.sqrt(sxx * syy)
}
