import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { encodePageCursor, pageCursorSchema } from './page-cursor.ts'

const id = '00000000-0000-4000-8000-000000000000'
const cursorAt = (at: string) => encodePageCursor({ at, id })

// PostgreSQL's timestamptz has no year 0, which a JavaScript Date reads as 1 BC; a cursor naming it reached
// the database and failed there as a 500 (found by probing).
describe('pageCursorSchema: the years a cursor may name', () => {
  it('refuses year 0, which PostgreSQL does not have', () => {
    const r = pageCursorSchema.safeParse(cursorAt('0000-01-01T00:00:00.000000Z'))
    assert.equal(r.success, false)
    assert.equal(r.error?.issues[0]?.message, 'expected the `next` cursor of an earlier page')
    assert.equal(pageCursorSchema.safeParse(cursorAt('0000-12-31T23:59:59.999999Z')).success, false)
  })

  it('takes the first and the last instant of four-digit years, AD 1 to 9999', () => {
    for (const at of ['0001-01-01T00:00:00.000000Z', '9999-12-31T23:59:59.999999Z']) {
      assert.deepEqual(pageCursorSchema.parse(cursorAt(at)), { at, id }, at)
    }
  })
})
