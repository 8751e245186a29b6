import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { CopyBuffer, copyLine, type CopyValue } from './copy.ts'

const value: fc.Arbitrary<CopyValue> = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom('a\tb', 'back\\slash', 'line\nbreak', 'cr\r', 'é', '€uro', '\u{1F600}', 'lone \uD800', ''),
  fc.integer(),
  fc.maxSafeNat(),
  fc.double(),
  fc.bigInt(),
  fc.boolean(),
  fc.date({ noInvalidDate: true }),
  fc.uint8Array({ maxLength: 40 }),
  fc.constant(null),
  fc.constant(undefined),
)

describe('CopyBuffer', () => {
  it('writes every row as the bytes of its copyLine, across pieces of any size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(value, { maxLength: 12 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 64 }),
        (rows, piece) => {
          const out = new CopyBuffer(piece)
          for (const r of rows) out.row(r)
          assert.equal(out.rows, rows.length)
          const bytes = Buffer.concat(out.take())
          // The bytes the string lines became on the wire before (utf8, as Buffer.from encodes them).
          assert.deepEqual(bytes, Buffer.from(rows.map(copyLine).join(''), 'utf8'))
          assert.equal(out.rows, 0)
          assert.deepEqual(out.take(), [])
        },
      ),
      { numRuns: 300 },
    )
  })

  it('holds nothing until the first row, and keeps pieces near the size asked for', () => {
    const out = new CopyBuffer(1024)
    assert.deepEqual(out.take(), [])
    for (let i = 0; i < 1000; i++) out.row([i, 'x'.repeat(20), null])
    const pieces = out.take()
    assert.ok(pieces.length >= 25)
    assert.ok(pieces.every((p) => p.length <= 1024))
    assert.equal(Buffer.concat(pieces).toString('latin1').split('\n').length, 1001)
  })
})
