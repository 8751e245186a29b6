// Each ingestion rule of the catalogue, broken and passed through a real ingestion into the database: the rules
// that only ingestion can check (the JSON Lines format, the furnisher's numbers, identity, the file against
// itself and what is on file), as rules.test.ts does for the pure validation rules.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sampleHeader, writeMetro2, type BaseSegment, type DataRecord } from '../metro2/index.ts'
import { isAppError } from '../platform/errors.ts'
import { INGEST_RULES } from './ingest-rules.ts'
import { later, metro2File, openIngestTestbed, renumbered, type IngestTestbed } from './ingest.fixture.ts'
import type { StoredIssue } from './index.ts'
import { validBase, validJ1 } from './validation/fixtures.ts'
import { LOAN_TERMS } from './jsonl.fixture.ts'

type Source = AsyncIterable<Uint8Array>
interface IngestRuleCase {
  rule: string
  name: string
  breaks: () => Promise<StoredIssue[]>
  passes: () => Promise<StoredIssue[]>
}

let accounts = 0
/** A fresh account number per record, so that no two cases' files are the same file (content hash). */
const account = () => `RULE-${++accounts}`

const record = (
  base: Partial<BaseSegment> = {},
  rest: Partial<Omit<DataRecord, 'base'>> = {},
): DataRecord => ({
  base: validBase({ consumerAccountNumber: account(), socialSecurityNumber: 123456781, ...base }),
  j1: [],
  j2: [],
  ...rest,
})

async function* bytes(data: string | Uint8Array): Source {
  yield typeof data === 'string' ? new TextEncoder().encode(data) : data
}

const metro2 = (records: DataRecord[], activityDate = '2024-03-31'): Source =>
  metro2File(records, activityDate)

/** A valid JSON Lines record for a fresh account; `over` replaces top-level properties, `base` base fields. */
const jsonLine = (over: Record<string, unknown> = {}, base: Record<string, unknown> = {}): string =>
  JSON.stringify({
    base: {
      identificationNumber: 'FURNISHER01',
      consumerAccountNumber: account(),
      ...LOAN_TERMS,
      surname: 'DOE',
      firstName: 'JANE',
      socialSecurityNumber: 123456781,
      dateBirth: '1980-06-01',
      ecoaCode: '1',
      countryCode: 'US',
      firstLineAddress: '12 MAIN ST',
      city: 'SPRINGFIELD',
      state: 'IL',
      zipCode: '62701',
      ...base,
    },
    ...over,
  })
/** The record with its J1 consumer dropped (ECOA Z). */
const dropJ1 = (r: DataRecord): DataRecord => ({ ...r, j1: r.j1.map((j) => ({ ...j, ecoaCode: 'Z' })) })
const jsonLines = (...lines: string[]): Source => bytes(lines.join('\n') + '\n')
const latin1 = (line: string): Source => bytes(Buffer.from(line + '\n', 'latin1'))

