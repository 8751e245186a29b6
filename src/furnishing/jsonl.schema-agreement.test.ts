// The exported JSON Schema of a line and the server's reading of it agree field by field: a furnisher who
// validates with the schema must not send a line the bureau refuses, nor be told to fix one it would take
// (found by probing: year 0000, a blank funder, a Date Closed of "0001-01-01junk" and a funder name over 100
// characters once trimmed were each taken by one side and refused by the other; then every Metro 2 code list and
// "required" rule, which the schema left out, and blanks that the reader drops as Metro 2 drops them).
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { describe, it } from 'node:test'
import { WELL_FORMED } from './jsonl.field-types.ts'
import { events, line } from './jsonl.fixture.ts'
import { jsonlJsonSchema } from './jsonl.model.ts'
import { isAccepted, validateRecord } from './validation/index.ts'

type Validate = ((data: unknown) => boolean) & { errors?: unknown }
interface Ajv {
  compile(schema: unknown): Validate
}
// The Ajv that Fastify validates requests with (draft 2020-12, with the formats plugin), found through
// Fastify's own dependencies so that the version is the one the server already ships.
const fastifyRequire = createRequire(createRequire(import.meta.url).resolve('fastify'))
const compilerRequire = createRequire(fastifyRequire.resolve('@fastify/ajv-compiler'))
const { Ajv2020 } = compilerRequire('ajv/dist/2020') as { Ajv2020: new (o: object) => Ajv }
const { default: addFormats } = compilerRequire('ajv-formats') as { default: (ajv: Ajv) => Ajv }
const validate = addFormats(new Ajv2020({ strict: false, allErrors: true })).compile(jsonlJsonSchema())

const schemaTakes = (l: string): boolean => validate(JSON.parse(l))
/** Read, then validated as ingestion validates it (the rule codes and required fields are the validator's). */
const serverTakes = async (l: string): Promise<boolean> => {
  const [e] = await events(l + '\n')
  return e?.kind === 'record' && isAccepted(validateRecord(e.record, { today: '2024-04-10' }))
}

const oneFunder = (funder: string) => line({ funders: [{ funder, share: 1 }] })
/** Paid and closed (status 05 transferred, 13 paid): no balance, a Date Closed. */
const paidOff = { currentBalance: 0, dateClosed: '2024-03-31' }

