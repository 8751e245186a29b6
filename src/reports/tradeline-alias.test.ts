import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { z } from 'zod'
import { pendingSealKey } from '../audit/index.ts'
import { tradelineAliases, tradelineAliasKey } from './tradeline-alias.ts'

const STORED = '0f5b1c4e-2a7d-8e31-9b40-5c6d7e8f9a0b'

describe('tradelineAliases', () => {
  const master = randomBytes(32)
  const key = tradelineAliasKey(master)

  it('gives one member the same id of an account every time, and another member another', () => {
    const a = tradelineAliases(key, 'bank-a')
    assert.equal(a(STORED), tradelineAliases(key, 'bank-a')(STORED))
    assert.equal(a(STORED), a(STORED.toUpperCase()), 'the stored id is read in either case')
    assert.notEqual(a(STORED), tradelineAliases(key, 'bank-b')(STORED))
    assert.notEqual(a(STORED), a('0f5b1c4e-2a7d-8e31-9b40-5c6d7e8f9a0c'))
    assert.notEqual(a(STORED), STORED)
  })

  it('formats it as the stored ids are: a UUID of version 8 and the RFC 9562 variant', () => {
    for (let i = 0; i < 200; i++) {
      const id = tradelineAliases(key, `member-${i}`)(STORED)
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      assert.equal(z.uuid().safeParse(id).success, true, id)
    }
  })

  it('depends on the master key, through a key of its own label', () => {
    assert.deepEqual(tradelineAliasKey(master), key, 'every server of the bureau derives the same key')
    const other = tradelineAliasKey(randomBytes(32))
    assert.notEqual(tradelineAliases(other, 'bank-a')(STORED), tradelineAliases(key, 'bank-a')(STORED))
    assert.notDeepEqual(key, pendingSealKey(master))
    assert.notDeepEqual(key, new Uint8Array(master))
  })
})