describe('each ingestion rule', () => {
  let db: IngestTestbed['db']
  let furnishing: IngestTestbed['furnishing']

  /** Every issue the ingestion of `source` stored: from the result, or from the batch of a file refused whole. */
  async function issues(source: Source): Promise<StoredIssue[]> {
    try {
      const r = await furnishing.ingest.ingest({ source, furnisher: 'first-bank' })
      if (r.status !== 'applied') throw new Error(`expected the file to be applied, got ${r.status}`)
      return r.issues
    } catch (e) {
      const batchId = isAppError(e) ? (e.details as { batchId?: string } | undefined)?.batchId : undefined
      if (batchId === undefined) throw e
      return furnishing.batches.issues(batchId, { limit: 100, afterSeq: 0 })
    }
  }

  /** Files an account in March and returns it, for the cases that need something on file. */
  async function onFile(r: DataRecord): Promise<DataRecord> {
    const stored = await issues(metro2([r]))
    assert.ok(!stored.some((i) => i.severity === 'error'), JSON.stringify(stored))
    return r
  }

  const cases: IngestRuleCase[] = [
    {
      rule: 'jsonl.syntax',
      name: 'a line that is not JSON',
      breaks: () => issues(jsonLines('{"base": {"identificationNumber": "FURNISHER01",')),
      passes: () => issues(jsonLines(jsonLine())),
    },
    {
      rule: 'jsonl.line_too_long',
      name: 'a line of more than 1 MiB',
      breaks: () => issues(jsonLines(jsonLine({}, { firstLineAddress: 'X'.repeat(1 << 20) }))),
      passes: () => issues(jsonLines(jsonLine({}, { firstLineAddress: 'X'.repeat(32) }))),
    },
    {
      rule: 'jsonl.not_utf8',
      name: 'a name in Latin-1, not UTF-8',
      breaks: () => issues(latin1(jsonLine({}, { surname: 'MÜLLER' }))),
      passes: () => issues(jsonLines(jsonLine({}, { surname: 'MÜLLER' }))),
    },
    {
      rule: 'jsonl.schema',
      name: 'a balance given as text',
      breaks: () => issues(jsonLines(jsonLine({}, { currentBalance: '2500' }))),
      passes: () => issues(jsonLines(jsonLine({}, { currentBalance: 2500 }))),
    },
    {
      rule: 'jsonl.unknown_property',
      name: 'a property outside the schema',
      breaks: () => issues(jsonLines(jsonLine({}, { nickname: 'JJ' }))),
      passes: () => issues(jsonLines(jsonLine({}, { middleName: 'JJ' }))),
    },
    {
      rule: 'jsonl.not_credit_data',
      name: 'the merchant of a purchase',
      breaks: () => issues(jsonLines(jsonLine({ merchant: 'CORNER SHOP' }))),
      passes: () => issues(jsonLines(jsonLine({ alternativePayment: undefined }))),
    },
    {
      rule: 'furnisher.identification_number',
      name: "another furnisher's Identification Number",
      breaks: () => issues(metro2([record({ identificationNumber: 'SOMEONE99' })])),
      passes: () => issues(metro2([record({ identificationNumber: 'FURNISHER02' })])),
    },
    {
      rule: 'identity.national_id',
      name: 'an SSN of area 000, which is never issued',
      breaks: () => issues(metro2([record({ socialSecurityNumber: 123456 })])),
      passes: () => issues(metro2([record({ socialSecurityNumber: 123456781 })])),
    },
    {
      rule: 'identity.unresolved',
      name: 'a consumer with an SSN never issued and no birth date',
      breaks: () => issues(metro2([record({ socialSecurityNumber: 123456, dateBirth: null })])),
      passes: () => issues(metro2([record({ socialSecurityNumber: 123456781, dateBirth: null })])),
    },
    {
      rule: 'identity.unresolved_associated',
      name: 'a J1 consumer with an SSN never issued and no birth date',
      breaks: () =>
        issues(metro2([record({}, { j1: [validJ1({ socialSecurityNumber: 123457, dateBirth: null })] })])),
      passes: () =>
        issues(metro2([record({}, { j1: [validJ1({ socialSecurityNumber: 123456780, dateBirth: null })] })])),
    },
    {
      rule: 'identity.drop_unmatched',
      name: 'a J1 consumer given ECOA Z who is not on the account',
      breaks: async () => {
        const a = await onFile(record())
        const stranger = validJ1({ socialSecurityNumber: 345678901, surname: 'NOBODY', ecoaCode: 'Z' })
        return issues(metro2([{ ...later(a, 1, '2024-04-14'), j1: [stranger] }], '2024-04-14'))
      },
      passes: async () => {
        const a = await onFile(record({}, { j1: [validJ1({ socialSecurityNumber: 123456780 })] }))
        return issues(metro2([dropJ1(later(a, 1, '2024-04-14'))], '2024-04-14'))
      },
    },
    {
      rule: 'file.unreadable',
      name: 'a file of binary data',
      breaks: () => issues(bytes(new Uint8Array(4096).map((_, i) => (i * 7919) % 256))),
      passes: () => issues(metro2([record()])),
    },
    {
      rule: 'file.duplicate_account',
      name: 'one account reported twice',
      breaks: () => {
        const r = record()
        return issues(metro2([r, { ...r, base: { ...r.base, currentBalance: 1 } }]))
      },
      passes: () => issues(metro2([record(), record()])),
    },
    {
      rule: 'file.l1_number_taken',
      name: 'an L1 that moves an account onto another account on file',
      breaks: async () => {
        const [a, b] = [await onFile(record()), await onFile(record())]
        return issues(
          metro2([renumbered(later(a, 1, '2024-04-14'), b.base.consumerAccountNumber)], '2024-04-14'),
        )
      },
      passes: async () => {
        const a = await onFile(record())
        return issues(metro2([renumbered(later(a, 1, '2024-04-14'), account())], '2024-04-14'))
      },
    },
  ]

  before(async () => {
    ;({ db, furnishing } = await openIngestTestbed('2024-04-15T12:00:00Z', ['FURNISHER01', 'FURNISHER02']))
  })
  after(() => db.dispose())

  it('has a case for every ingestion rule of the catalogue, and none for a rule outside it', () => {
    assert.deepEqual(
      cases.map((c) => c.rule),
      INGEST_RULES.map((r) => r.id),
    )
  })

  for (const c of cases) {
    const severity = INGEST_RULES.find((r) => r.id === c.rule)?.severity
    it(`${c.rule}: flags ${c.name}`, async () => {
      const all = await c.breaks()
      const found = all.filter((i) => i.rule === c.rule)
      assert.ok(found.length > 0, `expected ${c.rule}, got ${JSON.stringify(all.map((i) => i.rule))}`)
      for (const i of found) {
        assert.equal(i.severity, severity)
        assert.ok(i.message.length > 20, i.message)
      }
    })
    it(`${c.rule}: passes the nearby valid variant`, async () => {
      const all = await c.passes()
      assert.deepEqual(
        all.filter((i) => i.rule === c.rule),
        [],
      )
    })
  }

  it('names a Metro 2 file that does not start with its header, and still applies its whole records', async () => {
    const whole = writeMetro2(
      { header: sampleHeader('2024-03-31'), data: [record()] },
      { format: 'fixed', lineBreaks: true },
    )
    const headless = whole.subarray(whole.indexOf(10) + 1)
    const found = await issues(bytes(headless))
    assert.deepEqual(
      found.filter((i) => i.rule.startsWith('file.header')).map((i) => [i.rule, i.severity, i.line]),
      [['file.header_missing', 'error', 1]],
    )
    assert.deepEqual(
      found.filter((i) => i.recordNo !== null && i.severity === 'error'),
      [],
      'the record itself is whole',
    )
  })
})