/** A line, and whether both sides take it. */
const LINES: [string, string, boolean][] = [
  ['the valid line', line(), true],
  ['a Date Opened of year 0000', line({}, { dateOpened: '0000-01-01' }), false],
  ['a Date Opened of year 0001', line({}, { dateOpened: '0001-01-01' }), true],
  ['a Date Opened in moov form', line({}, { dateOpened: '2024-01-10T00:00:00Z' }), true],
  ['a Date Opened that does not exist', line({}, { dateOpened: '2023-02-29' }), false],
  ['a Date of Birth of year 0000', line({}, { dateBirth: '0000-12-31' }), false],
  ['no Date Closed, as null', line({}, { dateClosed: null }), true],
  ["no Date Closed, as moov's zero day", line({}, { dateClosed: '0001-01-01' }), true],
  ["no Date Closed, as moov's zero time", line({}, { dateClosed: '0001-01-01T00:00:00Z' }), true],
  ['a Date Closed of the zero day and more', line({}, { dateClosed: '0001-01-01junk' }), false],
  ['a Date Closed of the zero day at 05:00', line({}, { dateClosed: '0001-01-01T05:00:00Z' }), false],
  ['a Date Closed at 05:00', line({}, { dateClosed: '2024-03-01T05:00:00Z' }), false],
  ['a funder', oneFunder('Bank A'), true],
  ['a funder with blanks around', oneFunder('  Bank A '), true],
  ['a blank funder', oneFunder('   '), false],
  ['an empty funder', oneFunder(''), false],
  ['a funder of 100 characters with a leading blank', oneFunder(' ' + 'B'.repeat(99)), true],
  ['a funder of 101 characters with a leading blank', oneFunder(' ' + 'B'.repeat(100)), false],
  ['a funder ending in a line feed', oneFunder('Bank A\n'), false],
  ['a funder starting with a tab', oneFunder('\tBank A'), false],
  // The code lists (CRRG Chapter 5 exhibits, validation/codes.ts) and required fields (field-rules.ts).
  ['Portfolio Type Z (code.portfolio_type)', line({}, { portfolioType: 'Z' }), false],
  ['Account Type ZZ (code.account_type)', line({}, { accountType: 'ZZ' }), false],
  ['Account Status 99 (code.account_status)', line({}, { accountStatus: '99' }), false],
  ['ECOA Code Q (code.ecoa)', line({}, { ecoaCode: 'Q' }), false],
  ['a J1 of ECOA Code Q', line({ j1: [{ surname: 'LI', firstName: 'MEI', ecoaCode: 'Q' }] }), false],
  ['a history of 24 Z (code.payment_history)', line({}, { paymentHistoryProfile: 'Z'.repeat(24) }), false],
  ['a history with an embedded B', line({}, { paymentHistoryProfile: '0B0' + 'B'.repeat(21) }), false],
  ['Country Code ZZ (code.country_code)', line({}, { countryCode: 'ZZ' }), false],
  ['Terms Frequency X (code.terms_frequency)', line({}, { termsFrequency: 'X' }), false],
  ['Special Comment ZZ (code.special_comment)', line({}, { specialComment: 'ZZ' }), false],
  ['Special Comment M', line({}, { specialComment: 'M' }), true],
  ['Special Comment M and a blank, as Metro 2 writes it', line({}, { specialComment: 'M ' }), true],
  ['Generation Code Q', line({}, { generationCode: 'Q' }), false],
  ['Consumer Information Indicator ZZ', line({}, { consumerInformationIndicator: 'ZZ' }), false],
  ['Compliance Condition Code XZ', line({}, { complianceConditionCode: 'XZ' }), false],
  ['Interest Type Indicator Z', line({}, { interestTypeIndicator: 'Z' }), false],
  ['Address Indicator Z', line({}, { addressIndicator: 'Z' }), false],
  ['Residence Code Z', line({}, { residenceCode: 'Z' }), false],
  ['a blank surname (required.surname)', line({}, { surname: ' ' }), false],
  ['an ideographic-space surname', line({}, { surname: '\u3000' }), false],
  [
    'Identification Number 000 (required.identification_number)',
    line({}, { identificationNumber: '000' }),
    false,
  ],
  ['Identification Number 99 and a blank', line({}, { identificationNumber: '99 ' }), false],
  ['Identification Number 0909', line({}, { identificationNumber: '0909' }), true],
  // The rules between fields that the schema says as if/then.
  ['no Terms Frequency, for an instalment loan', line({}, { termsFrequency: '' }), false],
  [
    'no Terms Frequency, for an Open account',
    line({}, { portfolioType: 'O', accountType: '48', termsFrequency: '' }),
    true,
  ],
  [
    'status 05 with a Payment Rating',
    line({}, { ...paidOff, accountStatus: '05', paymentRating: '0' }),
    true,
  ],
  ['status 05 without a Payment Rating', line({}, { ...paidOff, accountStatus: '05' }), false],
  ['status 11 with a Payment Rating', line({}, { paymentRating: '0' }), false],
  ['a US address without a State', line({}, { countryCode: 'US', zipCode: '10001' }), false],
  ['a US address in State ZZ', line({}, { countryCode: 'US', state: 'ZZ', zipCode: '10001' }), false],
  ['a US address in New York', line({}, { countryCode: 'US', state: 'NY', zipCode: '10001' }), true],
  ['a Chinese address without a State', line({}, { state: '' }), true],
  // Blanks, as Metro 2 reads a left-justified field: trailing ones dropped, leading ones not a number.
  ['an account number and trailing blanks', line({}, { consumerAccountNumber: 'LOAN-77  ' }), true],
  ['an account number after a blank', line({}, { consumerAccountNumber: ' LOAN-77' }), false],
  ['an account number and an ideographic space', line({}, { consumerAccountNumber: 'LOAN-77\u3000' }), false],
  ['a blank account number', line({}, { consumerAccountNumber: '   ' }), false],
  ['an account number and a zero-width space', line({}, { consumerAccountNumber: 'LOAN-77\u200b' }), false],
  ['an account number and a tag character', line({}, { consumerAccountNumber: 'LOAN-77\u{E0031}' }), false],
  ['an identification number and a word joiner', line({}, { identificationNumber: '09\u206009' }), false],
  ['a surname with a zero-width non-joiner', line({}, { surname: 'MI\u200cKHAHAM' }), true],
  [
    'an account number of 30 characters and a blank',
    line({}, { consumerAccountNumber: 'L'.repeat(30) + ' ' }),
    false,
  ],
  // Text that is no character, or that commands a terminal.
  ['an account number with a lone surrogate', line({}, { consumerAccountNumber: 'LS-\ud800' }), false],
  ['a surname with a lone low surrogate', line({}, { surname: 'W\udc00' }), false],
  ['a surname outside the Basic Multilingual Plane', line({}, { surname: '王\u{20000}' }), true],
  ['a surname with a C1 control (CSI)', line({}, { surname: 'W\u009b2J' }), false],
  ['a surname with a right-to-left override', line({}, { surname: 'W\u202eG' }), false],
]

describe('the JSON Lines JSON Schema and the server', () => {
  for (const [what, l, takes] of LINES) {
    it(`${takes ? 'both take' : 'both refuse'} ${what}`, async () => {
      assert.deepEqual(
        { schema: schemaTakes(l), server: await serverTakes(l) },
        { schema: takes, server: takes },
        JSON.stringify(validate.errors),
      )
    })
  }

  it('refuses a lone surrogate by a pattern that means the same with and without the "u" flag', () => {
    for (const flags of ['', 'u']) {
      const p = new RegExp(WELL_FORMED.source, flags)
      assert.deepEqual(
        ['LS-\ud800', 'LS-\udc00', '\udc00\ud800', 'A\u{1F4B3}', '\u{20000}', 'plain'].map((v) => p.test(v)),
        [false, false, false, true, true, true],
        `flags "${flags}"`,
      )
    }
  })

  it('names the rule across fields that it cannot check: one SSN in nationalId and socialSecurityNumber', () => {
    type Node = { description?: string; properties?: Record<string, Node> }
    const s = jsonlJsonSchema() as Node
    for (const segment of ['base', 'j1', 'j2']) {
      const props = segment === 'base' ? s.properties!['base']! : itemsOf(s.properties![segment])
      assert.match(
        props.properties!['nationalId']!.description ?? '',
        /us-ssn.*socialSecurityNumber.*same/,
        segment,
      )
    }
  })
})

function itemsOf(n: unknown): { properties?: Record<string, { description?: string }> } {
  return (n as { items: { properties?: Record<string, { description?: string }> } }).items
}
