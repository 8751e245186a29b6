import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { generatePopulation } from './generatePopulation.ts'

describe('accountMonth', () => {
  it('keeps every current revolving account at or below its credit limit, a cured one included', () => {
    // The seed and shape of the population where a cure once left a card at 1,470 on a 1,400 limit.
    const options = { consumers: 1500, furnishers: 9, months: 6, seed: 5, errorRate: 0, start: '2024-01' }
    const over: string[] = []
    let current = 0
    for (const consumer of generatePopulation(options)) {
      for (const account of consumer.accounts) {
        for (const { record } of account.records) {
          const b = record.base
          if (b.accountStatus !== '11' || (b.portfolioType !== 'R' && b.portfolioType !== 'C')) continue
          current++
          if (b.currentBalance > b.creditLimit)
            over.push(
              `${b.consumerAccountNumber} ${b.dateAccountInformation}: ${b.currentBalance} > ${b.creditLimit}`,
            )
        }
      }
    }
    assert.ok(current > 1000, `${current} current revolving records`)
    assert.deepEqual(over, [])
  })
})
