import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { AuditEventSchema } from './audit.model.ts'
import { quickParse } from './audit.quick-check.ts'

/** Mostly a valid value, now and then one at or past an edge of the schema. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, edge: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: edge })

const uuid = mostly(
  fc.oneof(
    fc.uuid(),
    fc.uuid().map((u) => u.toUpperCase()),
  ),
  fc.constantFrom(
    '00000000-0000-0000-0000-000000000000',
    'not-a-uuid',
    '790506ed-bcb7-0cb9-b670-e7ce0d5f48cc',
  ),
)
const text = mostly(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.oneof(
    fc.string({ unit: 'binary', maxLength: 6 }),
    fc.constantFrom(
      '',
      'a\u0000b',
      'lone \uD800',
      '\u{1F600}',
      'x'.repeat(101),
      'x'.repeat(201),
      'x'.repeat(1001),
    ),
  ),
)
const scalar = mostly(
  fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.constant('')),
  fc.oneof(fc.double(), fc.constant(undefined), fc.constant(-0)),
)
const key = mostly(
  fc.constantFrom('legalGround', 'consentId', 'hard', 'match', 'scoreModel', 'count_2'),
  fc.oneof(
    fc.constantFrom('name', 'Date_Of_Birth', 'ssn', '1x', '_x', 'a'.repeat(65)),
    fc.string({ maxLength: 8 }),
  ),
)
const details = mostly(
  fc.dictionary(key, mostly(fc.oneof(scalar, fc.array(scalar, { maxLength: 3 })), fc.object()), {
    maxKeys: 6,
  }),
  fc.oneof(
    fc.constantFrom(null, [], 'x', new Date(0)),
    fc.dictionary(fc.constantFrom('a', 'b'), fc.array(fc.integer(), { minLength: 99, maxLength: 102 })),
    fc.dictionary(fc.constantFrom('a', 'b'), fc.integer(), { noNullPrototype: true }),
  ),
)
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(fc.oneof(a, fc.constant(null)), { nil: undefined })

/** Events near the schema's edges: most fields valid most of the time, every rule broken some of the time. */
const event = fc.record(
  {
    actor: mostly(
      fc.record({ kind: fc.constantFrom('member', 'operator', 'consumer', 'system'), id: text }),
      fc.oneof(
        fc.record({ kind: fc.constant('robot'), id: text }),
        fc.constant({ kind: 'member', id: 'x', extra: 1 }),
      ),
    ),
    action: mostly(
      fc.constantFrom('report.read', 'consent.checked', 'batch.applied'),
      fc.oneof(fc.constantFrom('Report.read', 'report', `a.${'b'.repeat(99)}`), text),
    ),
    consumerKey: maybe(uuid),
    target: maybe(text),
    purpose: maybe(text),
    outcome: mostly(fc.constantFrom('allowed', 'refused', 'done'), fc.constant('maybe')),
    reason: maybe(text),
    details: fc.option(details, { nil: undefined }),
    stray: fc.string(),
  },
  { requiredKeys: ['actor', 'action', 'outcome'] },
)

describe('quickParse', () => {
  it('accepts only what AuditEventSchema accepts, and gives exactly what its parse gives', () => {
    let quick = 0
    fc.assert(
      fc.property(event, (e) => {
        const q = quickParse(e)
        if (q === undefined) return
        quick++
        const z = AuditEventSchema.safeParse(e)
        assert.ok(z.success, `quickParse accepted what the schema refuses: ${JSON.stringify(e)}`)
        assert.deepStrictEqual(q, z.data)
      }),
      { numRuns: 3000 },
    )
    assert.ok(quick > 100, `the quick path took only ${quick} of 3000 events`)
  })

  it('takes the events a report appends', () => {
    const consumerKey = 'C17B08F6-1722-4861-AD66-E7CCF047A5EA'
    const events = [
      {
        actor: { kind: 'member', id: 'bench-lender' },
        action: 'consent.checked',
        purpose: 'credit_application',
        target: null,
        consumerKey,
        outcome: 'allowed',
        details: { profile: 'US-FCRA', legalGround: 'FCRA §604(a)(3)(A)' },
      },
      {
        actor: { kind: 'member', id: 'bench-lender' },
        action: 'report.read',
        consumerKey,
        target: '790506ed-bcb7-4cb9-b670-e7ce0d5f48cc',
        purpose: 'credit_application',
        outcome: 'allowed',
        details: { consentId: null, hard: true, categories: ['identity', 'accounts'], scoreModel: 'ob-1' },
      },
      {
        actor: { kind: 'member', id: 'bench-lender' },
        action: 'report.refused',
        consumerKey: null,
        outcome: 'refused',
        reason: 'no consent',
        details: { match: 'none' },
      },
    ]
    for (const e of events) {
      const q = quickParse(e)
      assert.ok(q !== undefined, JSON.stringify(e))
      assert.deepStrictEqual(q, AuditEventSchema.parse(e))
    }
  })

  it('leaves to the schema a refusal without its reason and a detail that names personal data', () => {
    const base = { actor: { kind: 'member', id: 'm' }, action: 'report.read', outcome: 'allowed' }
    assert.equal(quickParse({ ...base, outcome: 'refused' }), undefined)
    assert.equal(quickParse({ ...base, details: { birthDate: '1970-01-01' } }), undefined)
    assert.equal(quickParse({ ...base, details: { note: 'a\u0000b' } }), undefined)
  })
})
