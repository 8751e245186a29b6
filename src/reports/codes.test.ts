import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { maskAccount } from './codes.ts'

describe('maskAccount', () => {
  it('shows at most the last four characters and never more than half, however short the number', () => {
    assert.deepEqual(
      [
        '7',
        '21',
        '321',
        '4321',
        '54321',
        'AUTO-1',
        'LOAN-78',
        '12345678',
        '123456789012',
        '1234567890123456',
      ].map(maskAccount),
      ['*', '*1', '**1', '**21', '***21', '***O-1', '****-78', '****5678', '********9012', '********3456'],
    )
  })

  it('hides at least as many characters as it shows', () => {
    for (let n = 1; n <= 40; n++) {
      const masked = maskAccount('x'.repeat(n))
      const shown = masked.replace(/^\*+/, '').length
      assert.ok(shown <= 4 && shown * 2 <= n, `${n}: ${masked}`)
      assert.ok(masked.startsWith('*'), `${n}: ${masked}`)
    }
  })
})
