import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import pg from 'pg'
import { ShapedResult } from './row-shapes.ts'

interface Parts {
  rows: Record<string, unknown>[]
  addFields(fields: unknown[]): void
  parseRow(raw: unknown[]): Record<string, unknown>
}
const PgResult = (pg as unknown as { Result: new () => Parts }).Result

// OIDs of pg_type: bool 16, bytea 17, int8 20, int4 23, text 25, json 114, date 1082, timestamptz 1184, uuid 2950.
const FIELDS = [
  { name: 'id', dataTypeID: 2950 },
  { name: 'n', dataTypeID: 23 },
  { name: 'big', dataTypeID: 20 },
  { name: 'ok', dataTypeID: 16 },
  { name: 'at', dataTypeID: 1184 },
  { name: 'doc', dataTypeID: 114 },
  { name: 'raw', dataTypeID: 17 },
  { name: 'day', dataTypeID: 1082 },
  { name: 'n', dataTypeID: 25 },
]
const ROWS = [
  [
    '790506ed-bcb7-4cb9-b670-e7ce0d5f48cc',
    '42',
    '9007199254740993',
    't',
    '2026-12-05 01:02:03.456+00',
    '{"a":[1,2]}',
    '\\x00ff',
    '2026-02-28',
    'second n',
  ],
  [null, null, null, null, null, null, null, null, null],
]

describe('ShapedResult', () => {
  it("reads rows as node-postgres's Result does, shape after shape", () => {
    for (const fields of [FIELDS, FIELDS.slice(0, 3), FIELDS]) {
      const mine = new ShapedResult('select …') as unknown as Parts
      const theirs = new PgResult()
      mine.addFields(fields)
      theirs.addFields(fields)
      for (const raw of ROWS) {
        const a = mine.parseRow(raw.slice(0, fields.length))
        const b = theirs.parseRow(raw.slice(0, fields.length))
        assert.deepStrictEqual({ ...a }, { ...b })
        assert.deepEqual(Object.keys(a), Object.keys(b))
      }
    }
  })
})
