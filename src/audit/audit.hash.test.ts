import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { canonicalEvent, canonicalJson, hashEvent, type HashedFields } from './audit.hash.ts'
import { GENESIS_HASH } from './audit.model.ts'

const event: HashedFields = {
  seq: 7,
  occurredAt: '2025-01-31T12:00:00.123456Z',
  actor: { kind: 'member', id: 'bank-1' },
  action: 'report.read',
  consumerKey: '0b8e4c1e-4a8f-4d5e-9c1a-2f3b4c5d6e7f',
  target: null,
  purpose: 'credit_application',
  outcome: 'refused',
  reason: 'no active consent',
  details: { z: [1, 'é'], a: 0.5, m: true },
  prevHash: GENESIS_HASH,
  salt: '00112233445566778899aabbccddeeff',
}

describe('canonicalEvent', () => {
  it('writes every field but the hash under its column name, keys sorted at every depth, no whitespace', () => {
    assert.equal(
      canonicalEvent(event),
      '{"action":"report.read","actor_id":"bank-1","actor_kind":"member",' +
        '"consumer_key":"0b8e4c1e-4a8f-4d5e-9c1a-2f3b4c5d6e7f","details":{"a":0.5,"m":true,"z":[1,"é"]},' +
        '"occurred_at":"2025-01-31T12:00:00.123456Z","outcome":"refused",' +
        `"prev_hash":"${GENESIS_HASH}","purpose":"credit_application","reason":"no active consent",` +
        '"salt":"00112233445566778899aabbccddeeff","seq":7,"target":null}',
    )
  })

  it('leaves the salt out of an event chained before salts, so that its hash stays what it was', () => {
    const unsalted = canonicalEvent({ ...event, salt: null })
    assert.ok(!unsalted.includes('salt'))
    assert.equal(unsalted, canonicalEvent(event).replace('"salt":"00112233445566778899aabbccddeeff",', ''))
  })

  it('hashes as SHA-256 of the canonical form in UTF-8, lowercase hex', () => {
    const expected = createHash('sha256')
      .update(Buffer.from(canonicalEvent(event), 'utf8'))
      .digest('hex')
    assert.equal(hashEvent(event), expected)
    assert.match(hashEvent(event), /^[0-9a-f]{64}$/)
  })

  it('changes the hash when any single field changes', () => {
    const variants: HashedFields[] = [
      { ...event, seq: 8 },
      { ...event, occurredAt: '2025-01-31T12:00:00.123457Z' },
      { ...event, actor: { kind: 'operator', id: 'bank-1' } },
      { ...event, actor: { kind: 'member', id: 'bank-2' } },
      { ...event, action: 'report.reads' },
      { ...event, consumerKey: null },
      { ...event, target: '' },
      { ...event, purpose: 'account_review' },
      { ...event, outcome: 'allowed' },
      { ...event, reason: null },
      { ...event, details: { ...event.details, a: 0.25 } },
      { ...event, prevHash: 'f'.repeat(64) },
      { ...event, salt: '00112233445566778899aabbccddeefe' },
      { ...event, salt: null },
    ]
    const hashes = new Set([hashEvent(event), ...variants.map(hashEvent)])
    assert.equal(hashes.size, variants.length + 1)
  })
})

describe('canonicalJson', () => {
  it('does not depend on the order in which keys were inserted', () => {
    const entry = fc.tuple(
      fc.string(),
      fc.oneof(
        fc.string(),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
      ),
    )
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: ([k]) => k }), (entries) => {
        const forward = Object.fromEntries(entries)
        const backward = Object.fromEntries([...entries].reverse())
        assert.equal(canonicalJson(forward), canonicalJson(backward))
        assert.deepEqual(JSON.parse(canonicalJson(forward)), JSON.parse(JSON.stringify(forward)))
      }),
    )
  })

  it('refuses numbers that JSON cannot carry', () => {
    assert.throws(() => canonicalJson({ a: Number.POSITIVE_INFINITY }), /Infinity/)
    assert.throws(() => canonicalJson([Number.NaN]), /NaN/)
  })
})
