// The codec's syntax.text rule through the file validator and ingestion: a text field with a byte outside
// printable ASCII rejects its record (an error), with the account and where it is, and ingestion stores nothing
// of it (no garbled name); the same record with ASCII text is accepted.
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { describe, it } from 'node:test'
import { sampleHeader, writeMetro2 } from '../../metro2/index.ts'
import { openIngestTestbed, singleRecord } from '../ingest.fixture.ts'
import { validRecord, TODAY } from './fixtures.ts'
import { ALL_RULES } from './index.ts'
import { validateMetro2 } from './validate-file.ts'

const file = (surname: string): Buffer => {
  const record = validRecord({ base: { surname, consumerAccountNumber: 'TEXT-1' } })
  return Buffer.from(writeMetro2({ header: sampleHeader('2024-03-31'), data: [record] }, { format: 'fixed' }))
}

/** `bytes` in place of the first occurrence of `text` in the file. */
const edit = (bytes: Buffer, text: string, replacement: number[]): Buffer => {
  Buffer.from(replacement).copy(bytes, bytes.indexOf(text))
  return bytes
}

describe('validateMetro2: syntax.text', () => {
  it('is in the rule catalogue as an error', () => {
    assert.equal(ALL_RULES.find((r) => r.id === 'syntax.text')?.severity, 'error')
  })

  for (const [name, bytes] of [
    ['UTF-8 (C3 A9)', [0xc3, 0xa9]],
    ['latin-1 (E9)', [0xe9]],
    ['a control byte (01)', [0x01]],
  ] as const) {
    it(`rejects a record whose surname holds ${name}`, async () => {
      const report = await validateMetro2([edit(file('ZZTEL'), 'ZZTEL', [...bytes])], { today: TODAY })
      assert.deepEqual([report.records, report.accepted, report.rejected], [1, 0, 1])
      assert.deepEqual(
        report.issues.map((i) => [i.recordNo, i.account, i.segment, i.field, i.rule, i.severity]),
        [[1, 'TEXT-1', 'base', 'surname', 'syntax.text', 'error']],
      )
      assert.match(report.issues[0]?.message ?? '', /^byte 0x[0-9A-F]{2} at record position \d+ /)
    })
  }

  it('accepts the same record with an ASCII surname', async () => {
    const report = await validateMetro2([file('ZZTEL')], { today: TODAY })
    assert.deepEqual([report.records, report.accepted, report.rejected, report.errors], [1, 1, 0, 0])
    assert.deepEqual(report.issues, [])
  })
})

describe('ingestion: syntax.text', () => {
  it('rejects the record with a UTF-8 surname and stores nothing of it, and applies the rest of the file', async () => {
    const t = await openIngestTestbed('2024-04-15T12:00:00Z')
    try {
      const bad = singleRecord('TEXT-BAD')
      bad.base.surname = 'ZZTEL'
      const bytes = Buffer.from(
        writeMetro2(
          { header: sampleHeader('2024-03-31'), data: [bad, singleRecord('TEXT-OK')] },
          { format: 'fixed' },
        ),
      )
      async function* source() {
        yield edit(bytes, 'ZZTEL', [0xc3, 0xa9])
      }
      const r = await t.furnishing.ingest.ingest({ source: source() })
      assert.equal(r.status, 'applied')
      assert.deepEqual([r.counts.accepted, r.counts.rejected], [1, 1])
      assert.deepEqual(
        r.issues.map((i) => [i.account, i.field, i.rule, i.severity]),
        [['TEXT-BAD', 'surname', 'syntax.text', 'error']],
      )
      const accounts = await sql<{ account_number: string }>`
        select account_number from tradelines order by 1`.execute(t.db.kysely)
      assert.deepEqual(
        accounts.rows.map((x) => x.account_number),
        ['TEXT-OK'],
      )
    } finally {
      await t.db.dispose()
    }
  })
})
