import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { z } from 'zod'
import { queryInteger, queryIntegerProblem } from './query-number.ts'

describe('queryInteger', () => {
  const messages = (schema: z.ZodType, text: string) =>
    schema.safeParse(text).error?.issues.map((i) => i.message) ?? []

  it('takes decimal digits in range as their number', () => {
    const limit = queryInteger({ min: 1, max: 500 })
    assert.deepEqual(
      ['1', '42', '500', '007'].map((t) => limit.parse(t)),
      [1, 42, 500, 7],
    )
    assert.equal(queryInteger({ min: 0 }).parse('0'), 0)
  })

  it('names a number out of range as too large or too small, however many digits it has', () => {
    const before = queryInteger({ min: 1 })
    assert.deepEqual(messages(before, '99999999999999999999'), [
      `too large: must be at most ${Number.MAX_SAFE_INTEGER}`,
    ])
    assert.deepEqual(messages(before, '9007199254740992'), [
      `too large: must be at most ${Number.MAX_SAFE_INTEGER}`,
    ])
    const limit = queryInteger({ min: 1, max: 500 })
    assert.deepEqual(messages(limit, '-1'), ['too small: must be at least 1'])
    assert.deepEqual(messages(limit, '0'), ['too small: must be at least 1'])
    assert.deepEqual(messages(limit, '501'), ['too large: must be at most 500'])
    assert.deepEqual(messages(limit, '-' + '9'.repeat(30)), ['too small: must be at least 1'])
  })

  it('refuses what is not a whole number in decimal digits as such, and a sign on a number in range', () => {
    for (const text of ['', '0x10', '1e2', ' 5', '4.5', '+5', '--1', '١٢'])
      assert.equal(queryIntegerProblem(text, 1, 500), 'expected a whole number in decimal digits', text)
    assert.equal(
      queryIntegerProblem('-0', 0, 10),
      'expected a whole number in decimal digits, without a sign',
    )
  })
})
