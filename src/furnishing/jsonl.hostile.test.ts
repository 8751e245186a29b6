// What a hostile or careless JSON Lines file can make the bureau store and show. Terminal escape sequences in an
// account number or a property name reach `openbureau ingest` and `openbureau batch` only escaped; a line that
// is not JSON is never quoted (it may be a national ID alone: DESIGN.md principle 4); and a lone surrogate,
// which PostgreSQL would store as U+FFFD and so merge with another, is refused by field name.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { IngestResult } from './index.ts'
import { renderIngestResult } from './ingest.cli.ts'
import { openIngestTestbed, type IngestTestbed } from './ingest.fixture.ts'
import { events, line, text } from './jsonl.fixture.ts'

const ESCAPES = '\u001b]0;PWNED\u0007\u001b[2J\u001b[31mX'
const FAKE_KEY = '\u001b[32mfake OK line\u001b[0m'
/** Any control character but the line feed that separates lines of output. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

const escapedFile = [
  line({}, { consumerAccountNumber: ESCAPES }),
  line({ [FAKE_KEY]: 1, meta: { '\u009bmerchant': 'ACME' } }, { consumerAccountNumber: 'E-2' }),
].join('\n')

describe('JSON Lines text shown to operators', () => {
  it('keeps the account of a refused line and unknown property names with their control characters escaped', async () => {
    const [first, second] = await events(escapedFile + '\n')
    assert.equal(
      first?.kind === 'unreadable' && first.account,
      '\\u001b]0;PWNED\\u0007\\u001b[2J\\u001b[31mX',
    )
    assert.deepEqual(
      second?.issues?.map((i) => [i.rule, i.field, i.message]),
      [
        [
          'jsonl.unknown_property',
          '\\u001b[32mfake OK line\\u001b[0m',
          'unknown property "\\u001b[32mfake OK line\\u001b[0m"',
        ],
        [
          'jsonl.not_credit_data',
          'meta.\\u009bmerchant',
          '"meta.\\u009bmerchant" is not credit data: OpenBureau holds accounts, balances and repayment, never merchants, items, baskets, locations or contacts',
        ],
      ],
    )
  })

  it('says where a line is not JSON and what is wrong, quoting none of it', async () => {
    const messages = async (bad: string) =>
      (await events(`${line()}\n${bad}\n`))[1]?.issues?.map((i) => i.message)
    assert.deepEqual(await messages("'123-45-6789'"), ['line 2 is not JSON: an unexpected character'])
    assert.deepEqual(await messages('123-45-6789'), [
      'line 2 is not JSON: unexpected non-whitespace character after JSON at column 4',
    ])
    assert.deepEqual(await messages('{"base": {"ssn": "123-45-6789" 1}}'), [
      "line 2 is not JSON: expected ',' or '}' after property value at column 32",
    ])
    assert.deepEqual(await messages('{"ssn": "123-45-6789'), [
      'line 2 is not JSON: unterminated string at column 21',
    ])
    assert.deepEqual(await messages('{"ssn": '), ['line 2 is not JSON: it ends inside a JSON value'])
  })
})

describe('JSON Lines lone surrogates', () => {
  const LONE =
    'base.consumerAccountNumber: holds a lone surrogate escape (such as \\ud800), which is no character'

  it('refuses "LS-\\ud800" and "LS-\\udc00" by field name, instead of merging them as one U+FFFD account', async () => {
    const evs = await events(
      [
        line({}, { consumerAccountNumber: 'LS-\ud800' }),
        line({}, { consumerAccountNumber: 'LS-\udc00' }),
      ].join('\n'),
    )
    assert.deepEqual(
      evs.map((e) =>
        e.kind === 'unreadable' ? [e.account, e.issues.map((i) => `${i.rule} ${i.message}`)] : e.kind,
      ),
      [['LS-\\ud800', [`jsonl.schema ${LONE}`]], ['LS-\\udc00', [`jsonl.schema ${LONE}`]], 'end'],
    )
    const [astral] = await events(
      line({}, { surname: '王\u{20000}', consumerAccountNumber: 'A-\u{1F4B3}' }) + '\n',
    )
    assert.equal(astral?.kind, 'record', 'a pair of surrogates is one character, taken')
  })
})

describe('JSON Lines escapes through ingestion', () => {
  let t: IngestTestbed
  before(async () => {
    t = await openIngestTestbed('2024-05-10T00:00:00Z', ['PAYPLAT01'])
  })
  after(() => t.db.dispose())

  it('prints and stores no control character of the file, for `openbureau ingest` and `openbureau batch`', async () => {
    const r = (await t.furnishing.ingest.ingest({
      source: text(escapedFile + '\n'),
      furnisher: 'first-bank',
    })) as Extract<IngestResult, { status: 'applied' }>
    assert.deepEqual([r.status, r.counts.rejected], ['applied', 2])
    const printed = renderIngestResult(r)
    assert.doesNotMatch(printed, CONTROL)
    assert.match(printed, /\\u001b\]0;PWNED\\u0007/)
    const stored = await t.furnishing.batches.issues(r.batchId, { limit: 100, afterSeq: 0 })
    assert.equal(stored.length, 3)
    for (const i of stored)
      for (const s of [i.account, i.field, i.message]) assert.doesNotMatch(s ?? '', CONTROL)
  })
})
