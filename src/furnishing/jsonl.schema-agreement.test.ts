// The exported JSON Schema of a line and the server's reading of it agree field by field: a furnisher who
// validates with the schema must not send a line the bureau refuses, nor be told to fix one it would take
// (found by probing: year 0000, a blank funder, a Date Closed of "0001-01-01junk" and a funder name over 100
// characters once trimmed were each taken by one side and refused by the other).
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { describe, it } from 'node:test'
import { events, line } from './jsonl.fixture.ts'
import { jsonlJsonSchema } from './jsonl.model.ts'

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
const serverTakes = async (l: string): Promise<boolean> => {
  const [e] = await events(l + '\n')
  return e?.kind === 'record'
}

const oneFunder = (funder: string) => line({ funders: [{ funder, share: 1 }] })

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
