// The JSON Lines schema's own rules: one national ID per consumer, consumption data found by whole words and
// inside unknown objects, funders named once, and the exported JSON Schema saying what it cannot check.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { events, line } from './jsonl.fixture.ts'
import { jsonlJsonSchema } from './jsonl.model.ts'

const issuesOf = async (over: Record<string, unknown>, base: Record<string, unknown> = {}) => {
  const [e] = await events(line(over, base) + '\n')
  return e?.kind === 'unreadable'
    ? e.issues.map((i) => ({ rule: i.rule, field: i.field, message: i.message }))
    : []
}
const rules = async (over: Record<string, unknown>, base: Record<string, unknown> = {}) =>
  (await issuesOf(over, base)).map((i) => `${i.rule} ${i.field}`)

describe('JSON Lines national IDs', () => {
  const ssn = { type: 'us-ssn', value: '123-45-6781' }

  it('refuses a US SSN given as nationalId and another as socialSecurityNumber, naming both, quoting neither', async () => {
    const issues = await issuesOf({}, { nationalId: ssn, socialSecurityNumber: 987654321 })
    assert.deepEqual(
      issues.map((i) => `${i.rule} ${i.field}`),
      ['jsonl.schema base.socialSecurityNumber'],
    )
    assert.match(issues[0]!.message, /base\.nationalId and base\.socialSecurityNumber name different SSNs/)
    assert.ok(!/\d{4}/.test(issues[0]!.message), 'no national ID in an issue, which is stored')
    const j1 = { surname: 'WANG', firstName: 'MEI', ecoaCode: '2', nationalId: ssn, socialSecurityNumber: 1 }
    assert.deepEqual(await rules({ j1: [j1] }), ['jsonl.schema j1.0.socialSecurityNumber'])
  })

  it('takes the same SSN in both, however it is written', async () => {
    assert.deepEqual(await rules({}, { nationalId: ssn, socialSecurityNumber: 123456781 }), [])
    const zeros = { type: 'us-ssn', value: '001 01 0001' }
    assert.deepEqual(await rules({}, { nationalId: zeros, socialSecurityNumber: 1010001 }), [])
  })
})

describe('JSON Lines consumption data', () => {
  it('refuses contact, location, device and spending fields as not credit data, by whole word', async () => {
    const names = [
      'phone',
      'phoneNumber',
      'mobile',
      'cellPhone',
      'e_mail',
      'address',
      'homeAddress',
      'lat',
      'lng',
      'lon',
      'coordinates',
      'ipAddress',
      'userAgent',
      'vendor',
      'retailer',
      'mcc',
      'transactions',
      'receipt',
      'invoice',
      'amountSpent',
      'merchant-name',
    ]
    const got = await rules(Object.fromEntries(names.map((n) => [n, 'x'])))
    assert.deepEqual(got.sort(), names.map((n) => `jsonl.not_credit_data ${n}`).sort())
  })

  it('finds consumption data inside an unknown object or array, and names where', async () => {
    assert.deepEqual(await rules({ meta: { merchant: 'ACME' } }), ['jsonl.not_credit_data meta.merchant'])
    assert.deepEqual(await rules({}, { notes: [{ ok: 1 }, { gps: { x: 1 } }] }), [
      'jsonl.not_credit_data base.notes[1].gps',
    ])
    assert.deepEqual(await rules({ meta: { batch: 7, source: { system: 'core' } } }), [
      'jsonl.unknown_property meta',
    ])
  })

  it('calls a misspelt credit field an unknown property, not consumption data', async () => {
    const k2 = { purchasedIndicatr: 1, purchasedName: 'X' }
    assert.deepEqual(await rules({ k2 }, { socialSecurityNumbr: 1, borderDate: '2024-01-01' }), [
      'jsonl.unknown_property base.socialSecurityNumbr',
      'jsonl.unknown_property base.borderDate',
      'jsonl.schema k2.purchasedIndicator',
      'jsonl.unknown_property k2.purchasedIndicatr',
    ])
  })
})

describe('JSON Lines funders', () => {
  it('trims funder names, refuses a blank one, and takes names that differ in case or blanks as one', async () => {
    const [e] = await events(line({ funders: [{ funder: ' bank-a ', share: 1 }] }) + '\n')
    assert.equal(
      e?.kind === 'record' && JSON.stringify(e.extra),
      '{"funders":[{"funder":"bank-a","share":1}]}',
    )
    assert.deepEqual(await rules({ funders: [{ funder: '   ', share: 1 }] }), [
      'jsonl.schema funders.0.funder',
    ])
    const twice = await issuesOf({
      funders: [
        { funder: 'Bank A', share: 0.5 },
        { funder: ' bank a ', share: 0.5 },
      ],
    })
    assert.deepEqual(
      twice.map((i) => `${i.rule} ${i.field}`),
      ['jsonl.schema funders.1.funder'],
    )
    assert.match(twice[0]!.message, /"bank a" is named twice/)
  })
})

describe('JSON Lines JSON Schema', () => {
  type Node = {
    description?: string
    anyOf?: Node[]
    format?: string
    pattern?: string
    properties?: Record<string, Node>
  }
  const s = jsonlJsonSchema() as Node & { allOf: unknown[] }
  const base = s.properties!['base']!.properties!

  it('says dates are real days, as formats beside the pattern', () => {
    for (const d of [base['dateOpened']!, base['dateClosed']!.anyOf![0]!]) {
      assert.ok(d.pattern)
      assert.deepEqual(d.anyOf, [{ format: 'date' }, { format: 'date-time' }])
    }
  })

  it('describes the rules across fields that it cannot check, and points to the whole list', () => {
    assert.match(s.description ?? '', /openbureau metro2 rules/)
    assert.match(s.properties!['funders']!.description ?? '', /add up to 1.*named once/)
    assert.match(s.properties!['alternativePayment']!.description ?? '', /portfolio type O .*92 for utility/)
    const alternative = s.allOf.filter((r) => JSON.stringify(r).includes('"alternativePayment"'))
    assert.equal(alternative.length, 3, 'one if/then per alternative-payment kind')
  })
})

describe('JSON Lines L1 segment', () => {
  const l1 = (extra: Record<string, unknown>) => ({
    l1: { changeIndicator: 2, newConsumerAccountNumber: '', ...extra },
  })
  const moved = async (over: Record<string, unknown>) => {
    const [e] = await events(line(over) + '\n')
    return e?.kind === 'record' ? e.record.l1?.newIdentificationNumber : e?.kind
  }

  it("reads the new identification number under moov-io/metro2's name for it, balloonPaymentDueDate", async () => {
    // moov-io's L1Segment carries NewIdentificationNumber under the JSON tag "balloonPaymentDueDate", and
    // `openbureau metro2 to-json` writes it so: a line in that shape was refused as an unknown property.
    assert.equal(await moved(l1({ balloonPaymentDueDate: 'FURNISHER02' })), 'FURNISHER02')
    assert.equal(await moved(l1({ newIdentificationNumber: 'FURNISHER02' })), 'FURNISHER02')
    assert.equal(
      await moved(l1({ newIdentificationNumber: 'FURNISHER02', balloonPaymentDueDate: 'FURNISHER02' })),
      'FURNISHER02',
    )
    assert.deepEqual(
      await rules(l1({ newIdentificationNumber: 'FURNISHER02', balloonPaymentDueDate: 'OTHER' })),
      ['jsonl.schema l1.balloonPaymentDueDate'],
    )
  })
})
