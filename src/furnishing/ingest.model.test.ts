import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { tradelineId } from './ingest.model.ts'

describe('tradelineId', () => {
  // Stored accounts are found again by this id each month: it must never change. These were computed by the
  // first implementation (SHA-256 digest bytes with the version and variant bits set, then formatted).
  it('gives the ids that accounts are already stored under', () => {
    for (const [furnisher, account, id] of [
      ['synth-bank-001', 'ACC0000001', 'bbe1136f-a559-8afb-9ede-53c8d584a66d'],
      ['acme-bank', '4111-0000-2222', 'a92410d9-d40b-89e4-bbee-8a7abafbbaef'],
      ['pay-plat', 'Ü-42', 'eefe8d80-f583-8c1c-b379-ad81bcc2240b'],
      ['x', '', '14f825b2-bbc3-8dd8-9196-367fa8776873'],
    ] as const)
      assert.equal(tradelineId(furnisher, account), id)
  })

  it('is a version 8 UUID with the RFC 9562 variant, whatever the input', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      const id = tradelineId(randomBytes(4).toString('hex'), randomBytes(1 + (i % 20)).toString('base64'))
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      seen.add(id[19]!)
    }
    assert.deepEqual([...seen].sort(), ['8', '9', 'a', 'b'])
  })

  it('keeps furnisher and account apart: the same characters split differently are another account', () => {
    assert.notEqual(tradelineId('ab', 'c'), tradelineId('a', 'bc'))
  })
})
